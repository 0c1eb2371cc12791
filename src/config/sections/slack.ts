import { z } from 'zod';

/** What a card shared into a channel shows; the rest of the card stays in the private copy. */
export const sharedCardFields = z
  .object({
    /** ARR, booked expansion and every other money figure */
    arr: z.boolean().default(false),
    /** people's names: the owner, who acknowledged, and the last touch's outcome and next step (free text) */
    contacts: z.boolean().default(false),
    /** the health × expansion quadrant ("Churn Candidate", …) */
    quadrant: z.boolean().default(false),
    drivers: z.boolean().default(true),
    renewal: z.boolean().default(true),
    usage: z.boolean().default(true),
    support: z.boolean().default(true),
    alert: z.boolean().default(true),
  })
  .strict();
export type SharedCardFields = z.infer<typeof sharedCardFields>;

export const slackSection = z.object({
  /** Slack user ids who may act on any account. */
  admins: z.array(z.string()).default([]),
  /** Accept commands from Slack guests (restricted users). Off by default. */
  allowGuests: z.boolean().default(false),
  /** Fields of a card shared with "Share in channel". */
  sharedCard: sharedCardFields.prefault({}),
  /**
   * Externally shared (Slack Connect) conversations the bot may share cards into and the config may name
   * (channel ids, or #names for configured channels). Every other externally shared channel is refused.
   */
  allowExternalChannels: z.array(z.string().min(1)).default([]),
  /** How long a channel's "externally shared?" answer from conversations.info is trusted, in minutes. */
  externalCheckCacheMinutes: z.number().int().min(0).max(1440).default(10),
});
export type SlackConfig = z.infer<typeof slackSection>;
