/**
 * The store boundary holds: raw SQL (`$client.prepare`, `$client.exec`, the `stmt(` statement cache) appears in
 * src/ only in store, read-model and measured hot-path modules. A new file with raw SQL fails here by name:
 * put the query in its table's store (README, "Who owns which table").
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..');
const RAW_SQL = /\$client\s*\.\s*(?:prepare|exec)\b|\bstmt\(/g;

/** Modules allowed raw SQL, and why. */
const ALLOWED: Record<string, string> = {
  'src/accounts/store.ts': 'accounts store (account ids streamed for imports)',
  'src/attention/store.ts': 'attention store',
  'src/scoring/store.ts': 'scores store (hand-tuned history reads)',
  'src/scoring/latest.ts': 'scores store: latest_scores, written beside every score row',
  'src/scoring/features.ts': 'hot path: set-based feature SQL per keyset chunk (bench:score)',
  'src/team/store.ts': 'team store (recursive CTE drizzle cannot build)',
  'src/validation/store.ts': 'backtest_runs store',
  'src/book/read-model.ts': 'book read model: SQL aggregates and LIMIT for the App Home (bench:home)',
  'src/book/rollup.ts': 'book read model: per-owner rollup',
  'src/book/account-rollups.ts': 'account_rollups owner: set-based refresh and rebuild from the source rows (bench:home)',
  'src/activity/store.ts': 'activity store: the per-row revenue-event lookup on the import path (raw client)',
  'src/book/team.ts': 'book read model: the team rollup of the manager and VP homes (one GROUP BY; bench:home)',
};

/**
 * Raw SQL in areas other helpers owned while the stores landed (issue 13); each moves to its store, and its
 * line goes with it; a stale entry fails like a stale ALLOWED one.
 */
const PENDING: Record<string, string> = {};

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? tsFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

function rawSqlSites(): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of tsFiles(join(ROOT, 'src'))) {
    const n = (readFileSync(f, 'utf8').match(RAW_SQL) ?? []).length;
    if (n > 0) out.set(relative(ROOT, f).split('\\').join('/'), n);
  }
  return out;
}

describe('raw SQL stays in stores', () => {
  const sites = rawSqlSites();

  it('finds the raw SQL it is looking for (the scan itself works)', () => {
    expect(sites.get('src/attention/store.ts')).toBeGreaterThan(5);
    expect(sites.get('src/book/read-model.ts')).toBeGreaterThan(0);
  });

  it('no module outside the allow-list prepares or executes SQL on the raw client', () => {
    const outside = [...sites.keys()].filter((f) => !(f in ALLOWED) && !(f in PENDING));
    expect(outside, `raw SQL outside the stores: ${outside.join(', ')} — move it into its table's store`).toEqual([]);
  });

  it('every allowed store still has raw SQL (a module that no longer needs its entry loses it)', () => {
    const stale = [...Object.keys(ALLOWED), ...Object.keys(PENDING)].filter((f) => !sites.has(f));
    expect(stale, `remove from ALLOWED: ${stale.join(', ')}`).toEqual([]);
  });
});
