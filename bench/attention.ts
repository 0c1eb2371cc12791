/**
 * Attention benchmark: how many messages people get on the default demo, counted from the outbox (what would reach
 * Slack), independent of the alert schema. First run (baseline) and an 8-day simulation in which nobody acknowledges
 * anything, with an injected clock: scoring + evaluation each morning, the escalation tick (+ summaries) every TICK
 * minutes. Prints figures against the issue's targets.
 *
 *   npm run bench:attention        (ACCOUNTS=5000 START=2026-11-27T06:00:00Z DAYS=8 TICK=60 to change the shape)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb } from '../db';
import { escalationTick } from '../src/alerts/escalation';
import { ESCALATION_BATCH_EVENT_TYPE } from '../src/alerts/escalation-batch';
import { evaluateAlerts } from '../src/alerts/evaluate';
import { sendDueSummaries } from '../src/attention/summary';
import { parseConfig } from '../src/config/load';
import { generateDemo } from '../src/demo/generate';
import { zonedParts } from '../src/lib/zoned-time';
import { loadPlaybooks } from '../src/playbooks/load';
import { runScoring } from '../src/scoring/run';
import { median as ssMedian } from 'simple-statistics';

const median = (xs: number[]) => (xs.length ? ssMedian(xs) : 0);
const ACCOUNTS = Number(process.env.ACCOUNTS ?? 5000);
const START = new Date(process.env.START ?? '2026-11-27T06:00:00Z'); // a Friday morning (UTC)
const DAYS = Number(process.env.DAYS ?? 8);
const TICK_MIN = Number(process.env.TICK ?? 60);
const LOG_OUTREACH = 'card.log_outreach'; // every alert card and summary line carries it, value = account id

const dir = mkdtempSync(join(tmpdir(), 'bench-attention-'));
const db = createDb(join(dir, 'bench.db'));
const config = parseConfig({});
const playbooks = loadPlaybooks('playbooks');
const today = START.toISOString().slice(0, 10);
process.stderr.write(`generating the demo (${ACCOUNTS} accounts, today ${today})…\n`);
generateDemo(db, { accounts: ACCOUNTS, today });

interface Person {
  role: string;
  tz: string;
}
const people = new Map<string, Person>(
  (
    db.$client.prepare('select slack_id, role, timezone from team_members where slack_id is not null').all() as {
      slack_id: string;
      role: string;
      timezone: string | null;
    }[]
  ).map((m) => [m.slack_id, { role: m.role, tz: m.timezone ?? config.timezone }]),
);
const who = (channel: string): Person => people.get(channel) ?? { role: 'channel', tz: config.timezone };

interface Row {
  id: number;
  channel: string;
  args: string;
  available_at: string;
  alert_id: number | null;
}
/** New messages (posts, including thread replies) enqueued after outbox id `after`. Updates are not new messages. */
function postsAfter(after: number): Row[] {
  return db.$client
    .prepare(`select id, channel, args, available_at, alert_id from outbox where id > ? and method = 'chat.postMessage' order by id`)
    .all(after) as Row[];
}
const maxId = () => (db.$client.prepare('select coalesce(max(id), 0) n from outbox').get() as { n: number }).n;

/** Accounts a message is about: the log-outreach buttons it carries (schema-free); a thread reply → its alert's account. */
function accountsOf(r: Row): string[] {
  const ids = [...r.args.matchAll(new RegExp(`"action_id":"${LOG_OUTREACH.replace('.', '\\.')}(?::\\d+)?"[^}]*?"value":"([^"]+)"`, 'g'))].map((m) => m[1]);
  if (ids.length) return [...new Set(ids)];
  if (r.alert_id === null) return [];
  // outbox.alert_id is the alert group (alerts.id): its account.
  const a = db.$client.prepare('select account_id from alerts where id = ?').get(r.alert_id) as { account_id: string } | undefined;
  return a ? [a.account_id] : [];
}
/** The severity of the group a message is about; a batched escalation post: critical only if every group it lists is. */
function severityOf(r: Row): string | null {
  const batch = (JSON.parse(r.args) as { metadata?: { event_type?: string; event_payload?: { severities?: string[] } } }).metadata;
  if (batch?.event_type === ESCALATION_BATCH_EVENT_TYPE) return batch.event_payload?.severities?.every((s) => s === 'critical') ? 'critical' : 'mixed';
  if (r.alert_id === null) return null;
  // the group's (current) severity
  return (db.$client.prepare('select severity from alerts where id = ?').get(r.alert_id) as { severity: string } | undefined)?.severity ?? null;
}
const localDay = (r: Row) => zonedParts(new Date(r.available_at), who(r.channel).tz).date;

function perRole(rows: Row[]): Map<string, number[]> {
  const count = new Map<string, number>();
  for (const r of rows) count.set(r.channel, (count.get(r.channel) ?? 0) + 1);
  const out = new Map<string, number[]>();
  for (const [id, p] of people) if (p.role !== 'admin') out.set(p.role, [...(out.get(p.role) ?? []), count.get(id) ?? 0]);
  for (const [ch, n] of count) if (!people.has(ch)) out.set('channel', [...(out.get('channel') ?? []), n]);
  return out;
}
const fmt = (xs: number[]) => (xs.length ? `min ${Math.min(...xs)} / median ${median(xs)} / max ${Math.max(...xs)}` : 'none');
const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');

// ── first run ────────────────────────────────────────────────────────────────────────────────────────────────────
const t0 = performance.now();
let clock = START;
runScoring(db, { asOf: today, config: config.scoring, clock: () => clock });
const ev = evaluateAlerts(db, { config, playbooks, now: clock });
escalationTick(db, { config, now: clock });
sendDueSummaries(db, { config, now: clock });
// The first day's messages: everything that reaches people by the end of the day (summaries at their working morning).
const firstDayEnd = new Date(START.getTime() + 24 * 3_600_000);
const firstEnd = maxId();
for (let t = START.getTime() + TICK_MIN * 60_000; t < firstDayEnd.getTime(); t += TICK_MIN * 60_000) {
  clock = new Date(t);
  escalationTick(db, { config, now: clock });
  sendDueSummaries(db, { config, now: clock });
}
const first = postsAfter(0).filter((r) => r.id <= firstEnd || r.available_at < firstDayEnd.toISOString());
const roles = perRole(first);
const csm = roles.get('csm') ?? [];
const vp = roles.get('vp') ?? [];
console.log(`attention bench: ${ACCOUNTS} accounts, first run ${START.toISOString()} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
console.log(`  alerts opened on the first run: ${ev.opened}`);
console.log(`  first-day messages per recipient (from the outbox):`);
for (const [role, xs] of [...roles].sort())
  console.log(`    ${role.padEnd(8)} ${fmt(xs)}  (${xs.reduce((a, b) => a + b, 0)} in all, ${xs.length} recipient(s))`);
console.log(`  target CSM median ≤ 10: ${median(csm)} → ${verdict(median(csm) <= 10)}; VP ≤ 3: ${Math.max(0, ...vp)} → ${verdict(Math.max(0, ...vp) <= 3)}`);

// ── 8 days, nobody acknowledges ─────────────────────────────────────────────────────────────────────────────────
const perDay = new Map<string, Map<string, number>>(); // local day → role → messages
const pairs = new Map<string, number>(); // day|recipient|account → messages
let weekendEscalationsNonCritical = 0;
let weekendEscalationsCritical = 0;
let maxChannelPostsPerTick = 0;
const count = (rows: Row[]) => {
  for (const r of rows) {
    const day = localDay(r);
    const role = who(r.channel).role;
    const m = perDay.get(day) ?? new Map<string, number>();
    m.set(role, (m.get(role) ?? 0) + 1);
    perDay.set(day, m);
    for (const a of accountsOf(r)) pairs.set(`${day}|${r.channel}|${a}`, (pairs.get(`${day}|${r.channel}|${a}`) ?? 0) + 1);
  }
};
count(first);
let seen = maxId();
const end = START.getTime() + DAYS * 86_400_000;
for (let t = firstDayEnd.getTime(); t < end; t += TICK_MIN * 60_000) {
  clock = new Date(t);
  if (clock.getUTCHours() === START.getUTCHours() && clock.getUTCMinutes() === 0) evaluateAlerts(db, { config, playbooks, now: clock });
  const before = maxId();
  escalationTick(db, { config, now: clock });
  const escalations = postsAfter(before);
  sendDueSummaries(db, { config, now: clock });
  let channelPosts = 0;
  for (const r of escalations) {
    if (who(r.channel).role === 'channel') channelPosts += 1;
    const wd = zonedParts(new Date(r.available_at), who(r.channel).tz).weekday;
    if (wd >= 6) {
      if (severityOf(r) === 'critical') weekendEscalationsCritical += 1;
      else weekendEscalationsNonCritical += 1;
    }
  }
  maxChannelPostsPerTick = Math.max(maxChannelPostsPerTick, channelPosts);
  count(postsAfter(seen));
  seen = maxId();
}
console.log(`  ${DAYS}-day simulation, nobody acknowledges (tick every ${TICK_MIN} min), messages per local day per role:`);
for (const [day, m] of [...perDay].sort()) {
  const wd = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][zonedParts(new Date(`${day}T12:00:00Z`), 'UTC').weekday];
  console.log(
    `    ${day} ${wd}  ${[...m]
      .sort()
      .map(([r, n]) => `${r} ${n}`)
      .join(', ')}`,
  );
}
const multi = [...pairs.values()].filter((n) => n > 1).length;
console.log(`  (account, recipient) pairs with more than one message on a day: ${multi} → target 0 ${verdict(multi === 0)}`);
console.log(
  `  escalation posts delivered on a Saturday or Sunday (recipients' zones): non-critical ${weekendEscalationsNonCritical} → target 0 ${verdict(weekendEscalationsNonCritical === 0)}; critical ${weekendEscalationsCritical}`,
);
console.log(`  most escalation-channel posts in one tick: ${maxChannelPostsPerTick} → target ≤ 1 ${verdict(maxChannelPostsPerTick <= 1)}`);

db.$client.close();
rmSync(dir, { recursive: true, force: true });
