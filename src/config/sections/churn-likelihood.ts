import { z } from 'zod';
import { TIERS } from '../../scoring/types';

const rate = z.number().min(0).max(1);

/**
 * Churn likelihood per health tier (share of accounts that churn within 90 days) to use until a backtest of the
 * live scoring config exists. Starting points, not measurements: replace them by running `bellwether backtest`.
 */
export const churnLikelihoodSection = z.object({
  defaults: z
    .object({
      Thriving: rate.default(0.02),
      Healthy: rate.default(0.04),
      Neutral: rate.default(0.08),
      'At-Risk': rate.default(0.2),
      Critical: rate.default(0.35),
    })
    .strict()
    .prefault({})
    // A worse tier never churns less: a table that says so is a typo.
    .refine(
      (t) => TIERS.every((tier, i) => i === 0 || t[tier] >= t[TIERS[i - 1]]),
      `must not decrease from ${TIERS.join(' to ')} (a worse tier never churns less)`,
    ),
});
export type ChurnLikelihoodConfig = z.infer<typeof churnLikelihoodSection>;
