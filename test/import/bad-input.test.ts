import { describe, expect, it } from 'vitest';
import { type ImportFailure, type ImportKind, importFile } from '../../src/import';
import { testDb } from '../support/db';
import { NOW, dump, row, tempFiles } from './helpers';

/** A database with two accounts, so non-account imports have something to reference. */
function seeded() {
  const db = testDb();
  const f = tempFiles();
  const r = importFile(db, 'accounts', f.write('seed.csv', 'account_id,name,arr\nacme-corp,Acme Corp,1000\nglobex,Globex,2000\n'), { now: NOW });
  if (!r.ok) throw new Error(r.message);
  return { db, f };
}

/** Import text that must fail; asserts the database is byte-for-byte unchanged and returns the failure. */
function rejects(kind: ImportKind, name: string, text: string | Buffer): ImportFailure {
  const { db, f } = seeded();
  const before = dump(db);
  const path = f.write(name, text);
  const out = importFile(db, kind, path, { now: NOW });
  expect(out.ok).toBe(false);
  expect(dump(db)).toBe(before);
  const fail = out as ImportFailure;
  expect(fail.message.startsWith(`${path}: `)).toBe(true);
  return fail;
}

describe('bad input: all or nothing, clear messages, database unchanged', () => {
  it('missing required column', () => {
    const r = rejects('usage', 'u.csv', 'account_id,logins\nacme-corp,3\n');
    expect(r.problems).toEqual([{ where: 'header', column: 'day', message: 'missing required column (accepted names: day, date)' }]);
    expect(r.message).toContain('header, column "day": missing required column');
  });

  it('unparseable date, naming row and column', () => {
    const r = rejects('usage', 'u.csv', 'account_id,day,logins\nacme-corp,2026-11-01,3\nacme-corp,11/02/2026,4\n');
    expect(r.message).toContain('row 2, column "day": not a valid date (expected YYYY-MM-DD or an ISO timestamp) (got "11/02/2026")');
    expect(r.problemCount).toBe(1);
  });

  it('impossible calendar date', () => {
    const r = rejects('accounts', 'a.csv', 'account_id,name,renewal_date\nx,X,2027-02-30\n');
    expect(r.message).toContain('row 1, column "renewal_date": not a valid date');
  });

  it('unparseable number', () => {
    const r = rejects('usage', 'u.csv', 'account_id,day,logins\nacme-corp,2026-11-01,three\n');
    expect(r.message).toContain('row 1, column "logins": not a number (got "three")');
  });

  it('a fraction where a whole number is needed', () => {
    const r = rejects('usage', 'u.csv', 'account_id,day,logins\nacme-corp,2026-11-01,2.5\n');
    expect(r.message).toContain('row 1, column "logins": must be a whole number');
  });

  it('negative ARR', () => {
    const r = rejects('accounts', 'a.csv', 'account_id,name,arr\nacme-corp,Acme Corp,1000\nglobex,Globex,-250\n');
    expect(r.problems).toEqual([{ where: 'row 2', n: 2, column: 'arr', message: 'must not be negative (got "-250")' }]);
  });

  it('NPS outside 0–10', () => {
    const r = rejects('nps', 'n.csv', 'account_id,responded_at,score\nacme-corp,2026-11-01,11\nglobex,2026-11-01,-1\n');
    expect(r.problems.map((p) => `${p.where} ${p.column}: ${p.message}`)).toEqual([
      'row 1 score: NPS must be between 0 and 10 (got "11")',
      'row 2 score: NPS must be between 0 and 10 (got "-1")',
    ]);
  });

  it('NPS outside 0–10 in a snapshot', () => {
    const r = rejects('snapshot', 's.csv', 'account_id,mrr,nps_score\nacme-corp,100,12\n');
    expect(r.message).toContain('row 1, column "nps_score": NPS must be between 0 and 10');
  });

  it('duplicate key within the file', () => {
    const r = rejects('usage', 'u.csv', 'account_id,day,logins\nacme-corp,2026-11-01,3\nglobex,2026-11-01,1\nAcme Corp,2026-11-01,4\n');
    expect(r.message).toContain('row 3, column "account_id": duplicate usage day (account_id=acme-corp, day=2026-11-01) already appears earlier in this file');
  });

  it('reference to an unknown account', () => {
    const r = rejects('tickets', 't.csv', 'ticket_id,account_id,opened_at\nT1,acme-corp,2026-11-01\nT2,umbrella,2026-11-01\n');
    expect(r.message).toContain('row 2, column "account_id": no account "umbrella" (import accounts first, or use snapshot to create them)');
  });

  it('empty file', () => {
    const r = rejects('accounts', 'a.csv', '');
    expect(r.problems).toEqual([{ where: '', message: 'file is empty' }]);
    expect(r.message).toMatch(/a\.csv: 1 problem, nothing was imported\n {2}file is empty$/);
  });

  it('header only, no data rows', () => {
    const r = rejects('accounts', 'a.csv', 'account_id,name\n');
    expect(r.message).toContain('no data rows');
  });

  it('unknown column, with a suggestion', () => {
    const r = rejects('accounts', 'a.csv', 'account_id,name,renwal_date\nx,X,2027-01-01\n');
    expect(r.message).toContain('header, column "renwal_date": unknown column for accounts (did you mean "renewal_date"?)');
  });

  it('row with the wrong number of fields', () => {
    const r = rejects('accounts', 'a.csv', 'account_id,name,arr\nx,X,1,000\n');
    expect(r.message).toContain('row 1: has 4 fields but the header has 3');
  });

  it('CSV syntax error (unclosed quote)', () => {
    const r = rejects('accounts', 'a.csv', 'account_id,name\nx,"X\n');
    expect(r.message).toContain('CSV syntax error: Quote Not Closed');
  });

  it('value not in the allowed set', () => {
    const r = rejects('tickets', 't.csv', 'ticket_id,account_id,opened_at,priority\nT1,acme-corp,2026-11-01,P1\n');
    expect(r.message).toContain('row 1, column "priority": must be one of: low, medium, high, urgent (got "P1")');
  });

  it('a new account without a name', () => {
    const r = rejects('accounts', 'a.csv', 'account_id,arr\nacme-corp,5\numbrella,7\n');
    expect(r.message).toContain('row 2, column "account_id": umbrella is a new account; name required to create it');
  });

  it('lists the first 20 problems and counts the rest; nothing after the first bad row is written', () => {
    const lines = ['account_id,day,logins'];
    lines.push('acme-corp,2026-10-01,1'); // valid rows before and after the bad ones
    for (let i = 0; i < 25; i++) lines.push(`acme-corp,2026-11-${String(i + 1).padStart(2, '0')},x${i}`);
    lines.push('globex,2026-10-01,1');
    const r = rejects('usage', 'u.csv', `${lines.join('\n')}\n`);
    expect(r.problemCount).toBe(25);
    expect(r.problems).toHaveLength(20);
    expect(r.problems[0].where).toBe('row 2');
    expect(r.message).toMatch(/\n {2}… and 5 more$/);
  });

  it('several problems in one row are each reported', () => {
    const r = rejects('tickets', 't.csv', 'ticket_id,account_id,opened_at,csat,escalated\nT1,acme-corp,soon,9,maybe\n');
    expect(r.problems.map((p) => p.column).sort()).toEqual(['csat', 'escalated', 'opened_at']);
    expect(r.message).toContain('row 1, column "csat": CSAT must be between 1 and 5 (got "9")');
    expect(r.message).toContain('row 1, column "escalated": not a boolean');
  });

  it('team: unknown manager', () => {
    const r = rejects('team', 't.csv', 'email,name,role,manager_email\na@x.io,A,csm,boss@x.io\n');
    expect(r.message).toContain('row 1, column "manager_email": no team member with email boss@x.io');
  });

  it('team: a Slack id already taken by someone else', () => {
    const r = rejects('team', 't.csv', 'email,name,role,slack_id\na@x.io,A,csm,U0AAA\nb@x.io,B,csm,U0AAA\n');
    expect(r.message).toContain('row 2: cannot be stored: UNIQUE constraint failed: team_members.slack_id');
  });

  it('JSON that is not an array', () => {
    const r = rejects('accounts', 'a.json', '{"account_id":"x"}');
    expect(r.message).toContain('expected a JSON array of objects');
  });

  it('JSON lines: bad line reported by line number', () => {
    const r = rejects('accounts', 'a.jsonl', '{"account_id":"x","name":"X"}\n\n{"account_id":"y",\n');
    expect(r.message).toContain('line 3: not valid JSON');
  });
});

describe('accepted input variants', () => {
  it('UTF-8 BOM, CRLF line endings, quoted fields with commas, quotes and newlines', () => {
    const { db, f } = seeded();
    const csv = '\uFEFFaccount_id,name,industry\r\nwayne,"Wayne, Enterprises","Line one\r\nline two ""quoted"""\r\nstark,Stark,\r\n';
    const r = importFile(db, 'accounts', f.write('a.csv', Buffer.from(csv, 'utf8')), { now: NOW });
    expect(r.ok && r.inserted).toBe(2);
    expect(row(db, "SELECT name, industry FROM accounts WHERE id = 'wayne'")).toEqual({
      name: 'Wayne, Enterprises',
      industry: 'Line one\r\nline two "quoted"',
    });
    expect(row(db, "SELECT industry FROM accounts WHERE id = 'stark'")).toEqual({ industry: null });
  });

  it('blank lines, spaces around values and header names in another case', () => {
    const { db, f } = seeded();
    const r = importFile(db, 'usage', f.write('u.csv', 'Account ID , Day,Logins\n\n acme-corp , 2026-11-01 , 7 \n\n'), { now: NOW });
    expect(r.ok && r.inserted).toBe(1);
    expect(row(db, 'SELECT logins FROM usage_daily')).toEqual({ logins: 7 });
  });

  it('currency and thousands separators in money columns', () => {
    const { db, f } = seeded();
    const r = importFile(db, 'accounts', f.write('a.csv', 'account_id,arr\nacme-corp,"$1,250,000.50"\n'), { now: NOW });
    expect(r.ok).toBe(true);
    expect(row(db, "SELECT arr FROM accounts WHERE id = 'acme-corp'")).toEqual({ arr: 1250000.5 });
  });
});

describe('bad bytes and bad shapes (issue 10): row-level messages, database unchanged', () => {
  const latin1 = (s: string) => Buffer.from(s, 'latin1'); // "é" as the single byte 0xE9: not UTF-8

  it('invalid UTF-8 in a CSV names the row, column, value and byte offset', () => {
    const bytes = latin1('account_id,name\nacme-corp,Acme Corp\nglobex,Glob\xe9x\n');
    const r = rejects('accounts', 'a.csv', bytes);
    expect(r.problems).toEqual([
      {
        where: 'row 2',
        n: 2,
        column: 'name',
        message: `is not valid UTF-8 (bad byte at offset ${bytes.indexOf(0xe9)} of the input; save or export it as UTF-8) (got "Glob\uFFFDx")`,
      },
    ]);
  });

  it('invalid UTF-8 in a CSV header is a header problem', () => {
    const r = rejects('accounts', 'a.csv', latin1('account_id,n\xe9me\nacme-corp,Acme\n'));
    expect(r.problems).toEqual([{ where: 'header', column: 'n\uFFFDme', message: expect.stringContaining('is not valid UTF-8 (bad byte at offset 12 ') }]);
  });

  it('invalid UTF-8 in a JSON array names the record and field', () => {
    const bytes = latin1('[{"account_id":"acme-corp","name":"Acme"},\n {"account_id":"globex","name":"Glob\xe9x"}]');
    const r = rejects('accounts', 'a.json', bytes);
    expect(r.problems).toEqual([
      {
        where: 'record 2',
        n: 2,
        column: 'name',
        message: `is not valid UTF-8 (bad byte at offset ${bytes.indexOf(0xe9)} of the input; save or export it as UTF-8)`,
      },
    ]);
  });

  it('invalid UTF-8 in JSON lines names the line and field', () => {
    const bytes = latin1('{"account_id":"acme-corp","name":"Acme"}\n{"account_id":"globex","segment":"\xe9","name":"G"}\n');
    const r = rejects('accounts', 'a.jsonl', bytes);
    expect(r.problems).toEqual([
      {
        where: 'line 2',
        n: 2,
        column: 'segment',
        message: `is not valid UTF-8 (bad byte at offset ${bytes.indexOf(0xe9)} of the input; save or export it as UTF-8)`,
      },
    ]);
  });

  it('a multi-byte character split by the 1 MiB read boundary is valid UTF-8, not an error', () => {
    const { db, f } = seeded();
    // Rows of 'aN,xxxx…é'; pad the first name so one "é" (2 bytes) starts at byte 2^20 - 1.
    const rows = Array.from({ length: 10_000 }, (_, i) => `a${i},${'x'.repeat(100)}é`);
    const text = () => `account_id,name\n${rows.join('\n')}\n`;
    const target = (1 << 20) - 1;
    const ends = (t: string) => [...t.matchAll(/é/g)].map((m) => Buffer.byteLength(t.slice(0, m.index)));
    const shift = target - (ends(text()).find((o) => o >= target - 60) as number);
    rows[0] = `a0,${'x'.repeat(100 + shift)}é`;
    expect(ends(text())).toContain(target);
    const r = importFile(db, 'accounts', f.write('a.csv', Buffer.from(text(), 'utf8')), { now: NOW });
    expect(r.ok ? r.inserted : r.message).toBe(10_000);
    expect(row(db, 'SELECT count(*) AS n FROM accounts WHERE name LIKE ?', '%\uFFFD%')).toEqual({ n: 0 });
  });

  it('a JSON object or array in a text field is rejected, not stored as "[object Object]"', () => {
    const r = rejects('accounts', 'a.json', JSON.stringify([{ account_id: 'acme-corp', name: { first: 'Acme' }, segment: ['smb', 'mid'] }]));
    expect(r.problems).toEqual([
      { where: 'record 1', n: 1, column: 'name', message: 'expected a single value, got a JSON object (got {"first":"Acme"})' },
      { where: 'record 1', n: 1, column: 'segment', message: 'expected a single value, got a JSON array (got ["smb","mid"])' },
    ]);
  });

  it('an object as an account id is rejected (it would have created the account "object-object")', () => {
    const r = rejects('usage', 'u.jsonl', '{"account_id":{"id":"acme-corp"},"day":"2026-11-01","logins":3}\n');
    expect(r.message).toContain('line 1, column "account_id": expected a single value, got a JSON object (got {"id":"acme-corp"})');
  });

  it('a deeply nested value is a clear row problem, not a stack overflow', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const r = rejects('accounts', 'a.jsonl', `{"account_id":"acme-corp","name":"Acme"}\n{"account_id":"globex","name":${deep}}\n`);
    expect(r.problems).toEqual([{ where: 'line 2', n: 2, column: 'name', message: 'is nested more than 10 levels deep (records hold single values)' }]);
  });

  it('a value at the nesting limit passes the depth check and is judged as a value', () => {
    const nine = JSON.parse(`${'['.repeat(9)}1${']'.repeat(9)}`); // record level 1 + 9 = 10
    const r = rejects('accounts', 'a.json', JSON.stringify([{ account_id: 'acme-corp', name: nine }]));
    expect(r.problems[0].message).toMatch(/^expected a single value, got a JSON array/);
  });

  it('ARR 1e308 is out of range, naming the row and field', () => {
    const r = rejects('accounts', 'a.csv', 'account_id,name,arr\nacme-corp,Acme Corp,1000\nglobex,Globex,1e308\n');
    expect(r.problems).toEqual([{ where: 'row 2', n: 2, column: 'arr', message: 'must be at most 1,000,000,000,000 (got "1e308")' }]);
  });

  it('non-finite and oversized numbers: 1e400 ARR, MRR whose ARR exceeds the bound, counts above a billion, huge revenue', () => {
    expect(rejects('accounts', 'a.csv', 'account_id,name,arr\nacme-corp,Acme,1e400\n').message).toContain(
      'row 1, column "arr": not a finite number (got "1e400")',
    );
    expect(rejects('snapshot', 's.csv', 'account_id,mrr\nacme-corp,100000000000\n').message).toContain(
      'row 1, column "mrr": × 12 is 1,200,000,000,000, above the ARR limit of 1,000,000,000,000',
    );
    expect(rejects('usage', 'u.json', '[{"account_id":"acme-corp","day":"2026-11-01","logins":5e9}]').message).toContain(
      'record 1, column "logins": must be at most 1,000,000,000 (got "5000000000")',
    );
    expect(rejects('revenue', 'r.csv', 'account_id,occurred_on,kind,arr_delta\nacme-corp,2026-11-01,churn,-2e12\n').message).toContain(
      'row 1, column "arr_delta": must be between -1,000,000,000,000 and 1,000,000,000,000 (got "-2e12")',
    );
  });
});
