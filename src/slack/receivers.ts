import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { HTTPReceiver, type Logger, SocketModeReceiver } from '@slack/bolt';
import { ConfigError } from '../config/load';
import type { AppEnv } from '../config/schema';
import { type Clock, systemClock } from '../lib/clock';
import { METRICS_PATH, serveMetrics } from '../observability/metrics';

export const EVENTS_PATH = '/slack/events';
export const HEALTH_PATH = '/healthz';

export type HealthHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** Extra plain-HTTP routes served beside Slack's (e.g. the JSON ingest API); `prefix` matches a path prefix. */
export interface ExtraRoute {
  prefix: string;
  handler: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;
}

/** Slack's rule: a request's x-slack-request-timestamp must be within 5 minutes of now, either way. */
export const MAX_REQUEST_SKEW_SEC = 5 * 60;

/** Why a request timestamp is refused, or null. A missing header is left to Bolt (ssl_check needs none). */
export function timestampProblem(header: string | string[] | undefined, now: Date): string | null {
  if (header === undefined) return null;
  if (typeof header !== 'string' || !/^\d{1,12}$/.test(header)) return 'x-slack-request-timestamp is not a number of seconds';
  const skew = Number(header) - Math.floor(now.getTime() / 1000);
  if (skew > MAX_REQUEST_SKEW_SEC) return `x-slack-request-timestamp is ${skew} s in the future (more than ${MAX_REQUEST_SKEW_SEC} s)`;
  if (-skew > MAX_REQUEST_SKEW_SEC) return `x-slack-request-timestamp is ${-skew} s old (more than ${MAX_REQUEST_SKEW_SEC} s)`;
  return null;
}

/**
 * In front of Bolt's request listener:
 * - a path with a malformed %-escape is a 400 (Bolt's route matching would throw on it: a 500);
 * - Bolt checks the signature, but of the timestamp only that it is not stale, so a request stamped
 *   in the future (a captured request replayed later, a skewed clock) passed. Timestamps outside
 *   ±5 minutes of `now` are refused here with 401 before Bolt sees them.
 */
function guardRequests(receiver: HTTPReceiver, logger: Logger, now: Clock): HTTPReceiver {
  const inner = receiver.requestListener;
  receiver.requestListener = (req, res) => {
    const path = (req.url ?? '').split('?')[0];
    try {
      decodeURIComponent(path);
    } catch {
      res.writeHead(400, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ ok: false, error: 'malformed %-escape in the URL path' }));
      return;
    }
    if (req.method === 'POST' && path === EVENTS_PATH) {
      const problem = timestampProblem(req.headers['x-slack-request-timestamp'], now());
      if (problem) {
        logger.warn(`Slack request refused: ${problem}`);
        res.writeHead(401);
        res.end();
        return;
      }
    }
    inner(req, res);
  };
  return receiver;
}

/**
 * Socket Mode when an app-level token is present (no public URL needed), otherwise HTTP with request
 * signing on /slack/events for commands, interactivity and events. Both expose /healthz and /metrics.
 */
export function buildReceiver(
  env: AppEnv,
  logger: Logger,
  health: HealthHandler,
  extra: ExtraRoute[] = [],
  /** judges request timestamps (tests inject one); production: the system clock */
  requestClock: Clock = systemClock,
): { kind: 'socket'; receiver: SocketModeReceiver } | { kind: 'http'; receiver: HTTPReceiver } {
  if (env.SLACK_APP_TOKEN) {
    return { kind: 'socket', receiver: new SocketModeReceiver({ appToken: env.SLACK_APP_TOKEN, logger }) };
  }
  if (!env.SLACK_SIGNING_SECRET) {
    throw new ConfigError('SLACK_SIGNING_SECRET is required for the HTTP transport (or set SLACK_APP_TOKEN for Socket Mode)', [
      'SLACK_SIGNING_SECRET: required without SLACK_APP_TOKEN',
    ]);
  }
  return {
    kind: 'http',
    receiver: guardRequests(
      new HTTPReceiver({
        signingSecret: env.SLACK_SIGNING_SECRET,
        endpoints: EVENTS_PATH,
        logger,
        customRoutes: [
          { path: HEALTH_PATH, method: ['GET', 'HEAD'], handler: health },
          { path: METRICS_PATH, method: ['GET'], handler: (req: IncomingMessage, res: ServerResponse) => void serveMetrics(req, res) },
          ...extra.map((r) => ({
            path: `${r.prefix}:rest`,
            method: ['POST'],
            handler: (req: IncomingMessage, res: ServerResponse) => void r.handler(req, res),
          })),
        ],
        // Slack gives up after 3 s; an unhandled request is answered just after that so sockets never hang.
        unhandledRequestTimeoutMillis: 3001,
      }),
      logger,
      requestClock,
    ),
  };
}

/** Socket Mode has no HTTP listener of its own; load balancers still get /healthz (and Prometheus /metrics) from this one. */
export function startHealthServer(port: number, health: HealthHandler, extra: ExtraRoute[] = []): Promise<Server> {
  const server = createServer((req, res) => {
    const path = req.url?.split('?')[0] ?? '';
    const route = extra.find((r) => path.startsWith(r.prefix));
    if (path === HEALTH_PATH) health(req, res);
    else if (path === METRICS_PATH && req.method === 'GET') void serveMetrics(req, res);
    else if (route) void route.handler(req, res);
    else {
      res.writeHead(404);
      res.end();
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve(server));
  });
}
