/**
 * Alert delivery benchmark: 10,000 alerts DMed to 50 recipients through the real pipeline (evaluate → outbox →
 * worker) against the loopback fake Slack API, which enforces a per-channel rate limit (429 + Retry-After beyond it).
 * Prints delivered, lost, duplicated and achieved throughput as a share of the allowed rate.
 *
 *   npm run bench:alerts            (ALERTS=10000 RECIPIENTS=50 PER_SECOND=4 IN_FLIGHT=2 to change the shape)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb } from '../db';
import { evaluateAlerts } from '../src/alerts/evaluate';
import { parseConfig } from '../src/config/load';
import { createDeliveryWebClient, createSlackTransport } from '../src/delivery/transports/slack';
import { drainOutbox } from '../src/delivery/worker';
import { loadPlaybooks } from '../src/playbooks/load';
import { writeScores } from '../src/scoring/store';
import type { Tier } from '../src/scoring/types';
import { startFakeSlack } from '../test/support/fake-slack';

const ALERTS = Number(process.env.ALERTS ?? 10_000);
const RECIPIENTS = Number(process.env.RECIPIENTS ?? 50);
const PER_SECOND = Number(process.env.PER_SECOND ?? 4); // Slack's ~1/s scaled up so the run fits in a minute
const RETRY_AFTER_SEC = 1;
// Let a slow answer (a loaded machine's latency tail) not stall the channel's paced schedule.
const IN_FLIGHT = Number(process.env.IN_FLIGHT ?? 2);
// Pacing matched to the limit (the worker's window guard absorbs request-latency jitter).
const INTERVAL_MS = Math.ceil((1000 / PER_SECOND) * Number(process.env.PACING_MARGIN ?? 1));

const dir = mkdtempSync(join(tmpdir(), 'bench-alerts-'));
const db = createDb(join(dir, 'bench.db'));
const fake = await startFakeSlack();
fake.rateLimit({ perSecond: PER_SECOND, retryAfterSec: RETRY_AFTER_SEC });

// ── seed: RECIPIENTS CSMs (no managers), ALERTS accounts each with a score that trips one medium rule ────────────
const t0 = performance.now();
const now = new Date();
const today = now.toISOString().slice(0, 10);
const weekAgo = new Date(now.getTime() - 6 * 86_400_000).toISOString().slice(0, 10);
db.$client.transaction(() => {
  const member = db.$client.prepare("insert into team_members (email, name, slack_id, role, updated_at) values (?, ?, ?, 'csm', '2026-01-01')");
  const account = db.$client.prepare("insert into accounts (id, name, owner_email, arr, updated_at) values (?, ?, ?, 20000, '2026-01-01')");
  const score = (accountId: string, asOf: string, s: number, tier: Tier) =>
    writeScores(db, [{ accountId, asOf, score: s, tier, components: {}, drivers: [], coverage: 1, expansion: 0, onboarding: false }]);
  for (let r = 0; r < RECIPIENTS; r++) member.run(`csm${r}@bench.io`, `CSM ${r}`, `UCSM${String(r).padStart(4, '0')}`);
  for (let i = 0; i < ALERTS; i++) {
    const id = `acct-${String(i).padStart(5, '0')}`;
    account.run(id, `Account ${i}`, `csm${i % RECIPIENTS}@bench.io`);
    score(id, weekAgo, 92, 'Thriving');
    score(id, today, 74, 'Healthy'); // an 18-point drop: medium → owner DM only
  }
})();
// A delivery-throughput bench: no baseline summary and no daily DM cap, so every alert is one DM (the attention budget is bench:attention's).
const config = parseConfig({ alerts: { workingHours: { enabled: false }, baseline: false, dailyDmCap: 1_000_000 } });
const ev = evaluateAlerts(db, { config, playbooks: loadPlaybooks('playbooks'), now });
const setupMs = performance.now() - t0;
process.stderr.write(`seeded and evaluated: ${ev.opened} alerts opened, ${ev.notified} DMs queued in ${(setupMs / 1000).toFixed(1)} s\n`);

// ── deliver ──────────────────────────────────────────────────────────────────────────────────────────────────────
const transport = createSlackTransport(createDeliveryWebClient('xoxb-bench', fake.url));
const progress = setInterval(() => {
  process.stderr.write(`  … ${fake.messages.length} delivered, ${fake.rateLimited} × 429\n`);
}, 5000);
const d0 = performance.now();
const res = await drainOutbox(db, transport, {
  config: { perChannelIntervalMs: INTERVAL_MS, maxConcurrentChannels: RECIPIENTS, pollIntervalMs: 100, maxInFlightPerChannel: IN_FLIGHT },
  until: 'empty',
  log: (l) => process.stderr.write(`${l}\n`),
});
const elapsedS = (performance.now() - d0) / 1000;
clearInterval(progress);

// ── verify against what the fake Slack API actually stored ────────────────────────────────────────────────────────
const perAlert = new Map<number, number>();
for (const m of fake.messages) {
  const id = Number((m.metadata?.event_payload as { alert_id?: number } | undefined)?.alert_id);
  if (id) perAlert.set(id, (perAlert.get(id) ?? 0) + 1);
}
const alertIds = (db.$client.prepare('select id from alerts').all() as { id: number }[]).map((r) => r.id);
const delivered = alertIds.filter((id) => (perAlert.get(id) ?? 0) >= 1).length;
const lost = alertIds.length - delivered;
const duplicated = [...perAlert.values()].reduce((a, n) => a + Math.max(0, n - 1), 0);
const allowed = RECIPIENTS * PER_SECOND;
const achieved = fake.messages.length / elapsedS;

console.log(
  `bench:alerts — ${alertIds.length} alerts to ${RECIPIENTS} recipients, fake limit ${PER_SECOND} msg/s/channel (429 + Retry-After ${RETRY_AFTER_SEC}s), pacing ${INTERVAL_MS} ms, ≤ ${IN_FLIGHT} in flight per channel`,
);
console.log(`  delivered   ${delivered}`);
console.log(`  lost        ${lost}`);
console.log(`  duplicated  ${duplicated}`);
console.log(`  failed rows ${res.failed}, retried ${res.retried}, 429s answered ${fake.rateLimited}`);
console.log(`  time        ${elapsedS.toFixed(1)} s delivering (+ ${(setupMs / 1000).toFixed(1)} s seeding and evaluating)`);
console.log(`  throughput  ${achieved.toFixed(1)} msg/s of ${allowed} allowed = ${((achieved / allowed) * 100).toFixed(1)}% of the allowed rate`);
const ok = lost === 0 && duplicated === 0 && achieved / allowed >= 0.9;
console.log(`  targets     0 lost, 0 duplicated, ≥ 90% of allowed rate: ${ok ? 'met' : 'NOT met'}`);

await fake.close();
db.$client.close();
rmSync(dir, { recursive: true, force: true });
process.exitCode = ok ? 0 : 1;
