/**
 * Import hooks: a kind's special behaviour lives on its spec. A usage kind with hooks keeps a per-account rollup in
 * step with its rows (afterBatch, in the rows' own transaction; onUndo after a chunked import is taken back) and
 * adds a cross-row check; the same kind without hooks imports the same rows and nothing else. Real SQLite, the real
 * import engine.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db';
import type { HookEnv, KindSpec, Row } from '../../src/import/kind';
import { usageKind } from '../../src/import/kinds/usage';
import { compilePlan } from '../../src/import/plan';
import { ImportSession } from '../../src/import/session';
import type { ImportOptions, ImportOutcome } from '../../src/import/types';
import { testDb } from '../support/db';

let db: Db;
let calls: string[];

beforeEach(() => {
  db = testDb();
  calls = [];
  const acc = db.$client.prepare("insert into accounts (id, name, updated_at) values (?, ?, '2026-01-01T00:00:00Z')");
  acc.run('acme', 'Acme');
  acc.run('beta', 'Beta');
  db.$client.exec('create table test_rollup (account_id text primary key, logins integer not null)');
});

const rollup = () => db.$client.prepare('select account_id, logins from test_rollup order by account_id').all();
const usageRows = () => (db.$client.prepare('select count(*) n from usage_daily').get() as { n: number }).n;

/** Usage with a running login total per account, and at most `maxDaysPerAccount` days per account in one file. */
function usageWithRollup(maxDaysPerAccount = Number.POSITIVE_INFINITY): KindSpec {
  return {
    ...usageKind,
    hooks(env: HookEnv) {
      const add = env.client.prepare(
        'insert into test_rollup (account_id, logins) values (?, ?) on conflict (account_id) do update set logins = logins + excluded.logins',
      );
      const days = new Map<string, number[]>();
      return {
        begin: () => void calls.push('begin'),
        accepted(row: Row, n: number) {
          const list = days.get(String(row.account_id)) ?? [];
          list.push(n);
          days.set(String(row.account_id), list);
        },
        afterBatch(rows: readonly Row[]) {
          calls.push(`afterBatch ${rows.length}`);
          for (const r of rows) add.run(r.account_id, r.logins ?? 0);
        },
        check() {
          calls.push('check');
          for (const [account, ns] of days) {
            if (ns.length > maxDaysPerAccount)
              env.problem(ns[maxDaysPerAccount], 'account_id', `${account} has more than ${maxDaysPerAccount} days in this file`);
          }
        },
      };
    },
    onUndo(client) {
      calls.push('onUndo');
      client.exec('delete from test_rollup; insert into test_rollup select account_id, sum(logins) from usage_daily group by account_id');
    },
  };
}

function run(kind: KindSpec, records: Record<string, unknown>[], opts: ImportOptions = {}): ImportOutcome {
  const plan = compilePlan(kind, undefined, { header: null, baseDir: process.cwd() });
  const session = new ImportSession(db, kind, plan, { source: 'test', ...opts }, 'record');
  session.begin();
  records.forEach((r, i) => session.push(r, i + 1));
  return session.finish();
}

const days = (account: string, n: number, logins = 1) =>
  Array.from({ length: n }, (_, i) => ({ account_id: account, day: new Date(Date.UTC(2010, 0, 1 + i)).toISOString().slice(0, 10), logins }));

describe('import kinds with and without hooks', () => {
  it('a kind with hooks maintains its rollup in the rows’ transaction; the same kind without hooks writes only the rows', () => {
    const records = [...days('acme', 3, 2), ...days('beta', 2, 5)];
    const withHooks = run(usageWithRollup(), records);
    expect(withHooks).toMatchObject({ ok: true, inserted: 5 });
    expect(rollup()).toEqual([
      { account_id: 'acme', logins: 6 },
      { account_id: 'beta', logins: 10 },
    ]);
    expect(calls).toEqual(['begin', 'afterBatch 5', 'check']);

    db.$client.exec('delete from usage_daily; delete from test_rollup');
    calls = [];
    const plain = run(usageKind, records);
    expect(plain).toMatchObject({ ok: true, inserted: 5 });
    expect(usageRows()).toBe(5);
    expect(rollup()).toEqual([]);
    expect(calls).toEqual([]);
  });

  it('a dry run or a failed check takes the rollup back with the rows', () => {
    expect(run(usageWithRollup(), days('acme', 3), { dryRun: true })).toMatchObject({ ok: true, dryRun: true });
    expect(rollup()).toEqual([]);
    const failed = run(usageWithRollup(2), days('acme', 3));
    expect(failed.ok).toBe(false);
    expect(JSON.stringify(failed)).toContain('acme has more than 2 days in this file');
    expect(usageRows()).toBe(0);
    expect(rollup()).toEqual([]);
  });

  it('a chunked import that fails after a chunk committed is undone, then onUndo rebuilds the rollup from what is left', () => {
    run(usageWithRollup(), days('beta', 2, 5)); // kept: an earlier import
    calls = [];
    const records = [...days('acme', 4200, 1), { account_id: 'nobody', day: '2026-01-01', logins: 1 }];
    // Progress every 4096 rows commits the open chunk first: the bad last row fails the import after that.
    const out = run(usageWithRollup(), records, { onProgress: () => undefined, progressIntervalMs: 0 });
    expect(out.ok).toBe(false);
    expect(calls).toContain('onUndo');
    expect(calls.filter((c) => c.startsWith('afterBatch')).length).toBeGreaterThan(1);
    expect(usageRows()).toBe(2);
    expect(rollup()).toEqual([{ account_id: 'beta', logins: 10 }]);
  });
});
