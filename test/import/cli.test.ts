import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeDb, createDb } from '../../db';
import { main } from '../../src/cli/main';
import { count, dump, tempFiles } from './helpers';
import { sharedPath } from '../support/shared';

async function run(dbPath: string, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['--db', dbPath, 'import', ...args], { out: (l) => out.push(l), err: (l) => err.push(l), isTTY: false }, {});
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function inDb<T>(path: string, fn: (db: ReturnType<typeof createDb>) => T): T {
  const db = createDb(path);
  try {
    return fn(db);
  } finally {
    closeDb(db);
  }
}

describe('bellwether import (in-process CLI)', () => {
  it('imports, then reports a re-import as all unchanged', async () => {
    const f = tempFiles();
    const db = join(f.dir, 'b.db');
    const csv = f.write('accounts.csv', 'account_id,name,arr\nacme-corp,Acme Corp,120000\nglobex,Globex,5000\n');
    const first = await run(db, 'accounts', csv);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(new RegExp(`^imported accounts from ${csv}: 2 rows read; 2 inserted, 0 updated, 0 unchanged \\(`));
    const second = await run(db, 'accounts', csv);
    expect(second.code).toBe(0);
    expect(second.out).toContain('2 rows read; 0 inserted, 0 updated, 2 unchanged');
    expect(inDb(db, (d) => count(d, 'import_runs'))).toBe(2);
  });

  it('exits 1 with file, row, column and reason; the database is unchanged', async () => {
    const f = tempFiles();
    const db = join(f.dir, 'b.db');
    await run(db, 'accounts', f.write('a.csv', 'account_id,name\nacme-corp,Acme Corp\n'));
    const before = inDb(db, dump);
    const bad = f.write('usage.csv', 'account_id,day,logins\nacme-corp,2026-11-01,3\nacme-corp,2026-13-01,4\nnobody,2026-11-01,1\n');
    const r = await run(db, 'usage', bad);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toBe(
      [
        `error: ${bad}: 2 problems, nothing was imported`,
        '  row 2, column "day": not a valid date (expected YYYY-MM-DD or an ISO timestamp) (got "2026-13-01")',
        '  row 3, column "account_id": no account "nobody" (import accounts first, or use snapshot to create them)',
      ].join('\n'),
    );
    expect(inDb(db, dump)).toBe(before);
  });

  it('--dry-run validates and writes nothing', async () => {
    const f = tempFiles();
    const db = join(f.dir, 'b.db');
    const r = await run(db, 'snapshot', f.write('s.csv', 'account_id,mrr,nps_score\nacme-corp,1000,9\n'), '--dry-run');
    expect(r.code).toBe(0);
    expect(r.out).toContain('dry run, nothing written: snapshot from');
    expect(r.out).toContain('1 inserted, 0 updated, 0 unchanged, 1 accounts created');
    expect(inDb(db, (d) => [count(d, 'accounts'), count(d, 'account_snapshots'), count(d, 'import_runs')])).toEqual([0, 0, 0]);
  });

  it('--map adapts a foreign export (RavenStack accounts)', async () => {
    const f = tempFiles();
    const db = join(f.dir, 'b.db');
    const root = resolve(__dirname, '../..');
    const r = await run(db, 'accounts', sharedPath('data/ravenstack/accounts.csv'), '--map', join(root, 'mappings/ravenstack/accounts.yml'));
    expect(r.code).toBe(0);
    expect(r.out).toContain('500 rows read; 500 inserted');
  });

  it('user mistakes: unknown kind, missing file, bad mapping', async () => {
    const f = tempFiles();
    const db = join(f.dir, 'b.db');
    const a = await run(db, 'customers', 'x.csv');
    expect([a.code, a.err]).toEqual([1, 'error: unknown import kind "customers" (use one of accounts, team, usage, tickets, nps, revenue, signals, snapshot)']);
    const b = await run(db, 'accounts', join(f.dir, 'missing.csv'));
    expect([b.code, b.err]).toEqual([1, `error: ${join(f.dir, 'missing.csv')}: no such file`]);
    const c = await run(db, 'accounts', f.write('a.csv', 'id\nx\n'), '--map', f.write('m.yml', 'columns:\n  name: { form: Company }\n'));
    expect(c.code).toBe(1);
    expect(c.err).toContain('columns.name');
  });

  it('bad bytes and bad shapes: exit 1 with file, row and field, no stack trace, database unchanged (issue 10)', async () => {
    const f = tempFiles();
    const db = join(f.dir, 'b.db');
    await run(db, 'accounts', f.write('a.csv', 'account_id,name\nacme-corp,Acme Corp\n'));
    const before = inDb(db, dump);
    const deep = f.write('deep.jsonl', `{"account_id":"acme-corp","name":${'['.repeat(200_000)}${']'.repeat(200_000)}}\n`);
    const d = await run(db, 'accounts', deep);
    expect([d.code, d.err]).toEqual([
      1,
      `error: ${deep}: 1 problem, nothing was imported\n  line 1, column "name": is nested more than 10 levels deep (records hold single values)`,
    ]);
    const latin = f.write('latin1.csv', Buffer.from('account_id,name\nacme-corp,Acme Corp\u00e9\n', 'latin1'));
    const u = await run(db, 'accounts', latin);
    expect(u.code).toBe(1);
    expect(u.err).toContain(`error: ${latin}: 1 problem, nothing was imported\n  row 1, column "name": is not valid UTF-8 (bad byte at offset 35 of the input`);
    const huge = f.write('huge.csv', 'account_id,name,arr\nacme-corp,Acme Corp,1e308\n');
    const h = await run(db, 'accounts', huge);
    expect([h.code, h.err]).toEqual([
      1,
      `error: ${huge}: 1 problem, nothing was imported\n  row 1, column "arr": must be at most 1,000,000,000,000 (got "1e308")`,
    ]);
    for (const r of [d, u, h]) expect(r.err).not.toMatch(/\n\s+at /);
    expect(inDb(db, dump)).toBe(before);
  });

  it('mapping and lookup files: invalid UTF-8 and CSV syntax errors are user errors naming the file and line', async () => {
    const f = tempFiles();
    const db = join(f.dir, 'b.db');
    const csv = f.write('a.csv', 'id,name,tier\nacme-corp,Acme,gold\n');
    const badMap = f.write('m.yml', Buffer.from('columns:\n  account_id: id\n  segment: { from: tier, map: { gold: "Entreprise \xe9" } }\n', 'latin1'));
    const m = await run(db, 'accounts', csv, '--map', badMap);
    expect([m.code, m.err]).toEqual([
      1,
      `error: mapping file ${badMap}: line 3 is not valid UTF-8 (bad byte at offset 76 of the input; save or export it as UTF-8)`,
    ]);
    f.write('tiers.csv', 'code,label\ngold,"Gold\n');
    const lookupMap = f.write(
      'l.yml',
      'columns:\n  account_id: id\n  segment: { from: tier, lookup: tiers }\nlookups:\n  tiers: { file: tiers.csv, key: code, value: label }\n',
    );
    const l = await run(db, 'accounts', csv, '--map', lookupMap);
    expect(l.code).toBe(1);
    expect(l.err).toMatch(/^error: mapping: lookup file .*tiers\.csv: CSV syntax error: Quote Not Closed/);
    expect(l.err).not.toMatch(/\n\s+at /);
  });
});
