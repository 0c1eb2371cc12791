import { z } from 'zod';

export const deliverySection = z.object({
  /** Minimum gap between two messages to the same channel (Slack asks for about one per second). */
  perChannelIntervalMs: z.number().int().min(0).default(1000),
  maxAttempts: z.number().int().min(1).default(8),
  backoffBaseMs: z.number().int().min(1).default(1000),
  backoffMaxMs: z
    .number()
    .int()
    .min(1)
    .default(15 * 60 * 1000),
  /**
   * A row left in 'sending' longer than this by another worker is presumed orphaned (crash): its outcome is
   * checked in Slack before it is sent again. Must exceed the slowest plausible Slack call.
   */
  staleClaimMs: z
    .number()
    .int()
    .min(0)
    .default(2 * 60 * 1000),
  /** Channels sent to in parallel (each channel stays sequential and paced). */
  maxConcurrentChannels: z.number().int().min(1).default(50),
  /**
   * Calls to one channel that may be awaiting Slack's answer at once. 1 keeps strict per-channel order; more lets a
   * slow response not hold back the next paced send (pacing still governs the send rate).
   */
  maxInFlightPerChannel: z.number().int().min(1).max(10).default(1),
  /** How often the long-running worker looks for due rows when nobody kicks it. */
  pollIntervalMs: z.number().int().min(10).default(1000),
  /**
   * Every Slack Web API call gives up after this long. The outcome is then unknown: a post or upload is checked in
   * Slack (by the outbox id it carries) before it is sent again.
   */
  requestTimeoutMs: z.number().int().min(100).max(120_000).default(10_000),
  /** On shutdown, wait at most this long for calls in flight; a row still in flight is checked at the next start. */
  stopGraceMs: z.number().int().min(0).max(60_000).default(5000),
});
export type DeliveryConfig = z.infer<typeof deliverySection>;
