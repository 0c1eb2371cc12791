/** Expansion signal (0–1) and the risk × expansion quadrant. */
import type { ScoringConfig } from '../config/sections/scoring';
import type { SignalFeature } from './features';
import type { Metrics } from './metrics';
import type { Quadrant } from './types';

/** Each indicator adds its share; they sum to 1. */
export const EXPANSION_SHARES = {
  seatUse: 0.3,
  featureAdoption: 0.2,
  risingUsage: 0.2,
  featureLimitHit: 0.15,
  expansionOpportunity: 0.15,
} as const;

export function expansionSignal(m: Metrics, signals: SignalFeature[], config: ScoringConfig): number {
  const t = config.expansion;
  let e = 0;
  if (m.seatUse != null && m.seatUse * 100 >= t.seatUsePct) e += EXPANSION_SHARES.seatUse;
  if (m.adoption != null && m.adoption * 100 >= t.featureAdoptionPct) e += EXPANSION_SHARES.featureAdoption;
  if (m.loginChangePct != null && m.loginChangePct >= t.risingUsagePct) e += EXPANSION_SHARES.risingUsage;
  if (signals.some((s) => s.kind === 'feature_limit_hit')) e += EXPANSION_SHARES.featureLimitHit;
  if (signals.some((s) => s.kind === 'expansion_opportunity')) e += EXPANSION_SHARES.expansionOpportunity;
  return Math.round(Math.min(1, e) * 100) / 100;
}

/** risk = 1 − score/100 (design: quadrants). */
export function quadrantFor(score: number, expansion: number): Quadrant {
  const risk = 1 - score / 100;
  if (risk >= 0.5 && expansion >= 0.5) return 'Flight Risk';
  if (risk < 0.25 && expansion >= 0.5) return 'Growth Engine';
  if (risk >= 0.5 && expansion < 0.25) return 'Churn Candidate';
  return 'Stable Base';
}
