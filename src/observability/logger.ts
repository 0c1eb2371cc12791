/**
 * Structured JSON logs (pino) for the service, with secrets redacted: known secret fields by path, and anything
 * shaped like a Slack token or equal to a configured secret wherever it appears in a message.
 */
import { type DestinationStream, type Logger as Pino, pino } from 'pino';

export type { Pino };

const TOKEN_RE = /\b(xox[abposer]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+)\b/g;
const REDACTED = '[redacted]';

/** Field paths that hold secrets in anything we might log (env, client options, request headers). */
export const REDACT_PATHS = [
  'token',
  '*.token',
  'SLACK_BOT_TOKEN',
  'SLACK_APP_TOKEN',
  'SLACK_SIGNING_SECRET',
  'BELLWETHER_INGEST_TOKEN',
  '*.SLACK_BOT_TOKEN',
  '*.SLACK_APP_TOKEN',
  '*.SLACK_SIGNING_SECRET',
  '*.BELLWETHER_INGEST_TOKEN',
  'signingSecret',
  '*.signingSecret',
  'headers.authorization',
  '*.headers.authorization',
  'headers["x-slack-signature"]',
];

export interface LoggerOptions {
  level?: string;
  /** secret values (signing secret, tokens) scrubbed from every message string */
  secrets?: (string | undefined)[];
  /** where lines go (default stdout); tests pass a stream that collects them */
  destination?: DestinationStream;
  name?: string;
}

export function scrub(text: string, secrets: string[]): string {
  let out = text.replace(TOKEN_RE, REDACTED);
  for (const s of secrets) if (s.length >= 8) out = out.split(s).join(REDACTED);
  return out;
}

export function createLogger(o: LoggerOptions = {}): Pino {
  const secrets = (o.secrets ?? []).filter((s): s is string => !!s);
  return pino(
    {
      name: o.name ?? 'bellwether',
      level: o.level ?? process.env.LOG_LEVEL ?? 'info',
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      timestamp: pino.stdTimeFunctions.isoTime,
      hooks: {
        // Message strings (and string arguments) may carry a token from an error message: scrub them too.
        logMethod(args, method) {
          method.apply(
            this,
            args.map((a) =>
              typeof a === 'string' ? scrub(a, secrets) : a instanceof Error ? Object.assign(a, { message: scrub(a.message, secrets) }) : a,
            ) as Parameters<typeof method>,
          );
        },
      },
      serializers: { err: pino.stdSerializers.err },
    },
    o.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
