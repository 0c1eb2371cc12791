import { z } from 'zod';
import { SHARED_CARD_DEFAULTS, type SharedCardFields } from '../../domain/shared-card';

/** What a card shared into a channel shows (field meanings and defaults: src/domain/shared-card.ts). */
const d = SHARED_CARD_DEFAULTS;
export const sharedCardFields = z
  .object({
    arr: z.boolean().default(d.arr),
    contacts: z.boolean().default(d.contacts),
    quadrant: z.boolean().default(d.quadrant),
    drivers: z.boolean().default(d.drivers),
    renewal: z.boolean().default(d.renewal),
    usage: z.boolean().default(d.usage),
    support: z.boolean().default(d.support),
    alert: z.boolean().default(d.alert),
  })
  .strict() satisfies z.ZodType<SharedCardFields>;
export type { SharedCardFields };

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
