import { z } from 'zod';

const weight = z.number().min(0).max(40, 'no component may exceed 40');

export const componentWeights = z
  .object({
    usage: weight.default(35),
    engagement: weight.default(25),
    support: weight.default(20),
    financial: weight.default(20),
  })
  .refine((w) => Math.abs(w.usage + w.engagement + w.support + w.financial - 100) < 1e-9, {
    message: 'weights must sum to 100',
  });
export type ComponentWeights = z.infer<typeof componentWeights>;

export const tierThresholds = z
  .object({
    thriving: z.number().min(0).max(100).default(85),
    healthy: z.number().min(0).max(100).default(70),
    neutral: z.number().min(0).max(100).default(50),
    atRisk: z.number().min(0).max(100).default(30),
  })
  .refine((t) => t.thriving > t.healthy && t.healthy > t.neutral && t.neutral > t.atRisk, {
    message: 'tier thresholds must be strictly decreasing: thriving > healthy > neutral > atRisk',
  });

/** Driver thresholds (design: Default health model). Every number configurable. */
export const driverThresholds = z.object({
  lowEvents30d: z.number().min(0).default(5),
  usageDeclinePct: z.number().min(0).max(100).default(30),
  usageDeclineCriticalPct: z.number().min(0).max(100).default(50),
  inactiveDays: z.number().int().min(1).default(14),
  inactiveHighDays: z.number().int().min(1).default(30),
  supportOverloadHighTickets: z.number().int().min(1).default(2),
  detractorNps: z.number().min(0).max(10).default(6),
  npsDropPoints: z.number().min(0).max(10).default(3),
  onboardingDays: z.number().int().min(1).default(90),
  onboardingRiskDays: z.number().int().min(1).default(60),
  onboardingMinIntegrations: z.number().int().min(0).default(3),
  renewalWindowDays: z.number().int().min(1).default(90),
  renewalRiskScore: z.number().min(0).max(100).default(50),
  seatUnderusePct: z.number().min(0).max(100).default(50),
});

/** Points a live (unresolved, recent) signal takes off its component score (0–100 scale). */
export const signalPenalties = z.object({
  champion_departed: z.number().min(0).max(100).default(25),
  competitor_mentioned: z.number().min(0).max(100).default(15),
  payment_failed: z.number().min(0).max(100).default(30),
  cancellation_requested: z.number().min(0).max(100).default(60),
});

/**
 * Sub-score weights inside each component, overriding the built-in ones part by part (relative weights: each
 * component re-normalises over the sub-scores that have data). `bellwether calibrate` proposes these.
 */
const partWeight = z.number().min(0).max(1);
const parts = <K extends string>(keys: readonly K[]) =>
  z
    .object(Object.fromEntries(keys.map((k) => [k, partWeight.optional()])) as Record<K, z.ZodOptional<typeof partWeight>>)
    .strict()
    .optional();
export const partWeightOverrides = z.object({
  usage: parts(['activity', 'keyEvents', 'trend'] as const),
  engagement: parts(['recency', 'seatUse', 'adoption', 'integrations', 'nps'] as const),
  support: parts(['openLoad', 'oldestOpen', 'volume', 'csat'] as const),
  financial: parts(['arrTrend', 'renewal'] as const),
});

/** What counts as room to grow (design: Expansion signal). */
export const expansionThresholds = z.object({
  seatUsePct: z.number().min(0).max(100).default(85),
  featureAdoptionPct: z.number().min(0).max(100).default(80),
  risingUsagePct: z.number().min(0).default(10),
});

/**
 * Staleness tolerance per data source, in days: a source whose latest row is older than this at the as-of
 * date counts as missing for coverage and is called out on the card, in `score` output and in digests.
 * Defaults follow how often each source normally moves: usage daily, tickets and signals weekly-ish,
 * revenue and NPS surveys quarterly to yearly.
 */
export const freshnessTolerance = z.object({
  usage: z.number().int().min(0).default(2),
  snapshot: z.number().int().min(0).default(35),
  tickets: z.number().int().min(0).default(30),
  nps: z.number().int().min(0).default(200),
  revenue: z.number().int().min(0).default(180),
  signals: z.number().int().min(0).default(60),
});

/**
 * How long score history is kept at full (daily) resolution. Older rows are thinned by the daily job to one per
 * account per ISO week and per calendar month (the latest of each), or deleted when weeklyAfter is false.
 * Trends need 60 days back (the 30-day trend's window), so fewer daily days are refused.
 */
export const MIN_DAILY_DAYS = 60;
export const scoreRetention = z
  .object({
    dailyDays: z
      .number({ error: 'must be a whole number of days' })
      .int('must be a whole number of days')
      .min(MIN_DAILY_DAYS, `must be at least ${MIN_DAILY_DAYS}: the 30-day trend compares with scores up to 60 days back`)
      .default(120),
    weeklyAfter: z.boolean({ error: 'must be true or false' }).default(true),
  })
  .strict();
export type ScoreRetention = z.infer<typeof scoreRetention>;

export const scoringSection = z.object({
  /** cron expression, evaluated in `timezone` */
  schedule: z.string().default('0 6 * * *'),
  weights: componentWeights.prefault({}),
  tiers: tierThresholds.prefault({}),
  drivers: driverThresholds.prefault({}),
  /** Per-segment (plan tier) weight overrides, e.g. Enterprise weights engagement higher. */
  segments: z.record(z.string(), z.object({ weights: componentWeights })).default({}),
  /** Sub-score weight overrides per component (see partWeightOverrides); empty = the built-in weights. */
  partWeights: partWeightOverrides.prefault({}),
  /** Features the product offers: feature adoption = features used in the last 30 days / this. */
  featureCount: z.number().int().min(1).default(20),
  /** Signals count while unresolved and no older than this many days. */
  signalWindowDays: z.number().int().min(1).default(90),
  signalPenalties: signalPenalties.prefault({}),
  expansion: expansionThresholds.prefault({}),
  staleAfterDays: freshnessTolerance.prefault({}),
  /** score history kept daily, then weekly (not part of how scores are computed: left out of the fingerprint) */
  retention: scoreRetention.prefault({}),
});
export type ScoringConfig = z.infer<typeof scoringSection>;
