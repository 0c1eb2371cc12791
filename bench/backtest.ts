/**
 * bench:backtest — the backtest's own runtime at 5,000 accounts × 12 month-end dates (about 15 months of
 * daily usage each, tickets, NPS, revenue with churn), in a temp-file database.
 *
 * The floor, measured in the same run: one plain scoring pass (runScoring: extract + score + write, what
 * the scheduler does once a day) at each of the same 12 dates. The backtest does that scoring in memory
 * plus labelling, the alert rules, per-signal AUCs, baselines and a 1,000-draw bootstrap; the ratio says
 * what all that costs on top. Floor and backtest alternate BENCH_REPEAT times (default 3); medians reported.
 *
 * BENCH_ACCOUNTS overrides 5000.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { type Db, createDb } from '../db';
import { parseConfig } from '../src/config/load';
import { addDays, daysBetween } from '../src/lib/dates';
import { runScoring } from '../src/scoring/run';
import { runBacktest } from '../src/validation/backtest';
import { dataSpan, defaultDates } from '../src/validation/dates';

const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 5000);
const REPEAT = Math.max(1, Number(process.env.BENCH_REPEAT ?? 3));
const START = '2025-01-01';
const END = '2026-06-30';
const DAYS = daysBetween(START, END) + 1;
const config = parseConfig({});

function generate(db: Db): void {
  const c = db.$client;
  const rng = xoroshiro128plus(42);
  const rand = () => uniformFloat64(rng);
  const insAccount = c.prepare(
    `INSERT INTO accounts (id, name, segment, arr, signup_date, renewal_date, seats_licensed, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, '2024-01-01T00:00:00Z')`,
  );
  const insUsage = c.prepare(
    'INSERT INTO usage_daily (account_id, day, active_users, logins, key_events, features_used, integrations) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const insTicket = c.prepare('INSERT INTO tickets (id, account_id, opened_at, closed_at, priority, csat) VALUES (?, ?, ?, ?, ?, ?)');
  const insNps = c.prepare('INSERT INTO nps_responses (id, account_id, responded_at, score) VALUES (?, ?, ?, ?)');
  const insRev = c.prepare('INSERT INTO revenue_events (id, account_id, occurred_on, kind, arr_delta) VALUES (?, ?, ?, ?, ?)');
  const segments = ['Starter', 'Growth', 'Pro', 'Enterprise'];
  const priorities = ['low', 'medium', 'high', 'urgent'];
  const batch = c.transaction((lo: number, hi: number) => {
    for (let i = lo; i < hi; i++) {
      const id = `acct-${String(i).padStart(6, '0')}`;
      const seats = 5 + Math.floor(rand() * 45);
      const arr = Math.round(5_000 + rand() * 100_000);
      insAccount.run(id, `Account ${i}`, segments[i % 4], arr, '2024-06-01', addDays(END, Math.floor(rand() * 365)), seats);
      insRev.run(`${id}-new`, id, '2024-06-01', 'new', arr);
      // about a fifth churn, declining for the 60 days before
      const churnDay = rand() < 0.2 ? Math.floor(90 + rand() * (DAYS - 90)) : DAYS;
      if (churnDay < DAYS) insRev.run(`${id}-churn`, id, addDays(START, churnDay), 'churn', -arr);
      const level = 0.3 + rand() * 0.7;
      for (let d = 0; d < churnDay; d++) {
        const fade = churnDay < DAYS && churnDay - d < 60 ? (churnDay - d) / 60 : 1;
        const active = Math.round(seats * level * fade * (0.6 + rand() * 0.4));
        insUsage.run(id, addDays(START, d), active, active + Math.floor(rand() * 3), Math.floor(active * rand()), Math.min(20, active), 2);
      }
      for (let t = 0; t < 8; t++) {
        const opened = addDays(START, Math.floor(rand() * churnDay));
        const closed = rand() < 0.8 ? addDays(opened, 1 + Math.floor(rand() * 10)) : null;
        insTicket.run(
          `${id}-t${t}`,
          id,
          `${opened}T10:00:00Z`,
          closed && `${closed}T10:00:00Z`,
          priorities[Math.floor(rand() * 4)],
          closed ? 1 + Math.floor(rand() * 5) : null,
        );
      }
      for (let n = 0; n < 4; n++) insNps.run(`${id}-n${n}`, id, `${addDays(START, Math.floor(rand() * churnDay))}T10:00:00Z`, Math.floor(rand() * 11));
    }
  });
  for (let lo = 0; lo < ACCOUNTS; lo += 500) {
    batch(lo, Math.min(ACCOUNTS, lo + 500));
    process.stderr.write(`\r  generated ${Math.min(ACCOUNTS, lo + 500).toLocaleString()} accounts`);
  }
  process.stderr.write('\n');
}

const median = (xs: number[]): number => {
  const v = [...xs].sort((a, b) => a - b);
  return v.length % 2 ? v[v.length >> 1] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
};

const dir = mkdtempSync(join(tmpdir(), 'bw-bench-backtest-'));
try {
  const db = createDb(join(dir, 'bench.db'));
  const g0 = performance.now();
  generate(db);
  const usageRows = db.$client.prepare('SELECT COUNT(*) FROM usage_daily').pluck().get() as number;
  console.log(
    `bench:backtest — ${ACCOUNTS.toLocaleString()} accounts, ${usageRows.toLocaleString()} usage rows (generated in ${Math.round(performance.now() - g0)} ms)`,
  );
  const dates = defaultDates(dataSpan(db)!, 90, 12);
  console.log(`dates: ${dates.length} month-ends ${dates[0]} … ${dates[dates.length - 1]}, horizon 90 days`);
  const floors: number[] = [];
  const runs: number[] = [];
  let last: ReturnType<typeof runBacktest>['result'] | undefined;
  for (let r = 0; r < REPEAT; r++) {
    let t0 = performance.now();
    for (const asOf of dates) runScoring(db, { asOf, config: config.scoring });
    floors.push(performance.now() - t0);
    t0 = performance.now();
    last = runBacktest(db, { dates, horizonDays: 90, config }).result;
    runs.push(performance.now() - t0);
    process.stderr.write(`  repeat ${r + 1}/${REPEAT}: floor ${Math.round(floors[r])} ms, backtest ${Math.round(runs[r])} ms\n`);
  }
  const f = median(floors);
  const b = median(runs);
  const scoringMs = last!.perDate.reduce((s, d) => s + d.ms, 0);
  console.log(`floor (12 plain scoring passes, runScoring): median ${Math.round(f)} ms`);
  console.log(
    `backtest (12 dates, ${last!.headline.rows.toLocaleString()} account-dates, ${last!.headline.churners} churners): median ${Math.round(b)} ms = ${(b / f).toFixed(2)}× the floor`,
  );
  console.log(`  of which scoring the dates in memory: ${scoringMs} ms (last run); AUC ${last!.headline.auc?.toFixed(3)}`);
  console.log(
    `peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB · load average ${loadavg()[0].toFixed(2)} (2 shared cores: compare ratios, not absolute times)`,
  );
  db.$client.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
