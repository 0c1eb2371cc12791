import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, createDb } from '../../db';
import { main } from '../../src/cli/main';
import { AS_OF, seedCohortFixture } from './fixture';

let dir: string;
let dbPath: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bw-cohorts-'));
  dbPath = join(dir, 'b.db');
  const db = createDb(dbPath);
  seedCohortFixture(db);
  closeDb(db);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['--db', dbPath, 'cohorts', ...args], { out: (l) => out.push(l), err: (l) => err.push(l), isTTY: false }, {});
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('bellwether cohorts', () => {
  it('prints the logo triangle, time to first value and churn drivers, and says what it did', async () => {
    const r = await run('--as-of', AS_OF);
    expect(r.code).toBe(0);
    expect(r.err).toContain('loaded 9 accounts and 15 revenue events as of 2026-06-15');
    const lines = r.out.split('\n');
    expect(lines[0]).toBe(
      'cohorts as of 2026-06-15: 7 accounts in 3 monthly cohorts, logo retention, months 0–12 (left out: 1 without a start day, 1 starting after 2026-06-15)',
    );
    expect(r.out).toMatch(/^cohort +size +M0 +M1 +M2 +M3 +M4 +M5$/m);
    expect(r.out).toMatch(/^2026-01 +4 +100% +100% +75% +75% +100% +100%$/m);
    expect(r.out).toMatch(/^2026-02 +2 +50% +50% +50% +50% +50%$/m);
    expect(r.out).toMatch(/^weighted +7 +86% +83% +67% +67% +83% +100%$/m);
    expect(r.out).toContain('Churn drivers 2025-06-16 to 2026-06-15: 2 churns, $7k ARR lost');
    expect(r.out).toMatch(/1\. budget +1 churn +\$4k/);
  });

  it('--json gives {cohort, size, retention} rows, with the split value under --by', async () => {
    const r = await run('--as-of', AS_OF, '--json', '--metric', 'revenue');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual([
      { cohort: '2026-01', size: 4, retention: [1, 1.0714, 0.5714, 0.5714, 0.8571, 0.8571] },
      { cohort: '2026-02', size: 2, retention: [1, 1, 2, 2, 2] },
      { cohort: '2026-06', size: 1, retention: [1] },
    ]);
    expect(r.err).toContain('7 accounts in 3 monthly cohorts, revenue retention');
    const split = JSON.parse((await run('--as-of', AS_OF, '--json', '--by', 'onboarding')).out) as Array<Record<string, unknown>>;
    expect(split.map((x) => [x.onboarding, x.cohort, x.size])).toEqual([
      ['activated', '2026-01', 2],
      ['not activated', '2026-01', 2],
      ['not activated', '2026-02', 2],
      ['unknown', '2026-06', 1],
    ]);
    const plan = await run('--as-of', AS_OF, '--by', 'plan');
    expect(plan.out).toMatch(/^plan tier +cohort +size +M0/m);
    expect(plan.out).toMatch(/^Starter +2026-01 +2 +100% +100% +50% +50% +100% +100%$/m);
  });

  it('names the bad argument and prints nothing else', async () => {
    for (const [args, msg] of [
      [['--by', 'region'], '--by must be one of segment, plan, onboarding, got "region"'],
      [['--metric', 'arr'], '--metric must be one of logo, revenue, got "arr"'],
      [['--as-of', '2026-13-01'], '--as-of must be a calendar date YYYY-MM-DD, got "2026-13-01"'],
      [['--as-of', '2025-01-01'], 'no account has a start day (contract_start or signup_date) on or before 2025-01-01'],
    ] as const) {
      const r = await run(...args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.err).toContain(msg);
      expect(r.out).toBe('');
    }
  });
});
