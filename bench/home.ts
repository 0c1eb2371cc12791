/**
 * bench:home — App Home build time (read + render, no Slack call) at 100,000 accounts, for a CSM (2,000
 * accounts), a manager (20,000) and the VP (all), every filter. Prints medians against two references measured
 * in the same run: the floor (one bare SQL pass totalling ARR over the same accounts) and the plain path
 * (loadBook + summarizeBook + filterBook: every account read into JavaScript), and the Home's "all" filter with
 * account_rollups bypassed (every account on the per-event ARR and last-touch path). Target: the VP's Home ≤ 200 ms.
 * The team view (issue 14: the manager's and the VP's App Home as they open, a row per CSM / manager with the
 * rollup, and a drill-down into one CSM's book) is timed against the same floor. Target: ≤ 300 ms.
 *   BENCH_ACCOUNTS (100000) BENCH_RUNS (9)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeDb, createDb } from '../db';
import { rebuildAccountRollups } from '../src/book/account-rollups';
import { BOOK_FILTERS, filterBook, loadBook, loadOpenAlerts, summarizeBook } from '../src/book/read-model';
import { scopeSql, scopeForUser, scopeParams } from '../src/book/scope';
import { parseConfig } from '../src/config/load';
import { addDays } from '../src/lib/dates';
import { rebuildLatestScores } from '../src/scoring/latest';
import { writeScores } from '../src/scoring/store';
import type { Tier } from '../src/scoring/types';
import { buildHome } from '../src/slack/home-publisher';
import { mulberry32 } from './support/rand';
import { seedBenchTeam } from './support/team';

const N = Number(process.env.BENCH_ACCOUNTS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const TODAY = '2026-11-20';

const rand = mulberry32(42);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function time(fn: () => unknown): number {
  fn(); // warm (statement cache, page cache)
  const ts: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    fn();
    ts.push(performance.now() - t);
  }
  return median(ts);
}

function main() {
  const dir = mkdtempSync(join(tmpdir(), 'bw-bench-home-'));
  const db = createDb(join(dir, 'bench.db'));
  const c = db.$client;
  const t0 = performance.now();
  seedBenchTeam(c);
  const acc = c.prepare(
    "insert into accounts(id, name, owner_email, owner_slack_id, segment, arr, renewal_date, seats_licensed, updated_at) values (?, ?, ?, ?, ?, ?, ?, 50, '2026-01-01')",
  );
  const rev = c.prepare('insert into revenue_events(id, account_id, occurred_on, kind, arr_delta) values (?, ?, ?, ?, ?)');
  const touch = c.prepare("insert into outreach(account_id, logged_by, type, occurred_at) values (?, 'UCSM0', 'call', ?)");
  const alert = c.prepare(
    "insert into alerts(account_id, rule, severity, status, title, chain, sla_due_at, opened_at, acknowledged_at, resolved_at, updated_at, detail) values (?, 'usage_decline', ?, ?, 'Usage down', '[]', ?, ?, ?, ?, ?, ?)",
  );
  // live groups carry a playbook snapshot (overdue steps); resolved ones from the last three weeks feed the SLA shares
  const playbook = JSON.stringify({
    reason: '',
    numbers: {},
    drivers: [],
    playbook: { id: 'pb', title: 'PB', steps: [1, 2, 4, 7].map((d) => ({ id: `s${d}`, title: 'Step', due: `${d}d`, owner: 'csm' })) },
  });
  const at = (daysAgo: number) => `${addDays(TODAY, -daysAgo)}T10:00:00.000Z`;
  const tier = (s: number) => (s >= 85 ? 'Thriving' : s >= 70 ? 'Healthy' : s >= 50 ? 'Neutral' : s >= 30 ? 'At-Risk' : 'Critical');
  c.transaction(() => {
    for (let i = 0; i < N; i++) {
      const id = `acct-${i}`;
      const csm = i % 50;
      const arr = Math.round(5_000 + rand() * 500_000);
      acc.run(
        id,
        `Account ${i}`,
        `csm${csm}@x.io`,
        `UCSM${csm}`,
        ['Starter', 'Growth', 'Pro', 'Enterprise'][i % 4],
        arr,
        addDays(TODAY, Math.floor(rand() * 365)),
      );
      for (const asOf of [addDays(TODAY, -7), TODAY]) {
        const s = 20 + rand() * 80;
        writeScores(db, [
          { accountId: id, asOf, score: Math.round(s), tier: tier(s) as Tier, components: {}, drivers: [], coverage: 0.9, expansion: 0.3, onboarding: false },
        ]);
      }
      rev.run(`${id}-new`, id, '2025-01-01', 'new', arr * 0.9);
      rev.run(`${id}-exp`, id, '2026-06-01', 'expansion', arr * 0.1);
      if (rand() < 0.5) touch.run(id, `${addDays(TODAY, -Math.floor(rand() * 60))}T10:00:00.000Z`);
      if (rand() < 0.02) {
        const opened = Math.floor(rand() * 10);
        alert.run(
          id,
          ['low', 'medium', 'high', 'critical'][i % 4],
          'open',
          at(opened - 2),
          at(opened),
          rand() < 0.5 ? at(opened - 1) : null,
          null,
          at(opened),
          playbook,
        );
      } else if (rand() < 0.03) {
        const opened = 3 + Math.floor(rand() * 18);
        alert.run(id, 'high', 'resolved', at(opened - 2), at(opened), rand() < 0.7 ? at(opened - 1) : null, at(opened - 3), at(opened), '{}');
      }
    }
  })();
  const rebuilt = rebuildLatestScores(db); // the migration's backfill, as an upgraded database has it
  rebuildAccountRollups(c); // likewise: revenue to date and last touch per account
  console.log(
    `bench:home — seeded ${N.toLocaleString('en-US')} accounts (${rebuilt.toLocaleString('en-US')} latest scores, ${(2 * N).toLocaleString('en-US')} revenue events) in ${Math.round(performance.now() - t0)} ms`,
  );

  const config = parseConfig({});
  const now = new Date(`${TODAY}T12:00:00Z`);
  console.log(`median of ${RUNS} runs each, ms (ratio to the floor in brackets):`);
  for (const [who, label] of [
    ['UCSM0', 'CSM (2,000 accounts)'],
    ['UMGR0', 'manager (20,000)'],
    ['UVP0', `VP (all ${N.toLocaleString('en-US')})`],
  ] as const) {
    const { scope } = scopeForUser(db, who, []);
    const floorSql = c.prepare(`select count(*), sum(a.arr) from accounts a where a.lifecycle != 'churned' and ${scopeSql(scope)}`);
    const floor = time(() => floorSql.get(scopeParams(scope)));
    const plain = time(() => {
      const rows = loadBook(db, scope, TODAY);
      summarizeBook(rows, loadOpenAlerts(db, scope, 5).total);
      filterBook(rows, 'all', TODAY).slice(0, 15);
    });
    const homes = BOOK_FILTERS.map((filter) => [filter, time(() => buildHome(db, config, who, now, { filter, page: 0 }))] as const);
    const perEvent = bypassingRollups(c, () => time(() => buildHome(db, config, who, now, { filter: 'all', page: 0 })));
    const r = (ms: number) => `${ms.toFixed(1)} (${(ms / floor).toFixed(1)}×)`;
    console.log(`  ${label}: floor ${floor.toFixed(1)}; plain path ${r(plain)}; App Home "all" on the per-event path ${r(perEvent)}`);
    console.log(`    App Home by filter: ${homes.map(([f, ms]) => `${f} ${r(ms)}`).join(' · ')}`);
    if (who === 'UVP0') {
      const worst = Math.max(...homes.map(([, ms]) => ms));
      console.log(`  target: VP's App Home ≤ 200 ms (slowest filter): ${worst <= 200 ? 'met' : 'NOT met'} (${worst.toFixed(1)} ms)`);
    }
  }
  console.log("team view (the App Home a manager / the VP opens on; and one click into a CSM's book), ms:");
  const team: Array<[string, number]> = [];
  for (const [who, label] of [
    ['UMGR0', `manager (10 CSMs, ${(N / 5).toLocaleString('en-US')} accounts)`],
    ['UVP0', `VP (5 managers, all ${N.toLocaleString('en-US')})`],
  ] as const) {
    const { scope } = scopeForUser(db, who, []);
    const floorSql = c.prepare(`select count(*), sum(a.arr) from accounts a where a.lifecycle != 'churned' and ${scopeSql(scope)}`);
    const floor = time(() => floorSql.get(scopeParams(scope)));
    const home = time(() => buildHome(db, config, who, now));
    const drill = time(() => buildHome(db, config, who, now, { filter: 'all', page: 0, owner: 'csm0@x.io' }));
    const all = time(() => buildHome(db, config, who, now, { filter: 'all', page: 0 }));
    const r = (ms: number) => `${ms.toFixed(1)} (${(ms / floor).toFixed(1)}×)`;
    console.log(`  ${label}: floor ${floor.toFixed(1)}; team view ${r(home)} · a CSM's book ${r(drill)} · all accounts by expected ARR at risk ${r(all)}`);
    team.push([label, Math.max(home, drill, all)]);
  }
  for (const [label, ms] of team)
    console.log(`  target: ${label.split(' ')[0]}'s team view ≤ 300 ms (slowest of the three): ${ms <= 300 ? 'met' : 'NOT met'} (${ms.toFixed(1)} ms)`);
  closeDb(db);
  rmSync(dir, { recursive: true, force: true });
}

/** Run with every rollup row made to hold on no day (rolled back after): the per-event path, for comparison. */
function bypassingRollups<T>(c: ReturnType<typeof createDb>['$client'], fn: () => T): T {
  c.exec("begin; update account_rollups set revenue_last_on = '9999-12-31', last_outreach_at = '9999-12-31'");
  try {
    return fn();
  } finally {
    c.exec('rollback');
  }
}

main();
