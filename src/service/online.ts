/**
 * The long-running service with Slack credentials: the Bolt app (Socket Mode or HTTP), the outbox worker
 * delivering through the Slack Web API, and the cron schedules (scoring + alerts, escalation ticks, digests).
 */
import type { Db } from '../../db';
import type { AppConfig, AppEnv } from '../config/schema';
import { ChannelDirectory, resolveChannelConfig, resolvedLine } from '../delivery/channel-names';
import { createDeliveryWebClient, createSlackTransport } from '../delivery/transports';
import { startOutboxWorker } from '../delivery/worker';
import { digestJob, runDueDigests } from '../digests/job';
import type { Clock } from '../lib/clock';
import { playbookStepCounter } from '../playbooks/match';
import type { Playbook } from '../playbooks/schema';
import { boltLogger } from '../observability/bolt-logger';
import type { Pino } from '../observability/logger';
import { watchDatabase } from '../observability/metrics';
import { createSlackApp } from '../slack/app';
import { checkConfiguredChannels } from '../slack/channel-guard';
import { escalationJob, scoresStale, scoringJob } from './jobs';
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
  stop(): Promise<void>;
}

export async function startOnlineService(o: OnlineServiceOptions): Promise<OnlineService> {
  const { db, env, playbooks, clock, log } = o;
  const token = env.SLACK_BOT_TOKEN!;
  const client = createDeliveryWebClient(token, env.SLACK_API_URL, o.config.delivery.requestTimeoutMs);
  // Channel names → ids before anything is enqueued: recovery (conversations.history) and uploads need ids.
  const channels = new ChannelDirectory(client);
  const { config, resolved } = await resolveChannelConfig(o.config, channels);
  for (const r of resolved) log(resolvedLine(r));
  // Before anything runs: a configured channel shared outside the workspace stops the start (unless allowed).
  await checkConfiguredChannels({ token, apiUrl: env.SLACK_API_URL }, o.config, clock, log);
  watchDatabase(db, clock);
  const worker = startOutboxWorker(db, createSlackTransport(client, { channelId: (n) => channels.idOf(n) }), {
    config: config.delivery,
    clock,
    log,
  });
  const slack = createSlackApp({
    db,
    config,
    env,
    clock,
    playbookStepCount: playbookStepCounter(playbooks),
    ...(o.logger ? { logger: boltLogger(o.logger) } : {}),
  });
  const deps = { db, config, playbooks, clock, kick: () => worker.kick() };

  const scheduler = new Scheduler(config.timezone, { info: log, error: log });
  const scoring = scheduler.add('scoring', config.scoring.schedule, () => {
    const r = scoringJob(deps);
    slack.deps.accounts.refresh(); // new accounts from imports become findable by /health
    log(`[scoring] ${r.scoring.accounts} accounts scored; alerts: ${r.alerts.opened} opened, ${r.alerts.resolved} resolved`);
  });
  scheduler.add('escalation', config.alerts.escalationSchedule, () => escalationJob(deps));
  scheduler.add('digests', config.digests.schedule, () => {
    digestJob(db, { config, outboxFile: o.outboxPath, playbooks, clock })();
    worker.kick();
  });

  const { port } = await slack.start(env.PORT);
  await scheduler.start();
  log(`Bellwether is running (${slack.transport === 'socket' ? 'Socket Mode' : `HTTP on port ${port}, /slack/events`}); time zone ${config.timezone}`);
  for (const j of scheduler.jobs) log(`  ${j.name.padEnd(10)} ${j.expression.padEnd(14)} next ${j.nextRun()?.toISOString() ?? '—'}`);

  // Catch up on what was missed while the service was down; both are idempotent.
  if (scoresStale(deps)) await scoring.runNow();
  if (runDueDigests(db, { config, outboxFile: o.outboxPath, playbooks, clock })) worker.kick();

  return {
    port,
    transport: slack.transport,
    scheduler,
    async stop() {
      await scheduler.stop();
      await slack.stop();
      await worker.stop();
    },
  };
}
