/**
 * Health tiers, score components and quadrants: the names every surface shows, and the design's recommended
 * action per tier (design: Default health model). The scorer decides which tier a score falls in.
 */
export const TIERS = ['Thriving', 'Healthy', 'Neutral', 'At-Risk', 'Critical'] as const;
export type Tier = (typeof TIERS)[number];

export const COMPONENTS = ['usage', 'engagement', 'support', 'financial'] as const;
export type ComponentId = (typeof COMPONENTS)[number];

export const QUADRANTS = ['Flight Risk', 'Growth Engine', 'Churn Candidate', 'Stable Base'] as const;
export type Quadrant = (typeof QUADRANTS)[number];

/** Recommended action by tier. */
export const TIER_ACTIONS: Record<Tier, string> = {
  Critical: 'Escalate today; hold an executive business review within 7 days.',
  'At-Risk': 'Reach out within 48 hours.',
  Neutral: 'Watch list: review at the next weekly meeting.',
  Healthy: 'Keep the cadence; look for advocacy and expansion.',
  Thriving: 'Ask for a reference or case study; explore expansion.',
};
