import { describe, expect, it } from 'vitest';
import { type ImportOutcome, importFile, loadMapping, parseMapping } from '../../src/import';
import { UserError } from '../../src/lib/errors';
import { testDb } from '../support/db';
import { NOW, dump, row, tempFiles } from './helpers';

function ok(o: ImportOutcome) {
  if (!o.ok) throw new Error(o.message);
  return o;
}

describe('mapping files', () => {
  it('renames columns, parses MM/DD/YYYY, maps plan names to segments, booleans to lifecycle, sets constants, ignores columns', () => {
    const db = testDb();
    const f = tempFiles();
    const map = f.write(
      'crm.yml',
      `kind: accounts
date_format: MM/DD/YYYY
columns:
  account_id: Customer ID
  name: Company
  segment: { from: Plan, map: { Gold: Enterprise, Silver: Growth, Bronze: Starter } }
  lifecycle: { from: Cancelled, map: { "TRUE": churned, "FALSE": active, "1": churned, "0": active } }
  renewal_date: Renews
  signup_date: { from: Created, date_format: ISO }
  arr: { from: ARR, default: 0 }
constants:
  country: DE
ignore: [Notes]
`,
    );
    const csv =
      'Customer ID,Company,Plan,Cancelled,Renews,Created,ARR,Notes\nCUST-001,Acme,gold,FALSE,10/16/2027,2024-10-16T08:00:00Z,1000,x\nCUST-002,Beta,Silver,1,1/5/2027,2024-01-02,,y\n';
    const r = ok(importFile(db, 'accounts', f.write('crm.csv', csv), { mapping: loadMapping(map), now: NOW }));
    expect(r.inserted).toBe(2);
    expect(row(db, "SELECT * FROM accounts WHERE id = 'cust-001'")).toMatchObject({
      name: 'Acme',
      segment: 'Enterprise',
      lifecycle: 'active',
      renewal_date: '2027-10-16',
      signup_date: '2024-10-16',
      country: 'DE',
      arr: 1000,
    });
    expect(row(db, "SELECT segment, lifecycle, renewal_date, arr FROM accounts WHERE id = 'cust-002'")).toEqual({
      segment: 'Growth',
      lifecycle: 'churned',
      renewal_date: '2027-01-05',
      arr: 0,
    });
  });

  it('extra boolean words, value maps for ticket priorities, templates for ids', () => {
    const db = testDb();
    const f = tempFiles();
    ok(importFile(db, 'accounts', f.write('a.csv', 'account_id,name\nacme,Acme\n'), { now: NOW }));
    const mapping = parseMapping({
      kind: 'tickets',
      booleans: { true: ['Escalated'], false: ['-'] },
      columns: {
        ticket_id: { template: 'ZD-{Number}' },
        account_id: 'Org',
        opened_at: { from: 'Opened', date_format: 'DD.MM.YYYY HH:mm' },
        priority: { from: 'Prio', map: { P1: 'urgent', P2: 'high', P3: 'medium', P4: 'low' } },
        escalated: 'Esc',
      },
    });
    const csv = 'Number,Org,Opened,Prio,Esc\n17,acme,03.11.2026 14:05,P1,Escalated\n18,acme,04.11.2026 09:00,p4,-\n';
    ok(importFile(db, 'tickets', f.write('t.csv', csv), { mapping }));
    expect(db.$client.prepare('SELECT id, opened_at, priority, escalated FROM tickets ORDER BY id').all()).toEqual([
      { id: 'ZD-17', opened_at: '2026-11-03T14:05:00.000Z', priority: 'urgent', escalated: 1 },
      { id: 'ZD-18', opened_at: '2026-11-04T09:00:00.000Z', priority: 'low', escalated: 0 },
    ]);
  });

  it('where filters rows; lookups join a second file; aggregates fold rows per key', () => {
    const db = testDb();
    const f = tempFiles();
    ok(importFile(db, 'accounts', f.write('a.csv', 'account_id,name\nA-1,One\nA-2,Two\n'), { now: NOW }));
    f.write('subs.csv', 'sub,acct\nS1,A-1\nS2,A-1\nS3,A-2\n');
    const mapping = parseMapping({
      kind: 'usage',
      lookups: { sub_account: { file: 'subs.csv', key: 'sub', value: 'acct' } },
      where: { test_event: false },
      columns: {
        account_id: { from: 'sub', lookup: 'sub_account' },
        day: 'date',
        key_events: { from: 'count', aggregate: 'sum' },
        features_used: { from: 'feature', aggregate: 'count_distinct' },
        logins: { aggregate: 'count' },
      },
    });
    const csv =
      'sub,date,feature,count,test_event\nS1,2026-11-01,f1,3,no\nS2,2026-11-01,f1,4,no\nS2,2026-11-01,f2,1,no\nS3,2026-11-01,f9,7,no\nS3,2026-11-01,f9,100,yes\n';
    const r = ok(importFile(db, 'usage', f.write('u.csv', csv), { mapping }));
    expect(r).toMatchObject({ rows: 5, skipped: 1, merged: 2, inserted: 2 });
    expect(db.$client.prepare('SELECT account_id, key_events, features_used, logins FROM usage_daily ORDER BY account_id').all()).toEqual([
      { account_id: 'a-1', key_events: 8, features_used: 2, logins: 3 },
      { account_id: 'a-2', key_events: 7, features_used: 1, logins: 1 },
    ]);
  });

  it('a lookup miss names the value and the lookup file; nothing is written', () => {
    const db = testDb();
    const f = tempFiles();
    ok(importFile(db, 'accounts', f.write('a.csv', 'account_id,name\nA-1,One\n'), { now: NOW }));
    f.write('subs.csv', 'sub,acct\nS1,A-1\n');
    const mapping = parseMapping({
      lookups: { sub_account: { file: 'subs.csv', key: 'sub', value: 'acct' } },
      columns: { account_id: { from: 'sub', lookup: 'sub_account' }, day: 'date' },
    });
    const before = dump(db);
    const r = importFile(db, 'usage', f.write('u.csv', 'sub,date\nS1,2026-11-01\nS9,2026-11-02\n'), { mapping });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toContain('row 2, column "sub": "S9" is not in subs.csv');
    expect(dump(db)).toBe(before);
  });

  it('a column the mapping names but the file lacks is a header problem', () => {
    const db = testDb();
    const f = tempFiles();
    const mapping = parseMapping({ columns: { account_id: 'Customer ID', name: 'Company' } });
    const r = importFile(db, 'accounts', f.write('a.csv', 'Customer ID,Firm\nx,X\n'), { mapping });
    expect(!r.ok && r.message).toContain('header, column "Company": missing column (mapped to name)');
    expect(!r.ok && r.message).toContain('header, column "Firm": unknown column for accounts');
  });

  it('invalid mapping files are rejected with the key path', () => {
    expect(() => parseMapping({ columns: { name: { from: 'a', template: '{b}' } } })).toThrow(/columns\.name: use either from or template/);
    expect(() => parseMapping({ date_format: 'DD/MM' })).toThrow(/date_format: must be ISO or a pattern/);
    expect(() => parseMapping({ colums: {} })).toThrow(UserError);
    expect(() => parseMapping({ kind: 'customers' })).toThrow(/kind:/);
    const db = testDb();
    const f = tempFiles();
    const bad = parseMapping({ columns: { revenue: 'ARR' } });
    expect(() => importFile(db, 'accounts', f.write('a.csv', 'ARR\n1\n'), { mapping: bad })).toThrow(/columns\.revenue: accounts has no field "revenue"/);
    expect(() => importFile(db, 'usage', f.write('b.csv', 'x\n1\n'), { mapping: parseMapping({ kind: 'accounts' }) })).toThrow(
      /mapping file is for "accounts" but you are importing "usage"/,
    );
    const yml = f.write('broken.yml', 'columns: [unclosed\n');
    expect(() => loadMapping(yml)).toThrow(/not valid YAML/);
  });

  it('names inherited from Object.prototype are not fields or kinds (no crash on "constructor")', () => {
    const db = testDb();
    const f = tempFiles();
    const csv = f.write('a.csv', 'id,Company\nx,X\n');
    for (const target of ['constructor', 'toString', 'hasOwnProperty']) {
      const mapping = parseMapping({ columns: { account_id: 'id', [target]: 'Company' } });
      expect(() => importFile(db, 'accounts', csv, { mapping })).toThrow(new RegExp(`columns\\.${target}: accounts has no field "${target}"`));
    }
    expect(() => importFile(db, 'constructor' as 'accounts', csv)).toThrow(/unknown import kind "constructor"/);
    // a JSON source column named like an Object.prototype member is just absent when a record lacks it
    const json = f.write('a.json', '[{"id":"x"}]');
    const r = importFile(db, 'accounts', json, { mapping: parseMapping({ columns: { account_id: 'id', name: 'constructor' } }) });
    expect(!r.ok && r.message).toContain('record 1, column "id": x is a new account; name required to create it');
    expect(dump(db)).toBe(dump(testDb()));
  });
});
