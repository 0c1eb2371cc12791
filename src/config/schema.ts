import { z } from 'zod';
import { alertsSection } from './sections/alerts';
import { churnLikelihoodSection } from './sections/churn-likelihood';
import { cohortsSection } from './sections/cohorts';
import { deliverySection } from './sections/delivery';
import { digestsSection } from './sections/digests';
import { scoringSection } from './sections/scoring';
import { slackSection } from './sections/slack';

/** The file config (`bellwether.config.yml`). Every key optional; defaults are the design's. */
export const configSchema = z
  .object({
    /** IANA time zone for every schedule and for "today". */
    timezone: z
      .string()
      .default('UTC')
      .refine((tz) => {
        try {
          new Intl.DateTimeFormat('en-US', { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      }, 'must be an IANA time zone such as Europe/Berlin'),
    scoring: scoringSection.prefault({}),
    alerts: alertsSection.prefault({}),
    digests: digestsSection.prefault({}),
    slack: slackSection.prefault({}),
    delivery: deliverySection.prefault({}),
    /** default churn likelihood per health tier until a backtest exists (intervention estimate, expected ARR at risk) */
    churnLikelihood: churnLikelihoodSection.prefault({}),
    cohorts: cohortsSection.prefault({}),
  })
  .strict();
export type AppConfig = z.infer<typeof configSchema>;

/** Environment: secrets and locations. Secrets live only here, never in the config file. */
export const envSchema = z.object({
  BELLWETHER_DB: z.string().min(1).optional(),
  BELLWETHER_OUTBOX: z.string().min(1).optional(),
  BELLWETHER_CONFIG: z.string().min(1).optional(),
  SLACK_BOT_TOKEN: z
    .string()
    .regex(/^xoxb-/, 'must start with xoxb-')
    .optional(),
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  SLACK_APP_TOKEN: z
    .string()
    .regex(/^xapp-/, 'must start with xapp-')
    .optional(),
  SLACK_API_URL: z.url().optional(),
  /** Enables POST /api/ingest/<kind> on the HTTP port; callers send it as a bearer token. */
  BELLWETHER_INGEST_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
});
export type AppEnv = z.infer<typeof envSchema>;
