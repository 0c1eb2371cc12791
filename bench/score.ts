/**
 * bench:score — the daily pass (scoring + alert evaluation + writes, one streaming pass) against the bare
 * per-account seek floor measured in the same process, at 10k, 100k and 300k accounts × 90 days of daily
 * usage (plus tickets and NPS, 100 CSM owners), in a temp-file database.
 *
 * Each size is measured in its own child process (bench/support/score-pass.ts), so peak RSS is the pass's,
 * not the data generator's. Per size: the floor, a first run (nothing scored, no alert state) and the steady
 * state (yesterday scored and evaluated), REPEAT times alternating; medians reported, CPU and wall. The usage
 * rollups are rebuilt after generation (an import keeps them as rows arrive), so the steady pass (the latest day)
 * reads them and the first run (the day before) reads raw rows.
 * Targets at 100k: steady ≤ 2× floor, first ≤ 3× floor, peak RSS ≤ 300 MB and flat as accounts grow.
 *
 *   npm run bench:score                      (10k, 100k, 300k)
 *   npm run bench:score -- --1m              (adds 1,000,000: long on a shared 2-core machine)
 *   BENCH_SIZES=2000,5000 BENCH_REPEAT=3     (other sizes; each size adds accounts to the same database)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb } from '../db';
import { addDays } from '../src/lib/dates';
import { rebuildUsageRollups } from '../src/usage/rollups';
import type { ChildReport, PassFigures } from './support/score-pass';
import { AS_OF, DAYS, generate } from './support/scoring-data';

const SIZES = (process.env.BENCH_SIZES ?? '10000,100000,300000').split(',').map(Number);
if (process.argv.includes('--1m') && !SIZES.includes(1_000_000)) SIZES.push(1_000_000);
const REPEAT = Math.max(1, Number(process.env.BENCH_REPEAT ?? 3));
const CSMS = 100;

const median = (xs: number[]): number => {
  const v = [...xs].sort((a, b) => a - b);
  return v.length % 2 ? v[v.length >> 1] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
};
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (kb: number) => `${Math.round(kb / 1024)} MB`;

interface Row {
  n: number;
  floor: { ms: number; cpuMs: number };
  first: PassFigures;
  steady: PassFigures;
  report: ChildReport;
}

/** Medians of each figure across the repeats. */
function med(ps: PassFigures[]): PassFigures {
  const m = (f: (p: PassFigures) => number) => median(ps.map(f));
  return {
    ms: m((p) => p.ms),
    cpuMs: m((p) => p.cpuMs),
    evaluateMs: m((p) => p.evaluateMs),
    phases: { extractMs: m((p) => p.phases.extractMs), scoreMs: m((p) => p.phases.scoreMs), writeMs: m((p) => p.phases.writeMs) },
    accounts: ps[0].accounts,
    opened: ps[0].opened,
    unchanged: ps[0].unchanged,
  };
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'bw-bench-score-'));
  const file = join(dir, 'bench.db');
  const child = fileURLToPath(new URL('./support/score-pass.ts', import.meta.url));
  const rows: Row[] = [];
  console.log(
    `load average at start: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} on ${availableParallelism()} cores`,
  );
  console.log(
    `bench:score — daily pass (score + evaluate + write), ${DAYS} days of usage per account, as of ${AS_OF}; ${REPEAT} alternating runs per size; db ${file}`,
  );
  try {
    let have = 0;
    for (const n of SIZES) {
      const db = createDb(file);
      // Generation only: skip journaling and fsync (the measuring child opens the file with the normal WAL settings).
      db.$client.pragma('journal_mode = OFF');
      db.$client.pragma('synchronous = OFF');
      const g0 = performance.now();
      generate(db, have, n);
      if (have === 0) {
        const m = db.$client.prepare("INSERT INTO team_members (email, name, slack_id, role, updated_at) VALUES (?, ?, ?, 'csm', '2026-01-01')");
        for (let i = 0; i < CSMS; i++) m.run(`csm${i}@bench.io`, `CSM ${i}`, `UCSM${String(i).padStart(4, '0')}`);
      }
      db.$client.prepare(`UPDATE accounts SET owner_email = 'csm' || (rowid % ${CSMS}) || '@bench.io' WHERE owner_email IS NULL`).run();
      // The generator writes raw rows: build the usage rollups an import keeps as it goes (not part of the pass).
      const r0 = performance.now();
      rebuildUsageRollups(db.$client);
      const rollupMs = performance.now() - r0;
      have = n;
      const usage = db.$client.prepare('SELECT COUNT(*) FROM usage_daily').pluck().get() as number;
      db.$client.pragma('journal_mode = WAL');
      db.$client.close();
      console.log(
        `  ${n.toLocaleString()} accounts, ${usage.toLocaleString()} usage rows (generated in ${s(performance.now() - g0)}, usage rollups rebuilt in ${s(rollupMs)})`,
      );
      const out = execFileSync(process.execPath, ['--import', 'tsx', child, file, String(REPEAT), addDays(AS_OF, -1), AS_OF], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
        maxBuffer: 1 << 20,
      });
      const report = JSON.parse(out.trim().split('\n').at(-1)!) as ChildReport;
      const floor = { ms: median(report.floors.map((f) => f.ms)), cpuMs: median(report.floors.map((f) => f.cpuMs)) };
      const first = med(report.first);
      const steady = med(report.steady);
      rows.push({ n, floor, first, steady, report });
      const line = (label: string, p: PassFigures) =>
        `    ${label}: ${s(p.ms)} wall (${(p.ms / floor.ms).toFixed(2)}× floor), ${s(p.cpuMs)} CPU (${(p.cpuMs / floor.cpuMs).toFixed(2)}× floor) | ` +
        `extract ${s(p.phases.extractMs)}, score ${s(p.phases.scoreMs)}, write ${s(p.phases.writeMs)}, evaluate ${s(p.evaluateMs)} | ` +
        `${p.accounts.toLocaleString()} scored, ${p.opened.toLocaleString()} groups opened, ${p.unchanged.toLocaleString()} unchanged`;
      console.log(`    floor (per-account seek, 60 days + tickets + NPS): ${s(floor.ms)} wall, ${s(floor.cpuMs)} CPU`);
      console.log(line('first run   ', first));
      console.log(line('steady state', steady));
      console.log(`    RSS: ${mb(report.baseRssKb)} before the passes, peak ${mb(report.peakRssKb)}`);
    }
    console.log('\ncurve (steady state; µs per account should stay flat, RSS should not grow):');
    for (const r of rows) {
      console.log(
        `  ${r.n.toLocaleString().padStart(9)} accounts: steady ${s(r.steady.ms)} (${((r.steady.cpuMs * 1000) / r.n).toFixed(1)} µs CPU/account, ` +
          `${(r.steady.cpuMs / r.floor.cpuMs).toFixed(2)}× floor CPU, ${(r.steady.ms / r.floor.ms).toFixed(2)}× wall) | ` +
          `first ${s(r.first.ms)} (${(r.first.cpuMs / r.floor.cpuMs).toFixed(2)}× CPU, ${(r.first.ms / r.floor.ms).toFixed(2)}× wall) | peak RSS ${mb(r.report.peakRssKb)}`,
      );
    }
    const at = rows.find((r) => r.n === 100_000) ?? rows.at(-1)!;
    const big = rows.filter((r) => r.n >= at.n);
    const flat = Math.max(...big.map((r) => r.report.peakRssKb)) - Math.min(...big.map((r) => r.report.peakRssKb)) <= 32 * 1024;
    const ok = (b: boolean) => (b ? 'MET' : 'MISSED');
    console.log(
      `targets @ ${at.n.toLocaleString()} (CPU ratios): steady ≤ 2× floor ${ok(at.steady.cpuMs <= 2 * at.floor.cpuMs)}; first ≤ 3× floor ${ok(at.first.cpuMs <= 3 * at.floor.cpuMs)}; ` +
        `peak RSS ≤ 300 MB ${ok(at.report.peakRssKb <= 300 * 1024)}; RSS flat (±32 MB) from ${at.n.toLocaleString()} to ${rows.at(-1)!.n.toLocaleString()} ${ok(flat)}`,
    );
  } finally {
    if (process.env.BENCH_KEEP) console.log(`kept ${file}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

main();
