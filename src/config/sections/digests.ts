import { z } from 'zod';

export const digestsSection = z.object({
  /** cron expression, evaluated in `timezone` (default Monday 09:00) */
  schedule: z.string().default('0 9 * * 1'),
  leadershipChannel: z.string().default('#cs-leadership'),
  csmDigests: z.boolean().default(true),
  interventionCost: z.number().min(0).default(600),
  effectiveness: z.array(z.number().min(0).max(1)).default([0.1, 0.15, 0.2]),
  topN: z.array(z.number().int().min(1)).default([10, 25, 50]),
  charts: z.boolean().default(true),
});
export type DigestsConfig = z.infer<typeof digestsSection>;
