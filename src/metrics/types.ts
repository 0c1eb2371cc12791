/** Shapes returned by computeMetrics / computeBook. Plain JSON: digests, CLI and tests read them. */
import type { Driver, Tier } from '../scoring/types';
import type { Mover } from './health';
import type { SlaCompliance } from './operations';
import type { Retention } from './retention';

/** A value this week, the same value a week earlier, and the change (ratios change in ratio units). */
export interface Delta {
  value: number | null;
  previous: number | null;
  change: number | null;
}

export interface TierBucket {
  tier: Tier;
  count: number;
  arr: number;
}

export interface AccountLine {
  accountId: string;
  name: string;
  arr: number;
  score: number | null;
  tier: Tier | null;
  ownerSlackId: string | null;
  ownerEmail: string | null;
  segment: string | null;
  renewalDate: string | null;
  renewalStatus: string;
  /** top two drivers of the latest score */
  drivers: Driver[];
}

export interface SegmentRisk {
  segment: string;
  accounts: number;
  totalArr: number;
  atRiskArr: number;
  atRiskAccounts: number;
  share: number | null;
}

/** Where risk concentrates: at-risk ARR per plan tier (rows) × industry (columns, the largest few plus Other). */
export interface RiskMatrix {
  industries: string[];
  rows: Array<{ segment: string; cells: number[]; total: number }>;
}

export interface TrendPoint {
  month: string; // YYYY-MM
  grr: number | null;
  nrr: number | null;
}

export interface Headline {
  totalArr: Delta;
  customers: Delta;
  grrTtm: Delta;
  nrrTtm: Delta;
  grrPeriod: Delta;
  nrrPeriod: Delta;
  logoChurnTtm: Delta;
  logoChurnPeriod: Delta;
  churnedArrPeriod: Delta;
  contractionArrPeriod: Delta;
  expansionArrPeriod: Delta;
  churnedArrTtm: Delta;
  contractionArrTtm: Delta;
  expansionArrTtm: Delta;
  atRiskArr: Delta;
  atRiskShare: Delta;
  averageHealth: Delta;
  accountsScored: Delta;
  renewals90Count: Delta;
  renewals90Arr: Delta;
  renewals90AtRiskArr: Delta;
  /** accounts whose score fell by 10+ points over 7 days */
  bigDrops: Delta;
  slaCompliance: Delta;
  outreachLogged: Delta;
  failedDeliveries: Delta;
}

export interface PortfolioMetrics {
  asOf: string;
  previousAsOf: string;
  periodDays: number;
  headline: Headline;
  retentionTtm: Retention;
  retentionPeriod: Retention;
  previousRetentionTtm: Retention;
  previousRetentionPeriod: Retention;
  tiers: Array<TierBucket & { previousCount: number; previousArr: number }>;
  atRiskBySegment: SegmentRisk[];
  riskMatrix: RiskMatrix;
  /** every at-risk (At-Risk or Critical) customer, largest ARR first */
  atRisk: AccountLine[];
  /** every live customer with a score: its ARR and health tier (expected ARR at risk, intervention estimate) */
  scored: Array<{ accountId: string; arr: number; tier: Tier }>;
  /** renewals in the next 90 days, soonest first */
  renewals90: Array<AccountLine & { atRisk: boolean }>;
  movers: { drops: Mover[]; gains: Mover[] };
  sla: SlaCompliance;
  trend: TrendPoint[];
}
