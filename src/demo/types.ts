/** Shapes shared by the demo generator's modules: the per-account plan and the rows written to SQLite. */
import type { Lifecycle, RenewalStatus, RevenueKind, SignalKind, TeamRole, TicketPriority } from '../../db/schema';
import type { Story } from './story';
import type { Segment } from './vocab';

/** Intended health band: decides usage shape, tickets, NPS and signals so the data tells one consistent story. */
export const BANDS = ['thriving', 'healthy', 'neutral', 'at_risk', 'critical', 'churned'] as const;
export type Band = (typeof BANDS)[number];

/** Usage shape over the window. */
export const PATTERNS = ['healthy', 'growing', 'declining', 'sharp_drop', 'dormant', 'onboarding', 'churned'] as const;
export type Pattern = (typeof PATTERNS)[number];

/** Features in the (fictional) product: features_used per day is out of this many. */
export const FEATURE_CATALOG_SIZE = 20;

export interface UsageShape {
  /** share of licensed seats active on a normal weekday at level 1 */
  util: number;
  loginsPerUser: number;
  eventsPerUser: number;
  /** distinct features used on a normal weekday at level 1 (≤ FEATURE_CATALOG_SIZE) */
  featureBreadth: number;
  /** integrations connected (onboarding accounts ramp up to it) */
  integrations: number;
  /** weekend activity relative to weekdays */
  weekendFactor: number;
  /** pattern magnitude: growth (growing), total drop (declining), level after the cliff (sharp_drop), end level (onboarding) */
  magnitude: number;
  /** days ago the change started: decline start, cliff, last login (dormant), ramp length (onboarding) */
  changeAgo: number;
}

export interface ForcedSignal {
  kind: SignalKind;
  daysAgo: number;
  detail: string;
  source: string;
}

export interface AccountPlan {
  index: number;
  id: string;
  name: string;
  segment: Segment;
  industry: string;
  country: string;
  ownerEmail: string;
  ownerSlackId: string;
  /** current ARR (0 once churned) */
  arr: number;
  /** ARR before the churn (equals arr for live accounts) */
  peakArr: number;
  seats: number;
  signupDate: string;
  contractStart: string;
  renewalDate: string;
  renewalStatus: RenewalStatus;
  lifecycle: Lifecycle;
  band: Band;
  pattern: Pattern;
  usage: UsageShape;
  /** churned accounts: the day the subscription ended, and how many days before today that was */
  churnedOn?: string;
  churnAge?: number;
  /** churned accounts that cancelled mid-term (churnedOn before renewalDate) rather than at the renewal */
  midTermChurn?: boolean;
  /** the account's story over the history: drift, a churner's warning signs, a false-alarm dip */
  story?: Story;
  /** live accounts that churned once and came back */
  reactivation?: { churnedOn: string; reactivatedOn: string; arrBefore: number };
  /** ≥ 2 open high-priority tickets */
  supportOverload: boolean;
  /** earlier NPS high, latest much lower */
  npsDrop: boolean;
  /** featured accounts (acme-corp, globex) carry their own signals instead of random ones */
  forcedSignals?: ForcedSignal[];
}

export interface TeamMemberRow {
  email: string;
  name: string;
  slackId: string;
  role: TeamRole;
  managerEmail: string | null;
  timezone: string;
  updatedAt: string;
}

export interface UsageRow {
  accountId: string;
  day: string;
  activeUsers: number;
  logins: number;
  keyEvents: number;
  featuresUsed: number;
  integrations: number;
}

export interface TicketRow {
  id: string;
  accountId: string;
  openedAt: string;
  closedAt: string | null;
  priority: TicketPriority;
  csat: number | null;
  escalated: 0 | 1;
  subject: string;
}

export interface NpsRow {
  id: string;
  accountId: string;
  respondedAt: string;
  score: number;
  comment: string | null;
}

export interface RevenueRow {
  id: string;
  accountId: string;
  occurredOn: string;
  kind: RevenueKind;
  arrDelta: number;
  expansionType: 'seat' | 'upgrade' | 'cross_sell' | null;
  note: string | null;
}

export interface SignalRow {
  id: string;
  accountId: string;
  kind: SignalKind;
  occurredAt: string;
  detail: string;
  source: string;
  resolvedAt: string | null;
}
