import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, type Logger, LogLevel } from '@slack/bolt';
import { ConsoleLogger } from '@slack/logger';
import { type Db, pingDb } from '../../db';
import { AccountIndex } from '../accounts/account-index';
import { ConfigError } from '../config/load';
import type { AppConfig, AppEnv } from '../config/schema';
import { type Clock, systemClock } from '../lib/clock';
import { GuestCheck } from '../team/guests';
import type { SlackDeps } from './deps';
import { channelGuardFor } from './channel-guard';
import { guestGuard } from './guest-guard';
import { createClickInbox } from './inbox/processor';
import { applyShare } from './listeners/actions/share-card';
import { registerListeners } from './listeners';
import { createIngestHandler, INGEST_PATH_PREFIX, type IngestOptions } from '../api/ingest-handler';
import { buildReceiver, type ExtraRoute, type HealthHandler, startHealthServer } from './receivers';

export interface CreateSlackAppDeps {
  db: Db;
  config: AppConfig;
  env: AppEnv;
  clock?: Clock;
  /** judges Slack request timestamps (±5 minutes); the system clock unless a test injects one */
  requestClock?: Clock;
  logger?: Logger;
  logLevel?: LogLevel;
  playbookStepCount?: (playbookId: string) => number | undefined;
  /** runs an ingest body's parse + import off the event loop (the service's background runner) */
  ingest?: IngestOptions['execute'];
}

export interface SlackAppHandle {
  app: App;
  /** the listeners' shared dependencies (name index, guest cache…) */
  deps: SlackDeps;
  transport: 'socket' | 'http';
  /** Rebuild the /health name index now (e.g. right after an in-process import); returns the account count. */
  refreshAccounts(): number;
  /** Resolves with the number of saved clicks a previous process left unapplied, once they are applied. */
  replayed(): Promise<number>;
  /** Start listening; port 0 picks a free one. Resolves with the bound HTTP port. */
  start(port?: number): Promise<{ port: number }>;
  stop(): Promise<void>;
}

/** The Bolt app: transport from env, WebClient pointed at SLACK_API_URL, guest guard, every listener. */
export function createSlackApp(d: CreateSlackAppDeps): SlackAppHandle {
  const { env } = d;
  if (!env.SLACK_BOT_TOKEN) throw new ConfigError('SLACK_BOT_TOKEN is required to run the Slack app', ['SLACK_BOT_TOKEN: required']);
  const logger = d.logger ?? new ConsoleLogger();
  const logLevel = d.logLevel ?? LogLevel.INFO;
  logger.setLevel(logLevel);
  const accounts = new AccountIndex(d.db);
  const clock = d.clock ?? systemClock;
  // The guard's conversations.info calls go through the app's own client, built below (late-bound).
  const deps: SlackDeps = {
    db: d.db,
    config: d.config,
    clock,
    accounts,
    guests: new GuestCheck(d.db),
    channelGuard: channelGuardFor({ conversations: { info: (args) => app.client.conversations.info(args) } }, d.config, clock),
    logger,
    // Share requests are applied by the inbox too (late-bound: applyShare needs these deps).
    inbox: createClickInbox({ db: d.db, config: d.config, clock, logger, share: (db, userId, req, at) => applyShare(deps, db, userId, req, at) }),
    playbookStepCount: d.playbookStepCount,
  };
  const health: HealthHandler = (_req, res) => {
    let ok = true;
    try {
      pingDb(d.db);
    } catch {
      ok = false;
    }
    res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok, transport: built.kind, accounts: accounts.size() }));
  };
  // The JSON ingest API shares the HTTP port; it exists only when a token to guard it is configured.
  const extra: ExtraRoute[] = env.BELLWETHER_INGEST_TOKEN
    ? [
        {
          prefix: INGEST_PATH_PREFIX,
          handler: createIngestHandler(d.db, env.BELLWETHER_INGEST_TOKEN, { timeZone: d.config.timezone, clock: deps.clock, execute: d.ingest }),
        },
      ]
    : [];
  const built = buildReceiver(env, logger, health, extra, d.requestClock);
  const app = new App({
    token: env.SLACK_BOT_TOKEN,
    receiver: built.receiver,
    logger,
    logLevel,
    clientOptions: {
      ...(env.SLACK_API_URL ? { slackApiUrl: env.SLACK_API_URL } : {}),
      // Interactive calls (views.open) must land within the trigger's 3 s; don't retry for minutes.
      retryConfig: { retries: 2, factor: 1.5, minTimeout: 200, maxTimeout: 1000 },
      timeout: 5000,
    },
  });
  app.use(guestGuard(deps));
  registerListeners(app, deps);
  app.error(async (err) => {
    logger.error(`Slack listener error: ${err.message}`);
  });

  let healthServer: Server | undefined;
  // Clicks a previous process saved and never applied; in the background, so start-up is not held up.
  let replaying: Promise<number> = Promise.resolve(0);
  const replayClicks = () => {
    replaying = deps.inbox.replayPending().catch((e: Error) => {
      logger.error(`replaying saved clicks failed: ${e.message}`);
      return 0;
    });
  };
  return {
    app,
    deps,
    transport: built.kind,
    refreshAccounts: () => accounts.refresh().size,
    async start(port?: number) {
      const t0 = Date.now();
      const idx = accounts.refresh();
      logger.info(`account name index ready: ${idx.size} accounts in ${Date.now() - t0} ms`);
      const p = port ?? env.PORT;
      if (built.kind === 'http') {
        const server = (await app.start(p)) as Server;
        const bound = (server.address() as AddressInfo).port;
        logger.info(`Slack app listening over HTTP on port ${bound} (POST /slack/events, GET /healthz)`);
        replayClicks();
        return { port: bound };
      }
      await app.start();
      healthServer = await startHealthServer(p, health, extra);
      const bound = (healthServer.address() as AddressInfo).port;
      logger.info(`Slack app connected over Socket Mode; /healthz on port ${bound}`);
      replayClicks();
      return { port: bound };
    },
    replayed: () => replaying,
    async stop() {
      await app.stop();
      deps.inbox.close();
      if (healthServer) await new Promise<void>((r) => healthServer!.close(() => r()));
      healthServer = undefined;
    },
  };
}
