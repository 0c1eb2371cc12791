import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeDb, createDb } from '../../db';
import { AccountIndex } from '../../src/accounts/account-index';
import { addAccount } from '../slack/support/seed';
import { testDb } from '../support/db';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** One database file, two connections (the app's `a` with the index over it, and `b`, like a job or the CLI), and Acme. */
function twoConnections() {
  const dir = mkdtempSync(join(tmpdir(), 'bw-idx-'));
  dirs.push(dir);
  const a = createDb(join(dir, 'x.db'));
  const b = createDb(join(dir, 'x.db'));
  addAccount(a, { id: 'acme-corp', name: 'Acme Corp' });
  return { a, b, idx: new AccountIndex(a) };
}

describe('AccountIndex', () => {
  it('picks up an account inserted on the same connection when a lookup misses', () => {
    const db = testDb();
    addAccount(db, { id: 'acme-corp', name: 'Acme Corp' });
    const idx = new AccountIndex(db);
    expect(idx.lookup('acme corp').kind).toBe('found');
    addAccount(db, { id: 'hooli', name: 'Hooli' });
    const r = idx.lookup('hooli');
    expect(r.kind === 'found' && r.account.id).toBe('hooli');
    expect(idx.size()).toBe(2);
  });

  it('keeps its index when another connection commits something other than accounts (a background job)', () => {
    const { a, b, idx } = twoConnections();
    const built = idx.current();
    b.$client.prepare("insert into job_runs (job, key, status, started_at) values ('scoring', '2026-11-23', 'running', 'x')").run();
    b.$client.prepare("update accounts set segment = 'Pro' where id = 'acme-corp'").run(); // not a name, id or ARR change
    expect(idx.current()).toBe(built);
    b.$client.prepare("update accounts set arr = 5 where id = 'acme-corp'").run();
    expect(idx.current()).not.toBe(built);
    closeDb(a);
    closeDb(b);
  });

  it('rebuilds when another connection (an import) commits', () => {
    const { a, b, idx } = twoConnections();
    expect(idx.current().size).toBe(1);
    addAccount(b, { id: 'pied-piper', name: 'Pied Piper' });
    b.$client.prepare("update accounts set name = 'Acme Corporation' where id = 'acme-corp'").run();
    expect(idx.current().size).toBe(2);
    const r = idx.lookup('acme corporation');
    expect(r.kind === 'found' && r.how).toBe('name');
    closeDb(a);
    closeDb(b);
  });
});
