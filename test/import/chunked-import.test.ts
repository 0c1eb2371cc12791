/**
 * Fact imports commit chunk by chunk with an undo journal: other writers get the lock between chunks, and
 * a file still lands all or nothing — on a bad row found late, and after a SIGKILL mid-file.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, closeDb, createDb } from '../../db';
import { importRecords } from '../../src/import';
import { recoverInterruptedImports } from '../../src/import/import-runs';
import { unfinishedJobRuns } from '../../src/jobs/runs';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bw-chunked-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ACCOUNTS = 50;
function seeded(name: string): Db {
  const db = createDb(join(dir, `${name}.db`));
  const r = importRecords(
    db,
    'accounts',
    Array.from({ length: ACCOUNTS }, (_, i) => ({ account_id: `a${i}`, name: `A ${i}`, arr: 1000 })),
  );
  expect(r.ok).toBe(true);
  // Existing usage the file will overwrite: an undo must bring these values back.
  const pre = importRecords(
    db,
    'usage',
    Array.from({ length: ACCOUNTS }, (_, i) => ({ account_id: `a${i}`, day: '2026-01-01', active_users: 7, logins: 7 })),
  );
  expect(pre.ok).toBe(true);
  return db;
}

function usageRows(n: number): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) => ({ account_id: `a${i % ACCOUNTS}`, day: dayOf(Math.floor(i / ACCOUNTS)), active_users: i % 13, logins: i % 17 }));
}
const dayOf = (d: number) => new Date(Date.UTC(2026, 0, 1) + d * 86_400_000).toISOString().slice(0, 10);

/** Everything an import of usage can change, as one comparable value. */
function usageState(db: Db) {
  return db.$client.prepare('select count(*) n, total(active_users) au, total(logins) lg, total(key_events) ke from usage_daily').get();
}
const journalSize = (db: Db) => (db.$client.prepare('select count(*) n from import_undo').get() as { n: number }).n;

describe('chunked fact imports', () => {
  it('release the write lock between chunks, where a one-transaction import holds it throughout', () => {
    const db = seeded('lock');
    const other = createDb(db.$client.name, { migrate: false, busyTimeoutMs: 0 });
    const attempt = () => {
      try {
        other.$client.exec("BEGIN IMMEDIATE; update accounts set arr = arr + 1 where id = 'a0'; COMMIT");
        return true;
      } catch {
        return false;
      }
    };
    const tries = (singleTransaction: boolean) => {
      const got: boolean[] = [];
      const r = importRecords(db, 'usage', usageRows(30_000), { singleTransaction, progressIntervalMs: 0, onProgress: () => got.push(attempt()) });
      expect(r.ok).toBe(true);
      return got;
    };
    const chunked = tries(false);
    expect(chunked.length).toBeGreaterThan(3);
    expect(chunked.every(Boolean)).toBe(true); // another writer got in and committed every time
    const single = tries(true);
    expect(single.length).toBeGreaterThan(3);
    expect(single.some(Boolean)).toBe(false);
    expect((db.$client.prepare("select arr from accounts where id = 'a0'").get() as { arr: number }).arr).toBe(1000 + chunked.length);
    expect(journalSize(db)).toBe(0); // a finished import leaves no journal
    closeDb(other);
    closeDb(db);
  });

  it('a bad row after several committed chunks leaves the table exactly as it was', () => {
    const db = seeded('late-problem');
    const before = usageState(db);
    const rows = usageRows(12_000);
    rows.push({ account_id: 'nobody', day: '2026-03-01', active_users: 1 }); // found only at the end
    const r = importRecords(db, 'usage', rows);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/nothing was imported.*record 12001, column "account_id": no account "nobody"/s);
    expect(usageState(db)).toEqual(before);
    expect(db.$client.prepare("select active_users from usage_daily where account_id = 'a3' and day = '2026-01-01'").get()).toEqual({ active_users: 7 });
    expect(journalSize(db)).toBe(0);
    expect(db.$client.prepare("select status from job_runs where job = 'import'").pluck().all()).toContain('failed');
    closeDb(db);
  });

  it('an import SIGKILLed mid-file is undone by the next start, nothing of it kept', async () => {
    const db = seeded('killed');
    const before = usageState(db);
    const csv = join(dir, 'big.csv');
    const lines = ['account_id,day,active_users,logins'];
    for (let i = 0; i < 400_000; i++) lines.push(`a${i % ACCOUNTS},${dayOf(Math.floor(i / ACCOUNTS))},${i % 13},${i % 17}`);
    writeFileSync(csv, `${lines.join('\n')}\n`);
    const child = spawn(process.execPath, ['bin/bellwether.mjs', '--db', db.$client.name, 'import', 'usage', csv], { stdio: 'ignore' });
    const exited = once(child, 'exit');
    const end = Date.now() + 60_000;
    while (journalSize(db) < 5 && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGKILL');
    await exited;
    expect(child.signalCode).toBe('SIGKILL');
    expect(journalSize(db)).toBeGreaterThan(0); // chunks were committed when it died
    expect(usageState(db)).not.toEqual(before);
    expect(unfinishedJobRuns(db, 'import')).toHaveLength(1);

    // Another import starting now (other pid, the dead one's) would undo it; so does the service at start.
    // While the writer's pid belongs to this process it may be a live thread here: left alone, except at start
    // (a recycled pid after a container restart).
    const run = unfinishedJobRuns(db, 'import')[0];
    db.$client.prepare('update job_runs set progress = ? where key = ?').run(`writing pid=${process.pid}`, run.key);
    expect(recoverInterruptedImports(db)).toBe(0);
    expect(journalSize(db)).toBeGreaterThan(0);
    const logs: string[] = [];
    expect(recoverInterruptedImports(db, (l) => logs.push(l), { atStart: true })).toBe(1);
    expect(logs[0]).toMatch(/interrupted mid-file; \d+ journal entries undone/);
    expect(usageState(db)).toEqual(before);
    expect(journalSize(db)).toBe(0);
    expect(unfinishedJobRuns(db, 'import')).toEqual([expect.objectContaining({ status: 'failed' })]);
    expect(recoverInterruptedImports(db)).toBe(0); // and only once
    closeDb(db);
  });
});
