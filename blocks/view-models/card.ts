/** The account card's view model: everything the card shows (src/accounts/card-view.ts loads it). */
import type { AlertSeverity, AlertStatus, BacktestView, ComponentId, DriverView, OutreachType, Quadrant, RenewalStatus, Tier } from './common';

export interface UsageWeek {
  /** first day of the 7-day bucket */
  start: string;
  activeUsers: number; // peak daily active users that week
  /** false when the usage source has no active-user column (stored NULL): activeUsers then means nothing */
  activeUsersKnown?: boolean;
  keyEvents: number; // sum
  logins: number; // sum
  days: number; // days with data
}

/** One score component as the card's "points by component" line reads it. */
export interface ComponentView {
  /** 0–100, or null when there is no data for it */
  score: number | null;
  /** effective weight after re-weighting for missing data, 0–100 */
  effectiveWeight: number;
  /** points this component adds to the final score */
  contribution: number;
}

export interface CardAlert {
  id: number;
  rule: string;
  severity: AlertSeverity;
  status: AlertStatus;
  title: string;
  openedAt: string;
  slaDueAt: string | null;
  snoozedUntil: string | null;
  acknowledgedBy: string | null;
  playbookId: string | null;
  stepsDone: number;
  /** null when the playbook's step count is unknown to the reader */
  stepsTotal: number | null;
  /** an opportunity (expansion) rather than a risk */
  positive: boolean;
  /** the group's other reasons (titles, most severe first) */
  otherReasons?: string[];
}

export interface AccountCardView {
  today: string;
  account: {
    id: string;
    name: string;
    segment: string | null;
    industry: string | null;
    arr: number;
    renewalDate: string | null;
    renewalStatus: RenewalStatus;
    lifecycle: string;
    seatsLicensed: number | null;
    ownerSlackId: string | null;
    ownerEmail: string | null;
    ownerName: string | null;
  };
  score: {
    value: number;
    tier: Tier;
    asOf: string;
    coverage: number;
    quadrant: Quadrant;
    expansion: number;
    onboarding: boolean;
    drivers: DriverView[];
    components: Record<ComponentId, ComponentView>;
  } | null;
  /** score change vs the latest score at least 7 / 30 days older; null without history */
  trend: { d7: number | null; d30: number | null };
  /** 13 weekly buckets ending today, oldest first (90 days) */
  usage: UsageWeek[];
  tickets: { open: number; highOpen: number; escalatedOpen: number };
  lastTouch: { type: OutreachType; occurredAt: string; loggedBy: string; outcome: string | null; nextStepOn: string | null } | null;
  daysToRenewal: number | null;
  /** the latest backtest with the live scoring config, for the tier's historical churn rate; null when none */
  validation?: BacktestView | null;
  /** expansion ARR booked in the last 90 days and open expansion signals */
  expansion: { bookedArr90d: number; openSignals: number };
  openAlert: CardAlert | null;
  /** stale data sources at the card's date, in plain words ("usage data last updated 695 days ago …") */
  staleData?: string[];
}
