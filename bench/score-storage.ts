/**
 * bench:score-storage — bytes of stored score history per account-day, on disk (pages of the table and its
 * indexes, from SQLite's dbstat), for the compact rows and for the JSON rows they replaced (issue 13: target
 * ≤ 150 B). The demo book is scored day by day, as the scheduled job writes it; the very same scores are also
 * written as JSON-era rows into a copy of the old table, so the two figures describe identical history.
 *
 *   BENCH_ACCOUNTS (default 1000) · BENCH_DAYS scored days (default 60)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createDb } from '../db';
import { parseConfig } from '../src/config/load';
import { generateDemo } from '../src/demo/generate';
import { addDays } from '../src/lib/dates';
import { runScoring } from '../src/scoring/run';

const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 1000);
const DAYS = Number(process.env.BENCH_DAYS ?? 60);
const TODAY = '2026-11-23';

/** The health_scores table as migrations 0000–0011 left it (the layout compact rows replaced). */
const LEGACY_DDL = `
CREATE TABLE health_scores (
  id integer PRIMARY KEY AUTOINCREMENT NOT NULL, account_id text NOT NULL, as_of text NOT NULL, score real NOT NULL,
  tier text NOT NULL, components text NOT NULL, drivers text NOT NULL, coverage real NOT NULL, expansion real DEFAULT 0 NOT NULL,
  quadrant text NOT NULL, onboarding integer DEFAULT false NOT NULL, computed_at text NOT NULL);
CREATE UNIQUE INDEX health_scores_account_asof_uq ON health_scores (account_id, as_of);
CREATE INDEX health_scores_asof_idx ON health_scores (as_of, tier);`;

const OBJECTS = ['health_scores', 'health_scores_account_asof_uq', 'health_scores_asof_idx']; // the compact table has no date index

function stored(db: Database.Database): { rows: number; bytes: number; byObject: Record<string, number> } {
  const byObject: Record<string, number> = {};
  for (const o of OBJECTS) byObject[o] = (db.prepare('SELECT COALESCE(SUM(pgsize), 0) b FROM dbstat WHERE name = ?').get(o) as { b: number }).b;
  const rows = (db.prepare('SELECT count(*) n FROM health_scores').get() as { n: number }).n;
  return { rows, bytes: Object.values(byObject).reduce((a, b) => a + b, 0), byObject };
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'bw-bench-storage-'));
  try {
    const db = createDb(join(dir, 'compact.db'));
    const legacy = new Database(join(dir, 'legacy.db'));
    legacy.exec(LEGACY_DDL);
    const ins = legacy.prepare(
      `INSERT INTO health_scores (account_id, as_of, score, tier, components, drivers, coverage, expansion, quadrant, onboarding, computed_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const config = parseConfig({}).scoring;
    const t0 = performance.now();
    generateDemo(db, { accounts: ACCOUNTS, today: TODAY, seed: 7 });
    console.log(
      `bench:score-storage — ${ACCOUNTS} demo accounts, ${DAYS} days scored up to ${TODAY} (demo generated in ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
    );
    let drivers = 0;
    for (let i = DAYS - 1; i >= 0; i--) {
      const asOf = addDays(TODAY, -i);
      const s = runScoring(db, { asOf, config, keepScores: true });
      legacy.transaction(() => {
        for (const x of s.scores ?? []) {
          drivers += x.drivers.length;
          ins.run(
            x.accountId,
            x.asOf,
            x.score,
            x.tier,
            JSON.stringify(x.components),
            JSON.stringify(x.drivers),
            x.coverage,
            x.expansion,
            x.quadrant,
            x.onboarding ? 1 : 0,
            `${asOf}T06:00:00.000Z`,
          );
        }
      })();
      if ((DAYS - i) % 10 === 0) process.stderr.write(`  scored ${DAYS - i}/${DAYS} days\n`);
    }
    const after = stored(db.$client);
    const before = stored(legacy);
    const per = (x: { rows: number; bytes: number }) => x.bytes / x.rows;
    const line = (name: string, x: ReturnType<typeof stored>) =>
      `  ${name.padEnd(8)} ${x.rows.toLocaleString()} rows, ${(x.bytes / 1024 / 1024).toFixed(2)} MB → ${per(x).toFixed(1)} B/account-day` +
      ` (table ${(x.byObject.health_scores / x.rows).toFixed(1)}, account+date index ${(x.byObject.health_scores_account_asof_uq / x.rows).toFixed(1)}, date index ${(x.byObject.health_scores_asof_idx / x.rows).toFixed(1)})`;
    console.log(`  ${(drivers / after.rows).toFixed(2)} drivers per score row on average`);
    console.log(line('JSON', before));
    console.log(line('compact', after));
    console.log(`  compact / JSON = ${(per(after) / per(before)).toFixed(3)}; target ≤ 150 B/account-day: ${per(after) <= 150 ? 'met' : 'NOT met'}`);
    console.log(
      `  at 100,000 accounts: ${((per(before) * 100_000) / 1e6).toFixed(0)} MB/day before, ${((per(after) * 100_000) / 1e6).toFixed(1)} MB/day after`,
    );
    legacy.close();
    db.$client.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
