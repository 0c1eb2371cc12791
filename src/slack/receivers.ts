import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { HTTPReceiver, type Logger, SocketModeReceiver } from '@slack/bolt';
import { ConfigError } from '../config/load';
import type { AppEnv } from '../config/schema';
import { METRICS_PATH, serveMetrics } from '../observability/metrics';

export const EVENTS_PATH = '/slack/events';
export const HEALTH_PATH = '/healthz';

export type HealthHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** Extra plain-HTTP routes served beside Slack's (e.g. the JSON ingest API); `prefix` matches a path prefix. */
export interface ExtraRoute {
  prefix: string;
  handler: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;
}

/**
 * Socket Mode when an app-level token is present (no public URL needed), otherwise HTTP with request
 * signing on /slack/events for commands, interactivity and events. Both expose /healthz and /metrics.
 */
export function buildReceiver(env: AppEnv, logger: Logger, health: HealthHandler, extra: ExtraRoute[] = []): { kind: 'socket'; receiver: SocketModeReceiver } | { kind: 'http'; receiver: HTTPReceiver } {
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
    receiver: new HTTPReceiver({
      signingSecret: env.SLACK_SIGNING_SECRET,
      endpoints: EVENTS_PATH,
      logger,
      customRoutes: [
        { path: HEALTH_PATH, method: ['GET', 'HEAD'], handler: health },
        { path: METRICS_PATH, method: ['GET'], handler: (req: IncomingMessage, res: ServerResponse) => void serveMetrics(req, res) },
        ...extra.map((r) => ({ path: `${r.prefix}:rest`, method: ['POST'], handler: (req: IncomingMessage, res: ServerResponse) => void r.handler(req, res) })),
      ],
      // Slack gives up after 3 s; an unhandled request is answered just after that so sockets never hang.
      unhandledRequestTimeoutMillis: 3001,
    }),
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
