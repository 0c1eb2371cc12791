/**
 * npm run bench:import — 1,000,000 usage_daily rows (11,000 accounts × 91 days, capped) through
 * the real importer from a CSV file, then the same already-parsed rows through a bare
 * prepared-statement insert loop into a fresh database. Prints rows/s, peak RSS and the ratio.
 * Targets: importer ≥ 0.5 × the bare loop, peak RSS < 500 MB.
 */
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { closeDb, createDb, type Db } from '../db';
import { importFile, importRecords } from '../src/import';
import { addDays } from '../src/lib/dates';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const ACCOUNTS = 11_000;
const DAYS = 91;
const FIRST_DAY = '2026-08-22';

const dir = mkdtempSync(join(tmpdir(), 'bw-bench-import-'));
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** Peak resident set since the last reset, from the kernel (covers native SQLite memory too). */
function vmHwm(): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}
function resetHwm(): void {
  try {
    writeFileSync('/proc/self/clear_refs', '5'); // Linux: reset VmHWM to the current RSS
  } catch {
    /* not Linux, or not allowed: the peak then includes setup */
  }
}

function seedAccounts(db: Db): void {
  const records = Array.from({ length: ACCOUNTS }, (_, i) => ({ account_id: `acct-${i}`, name: `Account ${i}`, arr: 1000 + i }));
  const r = importRecords(db, 'accounts', records);
  if (!r.ok) throw new Error(r.message);
}

function generateCsv(path: string): void {
  const fd = openSync(path, 'w');
  let buf = 'account_id,day,active_users,logins,key_events,features_used,integrations\n';
  const days = Array.from({ length: DAYS }, (_, d) => addDays(FIRST_DAY, d));
  let n = 0;
  outer: for (let a = 0; a < ACCOUNTS; a++) {
    for (let d = 0; d < DAYS; d++) {
      if (n++ >= ROWS) break outer;
      const x = (a * 31 + d * 17) % 97;
      buf += `acct-${a},${days[d]},${x % 23},${x % 41},${x * 3},${x % 12},${a % 5}\n`;
      if (buf.length > 1 << 20) {
        writeSync(fd, buf);
        buf = '';
      }
    }
  }
  writeSync(fd, buf);
  closeSync(fd);
}

function main(): void {
  const csvPath = join(dir, 'usage.csv');
  console.log(`bench:import — ${fmt(ROWS)} usage_daily rows (${fmt(ACCOUNTS)} accounts × ${DAYS} days), temp dir ${dir}`);
  generateCsv(csvPath);

  // 1. The importer, from the file (streamed).
  const dbA = createDb(join(dir, 'importer.db'));
  seedAccounts(dbA);
  if (global.gc) global.gc();
  resetHwm();
  let sampledPeak = process.memoryUsage().rss;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const out = importFile(dbA, 'usage', csvPath, {
    onProgress: (p) => {
      sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss);
      process.stderr.write(`  importer: ${fmt(p.done)} / ${fmt(p.total ?? 0)} rows, ${fmt((p.done / p.elapsedMs) * 1000)} rows/s\n`);
    },
  });
  const importMs = performance.now() - t0;
  const importCpuMs = cpuMs(process.cpuUsage(cpu0));
  sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss);
  const hwm = vmHwm();
  if (!out.ok) throw new Error(out.message);
  if (out.inserted !== ROWS) throw new Error(`expected ${ROWS} inserted, got ${out.inserted}`);
  closeDb(dbA);
  const importRate = (ROWS / importMs) * 1000;

  // 2. The bare loop: the same rows, parsed beforehand (not timed), one prepared INSERT each.
  const records = parse(readFileSync(csvPath), { from_line: 2 }) as string[][];
  const rows = records.map((r) => [r[0], r[1], Number(r[2]), Number(r[3]), Number(r[4]), Number(r[5]), Number(r[6])]);
  const dbB = createDb(join(dir, 'bare.db'));
  seedAccounts(dbB);
  const c = dbB.$client;
  const insert = c.prepare(
    'INSERT INTO usage_daily (account_id, day, active_users, logins, key_events, features_used, integrations) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const t1 = performance.now();
  const cpu1 = process.cpuUsage();
  c.transaction(() => {
    for (const r of rows) insert.run(r);
  })();
  const bareMs = performance.now() - t1;
  const bareCpuMs = cpuMs(process.cpuUsage(cpu1));
  closeDb(dbB);
  const bareRate = (ROWS / bareMs) * 1000;

  const peak = Math.max(hwm ?? 0, sampledPeak);
  // The ratio uses CPU time: on a shared machine wall time mostly measures the neighbours.
  const ratio = bareCpuMs / importCpuMs;
  const wallRatio = importRate / bareRate;
  console.log(
    `importer   : ${fmt(importRate)} rows/s wall (${(importMs / 1000).toFixed(2)} s), ${fmt((ROWS / importCpuMs) * 1000)} rows/s CPU (${(importCpuMs / 1000).toFixed(2)} s) — parse + validate + upsert, one transaction`,
  );
  console.log(`peak RSS   : ${mb(peak)} during the import (VmHWM ${hwm === null ? 'n/a' : mb(hwm)}, sampled ${mb(sampledPeak)})`);
  console.log(
    `bare loop  : ${fmt(bareRate)} rows/s wall (${(bareMs / 1000).toFixed(2)} s), ${fmt((ROWS / bareCpuMs) * 1000)} rows/s CPU (${(bareCpuMs / 1000).toFixed(2)} s) — prepared INSERT of pre-parsed rows`,
  );
  console.log(`ratio      : ${ratio.toFixed(2)} × bare by CPU time, ${wallRatio.toFixed(2)} × by wall time (target ≥ 0.50) ${ratio >= 0.5 ? 'OK' : 'MISSED'}`);
  console.log(`memory     : ${peak < 500 * 1024 * 1024 ? 'OK' : 'MISSED'} (target < 500 MB)`);
}

function cpuMs(u: NodeJS.CpuUsage): number {
  return (u.user + u.system) / 1000;
}

try {
  main();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
