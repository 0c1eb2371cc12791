/**
 * Usage rollups (src/usage/rollups.ts) kept at import, by the demo writer and on undo: features and alert facts
 * read through the rollups equal those read from raw rows as of the latest day, after an import, a re-import that
 * changes rows, and an undo; the migration's backfill builds the same table as the rebuild. Real SQLite, the real
 * import engine.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { type Db, MIGRATIONS_DIR } from '../../db';
import { generateDemo } from '../../src/demo/generate';
import { importRecords } from '../../src/import';
import { addDays } from '../../src/lib/dates';
import { type FeatureEntry, streamFeatures } from '../../src/scoring/features';
import { rebuildUsageRollups } from '../../src/usage/rollups';
import { testDb } from '../support/db';

const LATEST = '2026-03-31';
let db: Db;

/** Deterministic LCG so every run checks the same data. */
function rng(seed: number) {
  let s = seed;
  return () => (s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

/**
 * Usage for 40 accounts over 100 days up to LATEST, in shapes that take every branch of the window code: steady,
 * quiet for the last 30+ days (last login found by the seek), never a login, no logins column at all, gaps, history
 * shorter than the windows, and accounts whose data stops before the latest day (no rollup as of it).
 */
function usageRecords(seed: number): Record<string, unknown>[] {
  const r = rng(seed);
  const out: Record<string, unknown>[] = [];
  for (let a = 0; a < 40; a++) {
    const id = `acct-${String(a).padStart(2, '0')}`;
    const shape = a % 8;
    const span = shape === 5 ? 20 : 100;
    const stopsEarly = shape === 6 && a < 20 ? 5 : 0;
    for (let d = span - 1; d >= stopsEarly; d--) {
      if (shape === 3 && d > 0 && r() < 0.5) continue; // gaps
      const day = addDays(LATEST, -d);
      const quiet = shape === 1 && d < 45;
      const logins = shape === 2 || quiet ? 0 : Math.floor(r() * 20);
      const row: Record<string, unknown> = {
        account_id: id,
        day,
        active_users: Math.floor(r() * 9),
        key_events: Math.floor(r() * 50),
        features_used: Math.floor(r() * 7),
      };
      if (shape !== 4) row.logins = logins; // shape 4: the column is never given (stored NULL)
      if (shape !== 7) row.integrations = Math.floor(r() * 4);
      out.push(row);
    }
  }
  return out;
}

beforeEach(() => {
  db = testDb();
  const acc = db.$client.prepare("insert into accounts (id, name, signup_date, updated_at) values (?, ?, '2025-01-01', '2026-01-01T00:00:00Z')");
  for (let a = 0; a < 41; a++) acc.run(`acct-${String(a).padStart(2, '0')}`, `Account ${a}`);
});

const entries = (asOf: string, usageRollups: boolean, chunkSize = 7): FeatureEntry[] =>
  [...streamFeatures(db, asOf, { signalWindowDays: 30, withFacts: true, usageRollups, chunkSize })].flatMap((c) => c.entries);
const rollups = () => db.$client.prepare('select * from usage_rollups order by account_id').all() as { account_id: string; as_of: string }[];

function expectEquivalent(asOf = LATEST): void {
  const raw = entries(asOf, false);
  expect(raw.filter((e) => e.features?.usage).length).toBeGreaterThan(30);
  for (const chunkSize of [7, 2000]) expect(entries(asOf, true, chunkSize)).toEqual(raw);
}

describe('usage rollups', () => {
  it('an import keeps one rollup per account as of its latest day; features through them equal the raw-row features', () => {
    expect(importRecords(db, 'usage', usageRecords(1))).toMatchObject({ ok: true });
    const rows = rollups();
    expect(rows.length).toBe(40);
    expect(rows.filter((r) => r.as_of === LATEST).length).toBe(38);
    expect(rows.filter((r) => r.as_of === addDays(LATEST, -5)).map((r) => r.account_id)).toEqual(['acct-06', 'acct-14']);
    expectEquivalent();
    // A past date (backfills, backtests) has no rollups as of it: the raw path, the same features.
    expectEquivalent(addDays(LATEST, -10));
  });

  it('the daily-pass path reads the rollup, not the rows (rows changed behind the store’s back leave the features as they were)', () => {
    importRecords(db, 'usage', usageRecords(2));
    const before = entries(LATEST, true, 2000);
    db.$client.prepare('update usage_daily set logins = logins + 100 where day > ?').run(addDays(LATEST, -30));
    const after = entries(LATEST, true, 2000);
    // acct-06 and acct-14 have no rollup as of LATEST (their data stops earlier): those two read raw rows.
    const raw = new Set(['acct-06', 'acct-14']);
    expect(after.filter((e) => !raw.has(e.id))).toEqual(before.filter((e) => !raw.has(e.id)));
    expect(after.filter((e) => raw.has(e.id)).map((e) => e.features!.usage!.logins30)).toEqual(
      before.filter((e) => raw.has(e.id)).map((e) => e.features!.usage!.logins30 + 100 * e.features!.usage!.days30),
    );
    expect(entries(LATEST, false)).not.toEqual(before);
  });

  it('a re-import that changes rows (new values, a new latest day for some accounts) moves the rollups with them', () => {
    importRecords(db, 'usage', usageRecords(3));
    const before = entries(LATEST, true);
    const changed = usageRecords(4).filter((_, i) => i % 3 === 0);
    // acct-06 (stopped 5 days early) reports the latest day now; acct-40 gets its first usage.
    changed.push({ account_id: 'acct-06', day: LATEST, logins: 3 }, { account_id: 'acct-40', day: LATEST, logins: 0, active_users: 1 });
    expect(importRecords(db, 'usage', changed)).toMatchObject({ ok: true });
    expect(rollups().find((r) => r.account_id === 'acct-06')!.as_of).toBe(LATEST);
    expect(rollups().length).toBe(41);
    expect(entries(LATEST, true)).not.toEqual(before);
    expectEquivalent();
  });

  it('a chunked import taken back after chunks committed rebuilds the rollups from the rows left', () => {
    importRecords(db, 'usage', usageRecords(5));
    const kept = rollups();
    const big = Array.from({ length: 4200 }, (_, i) => ({
      account_id: `acct-${String(i % 40).padStart(2, '0')}`,
      day: addDays(LATEST, -(i % 100)),
      logins: 999,
    }));
    big.push({ account_id: 'nobody', day: LATEST, logins: 1 });
    // Progress every 4,096 rows commits the open chunk first: the bad last row fails the import after that.
    const out = importRecords(db, 'usage', big, { onProgress: () => undefined, progressIntervalMs: 0 });
    expect(out.ok).toBe(false);
    expect(rollups()).toEqual(kept);
    expectEquivalent();
  });

  it('a dry run leaves the rollups as they were', () => {
    importRecords(db, 'usage', usageRecords(6));
    const kept = rollups();
    expect(importRecords(db, 'usage', usageRecords(7), { dryRun: true })).toMatchObject({ ok: true, dryRun: true });
    expect(rollups()).toEqual(kept);
  });

  it("the migration's backfill statement builds the same table as rebuildUsageRollups, and the import's upkeep agrees with both", () => {
    importRecords(db, 'usage', usageRecords(8));
    const kept = db.$client.prepare('select * from usage_rollups order by account_id').all();
    rebuildUsageRollups(db.$client);
    const rebuilt = db.$client.prepare('select * from usage_rollups order by account_id').all();
    expect(rebuilt).toEqual(kept);
    const sql = readFileSync(join(MIGRATIONS_DIR, '0017_usage_rollups.sql'), 'utf8').split('--> statement-breakpoint');
    const backfill = sql.find((s) => s.includes('INSERT INTO'))!;
    db.$client.prepare('delete from usage_rollups').run();
    db.$client.exec(backfill);
    expect(db.$client.prepare('select * from usage_rollups order by account_id').all()).toEqual(rebuilt);
    expect(rebuilt.length).toBe(40);
  });

  it('the demo writer keeps them as it writes (and --replace clears them with the rows)', () => {
    const fresh = testDb();
    generateDemo(fresh, { accounts: 60, days: 120, seed: 7, today: LATEST });
    const written = fresh.$client.prepare('select * from usage_rollups order by account_id').all() as { as_of: string }[];
    expect(written.length).toBeGreaterThan(40);
    expect(written.some((r) => r.as_of === LATEST)).toBe(true);
    rebuildUsageRollups(fresh.$client);
    expect(fresh.$client.prepare('select * from usage_rollups order by account_id').all()).toEqual(written);
    generateDemo(fresh, { accounts: 30, days: 120, seed: 8, today: LATEST, replace: true });
    const replaced = fresh.$client.prepare('select * from usage_rollups order by account_id').all();
    rebuildUsageRollups(fresh.$client);
    expect(fresh.$client.prepare('select * from usage_rollups order by account_id').all()).toEqual(replaced);
    expect(replaced.length).toBeLessThanOrEqual(30);
  });
});
