/**
 * The long-running service with Slack credentials: the Bolt app (Socket Mode or HTTP), the outbox worker
 * delivering through the Slack Web API, and the cron schedules (scoring + alerts, escalation ticks, digests).
 * Scoring, evaluation, digests and ingest imports run in worker threads (background/), so the Bolt event
 * loop keeps answering while they run; a run that meets a busy database is retried with backoff.
 */
import type { Db } from '../../db';
import type { AppConfig, AppEnv } from '../config/schema';
import { ChannelDirectory, resolveChannelConfig, resolvedLine } from '../delivery/channel-names';
import { createDeliveryWebClient, createSlackTransport } from '../delivery/transports';
import { startOutboxWorker } from '../delivery/worker';
import type { Clock } from '../lib/clock';
import { playbookStepCounter } from '../playbooks/match';
import type { Playbook } from '../playbooks/schema';
import { boltLogger } from '../observability/bolt-logger';
import type { Pino } from '../observability/logger';
import { observeJob, watchDatabase } from '../observability/metrics';
import { createSlackApp } from '../slack/app';
import { checkConfiguredChannels } from '../slack/channel-guard';
import { createBackgroundRunner } from './background/runner';
import { recoverInterruptedImports } from '../import/import-runs';
import { withBusyRetry } from '../jobs/busy-retry';
import { escalationJob, scoringDue, scoringInterrupted } from './jobs';
import { Scheduler } from './scheduler';

export interface OnlineServiceOptions {
  db: Db;
  config: AppConfig;
  env: AppEnv;
  playbooks: Playbook[];
  outboxPath: string;
  clock: Clock;
  log: (line: string) => void;
  /** structured logger: Bolt's own messages go through it too (default: Bolt's console logger) */
  logger?: Pino;
}

export interface OnlineService {
  port: number;
  transport: 'socket' | 'http';
  scheduler: Scheduler;
  /** Promises of the start-up catch-up runs (scoring, digests); resolved when both finished. */
  caughtUp: Promise<void>;
  stop(): Promise<void>;
}

export async function startOnlineService(o: OnlineServiceOptions): Promise<OnlineService> {
  const { db, env, playbooks, clock, log } = o;
  const token = env.SLACK_BOT_TOKEN!;
  recoverInterruptedImports(db, log, { atStart: true }); // an import a dead process was writing is taken back
  const client = createDeliveryWebClient(token, env.SLACK_API_URL, o.config.delivery.requestTimeoutMs);
  // Channel names → ids before anything is enqueued: recovery (conversations.history) and uploads need ids.
  const channels = new ChannelDirectory(client);
  const { config, resolved } = await resolveChannelConfig(o.config, channels);
  for (const r of resolved) log(resolvedLine(r));
  // Before anything runs: a configured channel shared outside the workspace stops the start (unless allowed).
  await checkConfiguredChannels({ token, apiUrl: env.SLACK_API_URL }, o.config, clock, log, channels);
  watchDatabase(db, clock);
  const worker = startOutboxWorker(db, createSlackTransport(client, { channelId: (n) => channels.idOf(n) }), {
    config: config.delivery,
    clock,
    log,
  });
  const background = createBackgroundRunner(db);
  const slack = createSlackApp({
    db,
    config,
    env,
    clock,
    playbookStepCount: playbookStepCounter(playbooks),
    ...(o.logger ? { logger: boltLogger(o.logger) } : {}),
    ingest: async (j) => {
      const reply = await background.run('ingest', { kind: j.kind, body: j.body, timeZone: j.timeZone, nowIso: j.now.toISOString() });
      if (reply.status === 200) slack.refreshAccounts(); // new accounts become findable by /health at once
      return reply;
    },
  });
  const deps = { db, config, playbooks, clock, kick: () => worker.kick() };
  const retrying = <T>(what: string, fn: () => Promise<T>) => withBusyRetry(fn, { what, log });

  const scheduler = new Scheduler(config.timezone, { info: log, error: log }, observeJob);
  const scoring = scheduler.add('scoring', config.scoring.schedule, async () => {
    const r = await retrying('scoring', () => background.run('scoring', { config, playbooks, nowIso: clock().toISOString() }));
    worker.kick();
    slack.deps.accounts.refresh(); // new accounts from imports become findable by /health
    const resumed = r.resumedFrom ? ` (finished a run interrupted after step "${r.resumedFrom}")` : '';
    const kept = r.retention.deleted ? `; ${r.retention.deleted} older score rows (before ${r.retention.before}) removed per scoring.retention` : '';
    log(`[scoring] ${r.scoring.accounts} accounts scored; alerts: ${r.alerts.opened} opened, ${r.alerts.resolved} resolved${kept}${resumed}`);
  });
  scheduler.add('escalation', config.alerts.escalationSchedule, async () => {
    await retrying('escalation', async () => escalationJob(deps));
    // The next tick finishes a scoring run that failed today (e.g. the database stayed busy past every retry).
    // Not a run that never started: that waits for its schedule, after the nightly imports.
    if (scoringInterrupted(deps)) void scoring.runNow();
  });
  const digests = (catchUp: boolean) =>
    retrying('digests', () => background.run('digests', { config, playbooks, outboxFile: o.outboxPath, catchUp, nowIso: clock().toISOString() })).then((r) => {
      if (r) worker.kick();
      return r;
    });
  scheduler.add('digests', config.digests.schedule, () => digests(false));

  const { port } = await slack.start(env.PORT);
  await scheduler.start();
  log(
    `Bellwether is running (${slack.transport === 'socket' ? 'Socket Mode' : `HTTP on port ${port}, /slack/events`}); time zone ${config.timezone}; background jobs ${background.mode === 'thread' ? 'in worker threads' : 'inline'}`,
  );
  for (const j of scheduler.jobs) log(`  ${j.name.padEnd(10)} ${j.expression.padEnd(14)} next ${j.nextRun()?.toISOString() ?? '—'}`);

  // Catch up on what was missed or cut short while the service was down (both idempotent). They run in the
  // background: the app already answers Slack while they work.
  const caughtUp = (async () => {
    if (scoringDue(deps)) await scoring.runNow();
    try {
      await digests(true);
    } catch (e) {
      log(`[digests] catch-up failed: ${(e as Error).message}`);
    }
  })();

  return {
    port,
    transport: slack.transport,
    scheduler,
    caughtUp,
    async stop() {
      await scheduler.stop();
      await slack.stop();
      await background.drain();
      await worker.stop();
    },
  };
}
