/**
 * The weekly digests' view models: the leadership digest (portfolio metrics, intervention estimate), the CSM
 * digest (one person's book) and the monthly cohort block. src/metrics and src/cohorts compute shapes that
 * fit these types as they are; these name only what the digests show.
 */
import type { AlertStatus, DeltaView, DriverView, Tier } from './common';

/** An account line in a list: who owns it, its health, renewal and top drivers. */
export interface AccountLineView {
  name: string;
  arr: number;
  score: number | null;
  tier: Tier | null;
  ownerSlackId: string | null;
  ownerEmail: string | null;
  renewalDate: string | null;
  renewalStatus: string;
  drivers: DriverView[];
}

/** A score move over 7 days. */
export interface MoverView {
  name: string;
  from: number;
  to: number;
  change: number;
  arr: number;
}

export interface TierCountView {
  tier: Tier;
  count: number;
  arr: number;
}

/** Retention over a period: what left, shrank and grew (expansion split by kind). */
export interface RetentionView {
  startingAccounts: number;
  churnedAccounts: number;
  churnedArr: number;
  contractionArr: number;
  expansionArr: number;
  expansion: { seat: number; upgrade: number; cross_sell: number; unspecified: number };
}

/** The headline figures the leadership digest shows, each with its week-over-week change. */
export type HeadlineFigure =
  | 'totalArr'
  | 'customers'
  | 'grrTtm'
  | 'nrrTtm'
  | 'grrPeriod'
  | 'nrrPeriod'
  | 'logoChurnTtm'
  | 'logoChurnPeriod'
  | 'churnedArrPeriod'
  | 'contractionArrPeriod'
  | 'expansionArrPeriod'
  | 'atRiskArr'
  | 'atRiskShare'
  | 'averageHealth'
  | 'accountsScored'
  | 'renewals90Count'
  | 'renewals90Arr'
  | 'renewals90AtRiskArr'
  | 'bigDrops'
  | 'slaCompliance'
  | 'outreachLogged'
  | 'failedDeliveries';

export interface LeadershipMetricsView {
  asOf: string;
  previousAsOf: string;
  periodDays: number;
  headline: Record<HeadlineFigure, DeltaView>;
  retentionTtm: RetentionView;
  retentionPeriod: RetentionView;
  tiers: Array<TierCountView & { previousCount: number }>;
  atRiskBySegment: Array<{ segment: string; accounts: number; totalArr: number; atRiskArr: number; atRiskAccounts: number; share: number | null }>;
  /** at-risk ARR per plan tier (rows) × industry (columns) */
  riskMatrix: { industries: string[]; rows: Array<{ segment: string; cells: number[]; total: number }> };
  /** every at-risk customer, largest ARR first */
  atRisk: AccountLineView[];
  /** renewals in the next 90 days, soonest first */
  renewals90: Array<AccountLineView & { atRisk: boolean }>;
  movers: { drops: MoverView[]; gains: MoverView[] };
  sla: { eligible: number; met: number };
}

/** Work the top N accounts by expected ARR at risk: what it costs and what each effectiveness would save. */
export interface InterventionRowView {
  topN: number;
  accounts: number;
  arr: number;
  expectedArrAtRisk: number;
  cost: number;
  scenarios: Array<{ effectiveness: number; recoverableArr: number; roi: number | null }>;
}

/** An open alert in a CSM's digest, with its SLA state and overdue playbook steps. */
export interface OpenAlertLineView {
  accountName: string;
  title: string;
  severity: string;
  status: AlertStatus | string;
  slaDueAt: string | null;
  slaState: 'acknowledged' | 'overdue' | 'due' | 'none';
  /** null when the alert's playbook is unknown */
  overdueSteps: Array<{ title: string }> | null;
  stepsDone: number;
  stepsTotal: number | null;
  /** the group's other live reasons (titles), most severe first */
  otherReasons?: string[];
}

/** One CSM's book for the week. */
export interface CsmBookView {
  member: { name: string };
  asOf: string;
  accounts: number;
  totalArr: number;
  atRiskArr: number;
  atRiskPrevious: number;
  tiers: TierCountView[];
  unscored: number;
  movers: { drops: MoverView[]; gains: MoverView[] };
  openAlerts: OpenAlertLineView[];
  renewals: Array<AccountLineView & { atRisk: boolean }>;
  /** accounts with no logged outreach in `noTouchDays` */
  noTouch: Array<{ name: string; arr: number; lastTouch: string | null }>;
  noTouchDays: number;
  /** accounts with any outreach ever logged (0: "no touch" would list the whole book) */
  touchedEver: number;
  renewalDays: number;
  /** playbooks were available to judge overdue steps */
  playbooksKnown: boolean;
}

/** A cohort triangle's per-split curves (retention per month since start; null where the base is 0). */
export interface CohortTriangleView {
  curves: Array<{ key: string; size: number; retention: Array<number | null> }>;
}

/** Time to first value per split. */
export interface TtvView {
  key: string;
  observed: number;
  activated: number;
  medianDays: number | null;
}

export interface DriverRankView {
  label: string;
  churns: number;
  lostArr: number;
}

/** Churn over the last 12 months by stated reason and by the score's top driver before churn. */
export interface ChurnDriversView {
  from: string;
  to: string;
  churns: number;
  lostArr: number;
  byReason: DriverRankView[];
  byScoreDriver: DriverRankView[];
}
