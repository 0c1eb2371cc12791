import { z } from 'zod';

/** The cohort layer (`bellwether cohorts`, the monthly cohort block in the leadership digest). */
export const cohortsSection = z.object({
  /** time to first value: the first day with at least this many key events (usage_daily.key_events) */
  firstValueKeyEvents: z.number().int().min(1).default(10),
  /** activated = first value within this many days of signup (the onboarding split) */
  activationDays: z.number().int().min(1).default(30),
  /** months since start shown in the triangle and the digest chart */
  months: z.number().int().min(1).max(60).default(12),
  /** add the cohort block and retention-curves PNG to the leadership digest of each month's first Monday */
  inDigest: z.boolean().default(true),
});
export type CohortsConfig = z.infer<typeof cohortsSection>;
