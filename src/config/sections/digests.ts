import cron from 'node-cron';
import { z } from 'zod';

export const digestsSection = z.object({
  /** cron expression, evaluated in `timezone` (default Monday 09:00) */
  schedule: z
    .string()
    .default('0 9 * * 1')
    .refine((s) => cron.validate(s), 'must be a cron expression such as "0 9 * * 1" (minute hour day month weekday)'),
  leadershipChannel: z.string().min(1).default('#cs-leadership'),
  csmDigests: z.boolean().default(true),
  /** intervention estimate: cost of working one account (design: 2 CSM hours × $300) */
  interventionCost: z.number().min(0).default(600),
  /** share of an account's expected churned ARR that working it saves (one scenario each) */
  effectiveness: z.array(z.number().min(0).max(1)).min(1).max(5).default([0.1, 0.15, 0.2]),
  topN: z.array(z.number().int().min(1)).min(1).max(5).default([10, 25, 50]),
  charts: z.boolean().default(true),
  leadership: z
    .object({
      /** owners as Slack mentions (<@U…>) in the leadership channel; default plain names, so nobody is pinged */
      mentionOwners: z.boolean().default(false),
      /** biggest movers: smaller weekly score changes are noise and left out */
      moverMinPoints: z.number().min(0).max(100).default(5),
    })
    .strict()
    .prefault({}),
  /** CSM digest: renewals window and "no touch" threshold, in days */
  csmRenewalDays: z.number().int().min(1).default(60),
  noTouchDays: z.number().int().min(1).default(30),
});
export type DigestsConfig = z.infer<typeof digestsSection>;
