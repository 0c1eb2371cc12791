/**
 * Prometheus metrics (prom-client) on one registry: counters the code bumps as things happen, and gauges read from
 * the database at scrape time (outbox depth and oldest age by status, open alerts). Served at /metrics.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Db } from '../../db';
import { liveCounts } from '../alerts/store';
import { oldestWaiting, outboxCounts } from '../delivery/store/reports';
import type { Clock } from '../lib/clock';

export const METRICS_PATH = '/metrics';
export const registry = new Registry();

const jobDuration = new Histogram({
  name: 'bellwether_job_duration_seconds',
  help: 'Duration of background jobs (scoring, alert evaluation, digests, imports…) by outcome',
  labelNames: ['job', 'outcome'],
  buckets: [0.05, 0.25, 1, 5, 15, 60, 300, 900],
  registers: [registry],
});
const jobRuns = new Counter({
  name: 'bellwether_job_runs_total',
  help: 'Background job runs by outcome',
  labelNames: ['job', 'outcome'],
  registers: [registry],
});
const deliveries = new Counter({
  name: 'bellwether_deliveries_total',
  help: 'Outbox deliveries by method and result (sent, failed, retried, unknown, recovered, superseded, ratelimited)',
  labelNames: ['method', 'result'],
  registers: [registry],
});
const rateLimited = new Counter({
  name: 'bellwether_slack_ratelimited_total',
  help: 'Slack 429 answers by method',
  labelNames: ['method'],
  registers: [registry],
});
const slackCall = new Histogram({
  name: 'bellwether_slack_call_duration_seconds',
  help: 'Slack Web API call duration by method and outcome (ok, error, timeout…)',
  labelNames: ['method', 'outcome'],
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [registry],
});

/** What the scrape-time gauges read; set once the service has a database. */
let source: { db: Db; clock: Clock } | null = null;

const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed'];
new Gauge({
  name: 'bellwether_outbox_rows',
  help: 'Outbox rows by status',
  labelNames: ['status'],
  registers: [registry],
  collect() {
    this.reset();
    if (!source) return;
    const counts = outboxCounts(source.db);
    for (const s of OUTBOX_STATUSES) this.set({ status: s }, counts[s] ?? 0);
  },
});
new Gauge({
  name: 'bellwether_outbox_oldest_age_seconds',
  help: 'Age of the oldest outbox row still waiting (pending) or in flight (sending), by status',
  labelNames: ['status'],
  registers: [registry],
  collect() {
    this.reset();
    if (!source) return;
    const oldest = oldestWaiting(source.db);
    const now = source.clock().getTime();
    for (const s of ['pending', 'sending']) {
      const at = oldest.get(s);
      this.set({ status: s }, at ? Math.max(0, (now - Date.parse(at)) / 1000) : 0);
    }
  },
});
new Gauge({
  name: 'bellwether_alerts_open',
  help: 'Alerts not yet resolved, by status and severity',
  labelNames: ['status', 'severity'],
  registers: [registry],
  collect() {
    this.reset();
    if (!source) return;
    const rows = liveCounts(source.db);
    for (const r of rows) this.set({ status: r.status, severity: r.severity }, r.n);
  },
});

let defaultsOn = false;
/** Let /metrics report this database (and the process's own CPU, memory and event-loop lag). */
export function watchDatabase(db: Db, clock: Clock): void {
  source = { db, clock };
  if (!defaultsOn) {
    collectDefaultMetrics({ register: registry, prefix: 'bellwether_' });
    defaultsOn = true;
  }
}

/** A background job finished: the runtime's job code calls this once per run. */
export function observeJob(name: string, outcome: 'ok' | 'error' | 'retried' | string, seconds: number): void {
  jobDuration.observe({ job: name, outcome }, seconds);
  jobRuns.inc({ job: name, outcome });
}

export type DeliveryResult = 'sent' | 'failed' | 'retried' | 'unknown' | 'recovered' | 'superseded' | 'ratelimited' | 'deferred';

export function countDelivery(method: string, result: DeliveryResult): void {
  deliveries.inc({ method, result });
}

export function countRateLimited(method: string): void {
  rateLimited.inc({ method });
}

export function observeSlackCall(method: string, outcome: string, seconds: number): void {
  slackCall.observe({ method, outcome }, seconds);
}

/** GET /metrics in Prometheus text format. */
export async function serveMetrics(_req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const body = await registry.metrics();
    res.writeHead(200, { 'content-type': registry.contentType });
    res.end(body);
  } catch (e) {
    res.writeHead(500, { 'content-type': 'text/plain' });
    res.end(`metrics unavailable: ${(e as Error).message}`);
  }
}
