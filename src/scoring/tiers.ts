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

/** Recommended action by tier (design: Default health model). */
export const TIER_ACTIONS: Record<Tier, string> = {
  Critical: 'Escalate today; hold an executive business review within 7 days.',
  'At-Risk': 'Reach out within 48 hours.',
  Neutral: 'Watch list: review at the next weekly meeting.',
  Healthy: 'Keep the cadence; look for advocacy and expansion.',
  Thriving: 'Ask for a reference or case study; explore expansion.',
};
