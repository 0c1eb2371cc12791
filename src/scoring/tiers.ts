/** Tier from score, and the design's recommended action per tier. */
import type { ScoringConfig } from '../config/sections/scoring';
import type { Tier } from './types';

export function tierFor(score: number, t: ScoringConfig['tiers']): Tier {
  if (score >= t.thriving) return 'Thriving';
  if (score >= t.healthy) return 'Healthy';
  if (score >= t.neutral) return 'Neutral';
  if (score >= t.atRisk) return 'At-Risk';
  return 'Critical';
}

export { TIER_ACTIONS } from '../domain/tier';
