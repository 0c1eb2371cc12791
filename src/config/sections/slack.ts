import { z } from 'zod';

export const slackSection = z.object({
  /** Slack user ids who may act on any account. */
  admins: z.array(z.string()).default([]),
  /** Accept commands from Slack guests (restricted users). Off by default. */
  allowGuests: z.boolean().default(false),
});
export type SlackConfig = z.infer<typeof slackSection>;
