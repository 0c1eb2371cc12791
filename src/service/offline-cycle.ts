/**
 * One full cycle with no Slack credentials: demo data when the database is empty, score, evaluate alerts,
 * escalation tick, digests, then deliver the outbox through the file transport, so the outbox file shows
 * every Web API call the service would have made.
 */
import type { Db } from '../../db';
import type { EvaluateResult } from '../alerts/evaluate';
import type { EscalationResult } from '../alerts/escalation';
import { recipientsWithHeld } from '../attention/store';
import type { AppConfig } from '../config/schema';
import { createFileTransport } from '../delivery/transports';
import { describeQueued, outboxMark, pendingSummary, type QueuedCounts, queuedSince, sentByMethod } from '../delivery/store/reports';
import { type DrainResult, drainOutbox } from '../delivery/worker';
import { type DemoSummary, generateDemo } from '../demo/generate';
import { type RunDigestsResult, runDigests } from '../digests/run';
import type { Clock } from '../lib/clock';
import { addDays, todayIn } from '../lib/dates';
import { progressReporter } from '../lib/progress';
import { moneyExact } from '../domain/format';
import type { Playbook } from '../playbooks/schema';
import { backfill, type ScoringSummary } from '../scoring/run';
import { escalationJob, scoringJob } from './jobs';
import { accountCount } from '../accounts/store';

export interface OfflineCycleOptions {
  db: Db;
  config: AppConfig;
  playbooks: Playbook[];
  outboxPath: string;
  clock: Clock;
  /** demo size when the database is empty */
  demoAccounts?: number;
  log?: (line: string) => void;
  progress?: (line: string) => void;
}

export interface OfflineCycleSummary {
  asOf: string;
  demo: DemoSummary | null;
  scoring: ScoringSummary;
  alerts: EvaluateResult;
  escalation: EscalationResult;
  /** outbox rows the alert evaluation and the escalation tick queued */
  queued: { alerts: QueuedCounts; escalation: QueuedCounts };
  digests: RunDigestsResult;
  delivery: DrainResult;
  /** outbox rows not yet due (e.g. DMs waiting for the recipient's working hours) */
  deferred: { count: number; nextAt: string | null };
  /** recipients whose alerts are held for a summary not due yet (baseline: their working morning; daily: their summary time) */
  heldFor: number;
  methods: Record<string, number>;
}

export async function runOfflineCycle(o: OfflineCycleOptions): Promise<OfflineCycleSummary> {
  const { db, config, clock } = o;
  const log = o.log ?? (() => undefined);
  const progress = o.progress ?? (() => undefined);
  const asOf = todayIn(config.timezone, clock());

  const hasAccounts = accountCount(db) > 0;
  let demo: DemoSummary | null = null;
  if (!hasAccounts) {
    log('Empty database: generating demo data …');
    const demoProgress = progressReporter('demo data', progress);
    demo = generateDemo(db, { accounts: o.demoAccounts, today: asOf, onProgress: (done, total) => demoProgress(done, total) });
    progress('');
    log(`Demo data: ${demo.counts.accounts} accounts, ${demo.counts.usageDaily} usage rows, ${demo.counts.teamMembers} people.`);
    // Weekly score history for the last month, so cards show 7/30-day trends and the health-drop rule has a baseline.
    const history = backfill(db, {
      from: addDays(asOf, -35),
      to: addDays(asOf, -7),
      everyDays: 7,
      config: config.scoring,
      clock,
      onProgress: (done, total, r) => progress(`score history: ${r.asOf} (${done}/${total})`),
    });
    progress('');
    log(`Score history: ${history.length} weekly as-of dates backfilled (${history[0]?.asOf} … ${history.at(-1)?.asOf}).`);
  }

  const jobs = { db, config, playbooks: o.playbooks, clock };
  const beforeAlerts = outboxMark(db);
  const { scoring, alerts } = scoringJob(jobs, progressReporter('scoring', progress));
  progress('');
  const beforeTick = outboxMark(db);
  const escalation = escalationJob(jobs);
  const queued = { alerts: queuedSince(db, beforeAlerts, beforeTick), escalation: queuedSince(db, beforeTick) };
  const digests = runDigests(db, { config, now: clock(), audience: 'all', outboxFile: o.outboxPath, playbooks: o.playbooks, log });

  // Deliver everything due now; the file transport is never paced (see the worker).
  const delivery = await drainOutbox(db, createFileTransport(o.outboxPath), { config: config.delivery, clock, log });
  const deferred = pendingSummary(db);
  const methods = sentByMethod(db);
  const heldFor = recipientsWithHeld(db).length;
  return { asOf, demo, scoring, alerts, escalation, queued, digests, delivery, deferred, heldFor, methods };
}

/** Readable summary lines for the console. */
export function describeOfflineCycle(s: OfflineCycleSummary, outboxPath: string): string[] {
  const tiers = Object.entries(s.scoring.tiers)
    .map(([t, n]) => `${t} ${n}`)
    .join(', ');
  const lines = [
    `Bellwether offline cycle for ${s.asOf} (no Slack credentials: Slack calls go to ${outboxPath})`,
    `  scoring:    ${s.scoring.accounts} accounts in ${s.scoring.durationMs} ms — ${tiers}; at-risk ARR ${moneyExact(s.scoring.atRiskArr)}`,
    `  alerts:     ${s.alerts.opened} opened, ${s.alerts.raised} raised, ${s.alerts.resolved} resolved, ${s.alerts.unchanged} unchanged; queued ${describeQueued(s.queued.alerts)}`,
    `  escalation: ${s.escalation.escalated} escalated, ${s.escalation.unsnoozed} woke from snooze; queued ${describeQueued(s.queued.escalation)}`,
    `  digests:    week ${s.digests.week}: leadership ${s.digests.leadership}; CSM digests ${s.digests.csm.posted} posted, ${s.digests.csm.skipped} already sent; ${s.digests.charts.length} charts`,
    `  delivery:   ${s.delivery.sent} calls written to the outbox file, ${s.delivery.failed} failed` +
      (s.deferred.count ? `; ${s.deferred.count} waiting (working hours), next at ${s.deferred.nextAt}` : ''),
  ];
  if (s.heldFor)
    lines.push(`  attention:  ${s.heldFor} recipient(s) have alerts held for a summary (their working morning or summary time); run again later to send it`);
  const methods = Object.entries(s.methods).map(([m, n]) => `${m} ×${n}`);
  if (methods.length) lines.push(`  calls so far: ${methods.join(', ')}`);
  return lines;
}
