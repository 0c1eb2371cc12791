/**
 * Shapes of a health score as the scorer computes it and readers see it (stored as numbers: see
 * score-codec.ts). Shared by the scorer and by the card, alerts and digests.
 */
import type { ComponentId, Quadrant, Tier } from '../domain/tier';

export { COMPONENTS, type ComponentId, QUADRANTS, type Quadrant, TIERS, type Tier } from '../domain/tier';
export { AT_RISK_TIERS } from '../domain/risk';

export interface ComponentResult {
  /** 0–100, or null when there is no data for it (its weight is then re-distributed). */
  score: number | null;
  /** configured weight, 0–40 */
  weight: number;
  /** effective weight after re-weighting for missing data, 0–100 */
  effectiveWeight: number;
  /** points this component adds to the final score (contributions sum to the score) */
  contribution: number;
  /** the sub-scores behind it (0–100 each, weight within the component), for "why" on the card */
  parts?: Record<string, { score: number; weight: number }>;
  /** points taken off this component's 0–100 score by live signals (champion departed …) */
  penalty?: number;
}
export type Components = Record<ComponentId, ComponentResult>;

export type DriverSeverity = 'warning' | 'high' | 'critical';

export interface Driver {
  id: string; // low_events, usage_decline, inactive, support_overload, detractor, onboarding_at_risk, renewal_at_risk, seat_underuse, champion_departed, …
  severity: DriverSeverity;
  /** plain language with the numbers, e.g. "logins down 42% vs previous 30 days" */
  reason: string;
  /** recommended action */
  action: string;
  /** score points this driver costs (drivers are ranked by it) */
  points: number;
}

/** One account's score as of a date (a stored row keeps all but sub-scores, penalties, name and ARR). */
export interface ScoredAccount {
  accountId: string;
  name: string;
  asOf: string;
  /** 0–100, integer */
  score: number;
  tier: Tier;
  components: Components;
  /** ranked by points, most costly first */
  drivers: Driver[];
  /** 0–1: share of configured weight backed by data */
  coverage: number;
  /** 0–1 */
  expansion: number;
  quadrant: Quadrant;
  onboarding: boolean;
  /** ARR as of the date (current ARR minus later revenue changes) */
  arr: number;
}
