import { z } from 'zod';

export const deliverySection = z.object({
  /** Minimum gap between two messages to the same channel (Slack asks for about one per second). */
  perChannelIntervalMs: z.number().int().min(0).default(1000),
  maxAttempts: z.number().int().min(1).default(8),
  backoffBaseMs: z.number().int().min(1).default(1000),
  backoffMaxMs: z.number().int().min(1).default(15 * 60 * 1000),
});
export type DeliveryConfig = z.infer<typeof deliverySection>;
