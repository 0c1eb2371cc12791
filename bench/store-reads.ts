/**
 * bench:store-reads — what the stores' drizzle prepared queries cost on the per-click and per-alert paths (an
 * account by id, a team member by Slack id, an account's login windows, the whole account card), against the same
 * reads hand-written and prepared once (the floor), in the same run on the same database. Prints µs per call and
 * the ratio, median of BENCH_ROUNDS rounds.
 *   BENCH_ACCOUNTS (2000) BENCH_CALLS (20000 per round) BENCH_ROUNDS (5)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb } from '../db';
import { accountById } from '../src/accounts/store';
import { loginWindows } from '../src/activity/store';
import { generateDemo } from '../src/demo/generate';
import { addDays } from '../src/lib/dates';
import { memberBySlackId } from '../src/team/store';

const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 2000);
const CALLS = Number(process.env.BENCH_CALLS ?? 20000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const TODAY = '2026-11-20';

const dir = mkdtempSync(join(tmpdir(), 'bw-store-reads-'));
const db = createDb(join(dir, 'bench.db'), { progress: () => {} });
generateDemo(db, { accounts: ACCOUNTS, days: 90, today: TODAY });
const ids = (db.$client.prepare('select id from accounts').pluck().all() as string[]).slice(0, ACCOUNTS);
const slackIds = db.$client.prepare('select slack_id from team_members where slack_id is not null').pluck().all() as string[];
const w = { from: addDays(TODAY, -60), mid: addDays(TODAY, -30), to: TODAY };

const rawAccount = db.$client.prepare('select * from accounts where id = ?');
const rawMember = db.$client.prepare('select * from team_members where slack_id = ?');
const rawLogins = db.$client.prepare(
  `select coalesce(sum(case when day > @mid then logins end), 0) recent, coalesce(sum(case when day <= @mid then logins end), 0) previous, count(logins) n
     from usage_daily where account_id = @id and day > @from and day <= @to`,
);

const cases: { name: string; store: (i: number) => unknown; floor: (i: number) => unknown }[] = [
  { name: 'account by id', store: (i) => accountById(db, ids[i % ids.length]), floor: (i) => rawAccount.get(ids[i % ids.length]) },
  { name: 'member by Slack id', store: (i) => memberBySlackId(db, slackIds[i % slackIds.length]), floor: (i) => rawMember.get(slackIds[i % slackIds.length]) },
  { name: 'login windows (60 days)', store: (i) => loginWindows(db, ids[i % ids.length], w), floor: (i) => rawLogins.get({ id: ids[i % ids.length], ...w }) },
];

function time(fn: (i: number) => unknown): number {
  const t = process.hrtime.bigint();
  for (let i = 0; i < CALLS; i++) fn(i);
  return Number(process.hrtime.bigint() - t) / 1000 / CALLS;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(`bench:store-reads — ${ids.length} accounts, ${slackIds.length} members, ${CALLS} calls × ${ROUNDS} rounds (median µs per call)`);
for (const c of cases) {
  time(c.store); // warm both
  time(c.floor);
  const s: number[] = [];
  const f: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    f.push(time(c.floor));
    s.push(time(c.store));
  }
  console.log(
    `  ${c.name.padEnd(26)} store ${median(s).toFixed(2)} µs   hand-written floor ${median(f).toFixed(2)} µs   ratio ${(median(s) / median(f)).toFixed(2)}×`,
  );
}
db.$client.close();
rmSync(dir, { recursive: true, force: true });
