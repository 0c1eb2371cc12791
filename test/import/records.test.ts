import { describe, expect, it } from 'vitest';
import { importFile, importRecords } from '../../src/import';
import { testDb } from '../support/db';
import { NOW, dump, row, tempFiles } from './helpers';

describe('importRecords (programmatic / HTTP ingest)', () => {
  it('takes typed JSON values and reports like a file import', () => {
    const db = testDb();
    const r = importRecords(
      db,
      'accounts',
      [
        { account_id: 'acme-corp', name: 'Acme Corp', arr: 120000, seats_licensed: 40, renewal_date: '2027-01-31' },
        { id: 'globex', name: 'Globex', mrr: 100, owner_email: null },
      ],
      { now: NOW, source: 'api' },
    );
    expect(r).toMatchObject({ ok: true, source: 'api', rows: 2, inserted: 2 });
    expect(row(db, "SELECT arr, seats_licensed FROM accounts WHERE id = 'acme-corp'")).toEqual({ arr: 120000, seats_licensed: 40 });
    expect(row(db, "SELECT arr FROM accounts WHERE id = 'globex'")).toEqual({ arr: 1200 });
    expect(row(db, 'SELECT file FROM import_runs')).toEqual({ file: 'api' });
  });

  it('problems are numbered by record; unknown keys reported once; nothing written', () => {
    const db = testDb();
    importRecords(db, 'accounts', [{ account_id: 'acme', name: 'Acme' }], { now: NOW });
    const before = dump(db);
    const r = importRecords(db, 'nps', [
      { account_id: 'acme', responded_at: '2026-11-01', score: 9, colour: 'red' },
      { account_id: 'acme', responded_at: '2026-11-02', score: 10.5, colour: 'blue' },
      { account_id: 'acme', score: 3 },
    ]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      { where: 'record 1', n: 1, column: 'colour', message: 'unknown column for nps; rename it in a mapping file or list it under ignore:' },
      { where: 'record 2', n: 2, column: 'score', message: 'must be a whole number (got "10.5")' },
      { where: 'record 3', n: 3, column: 'responded_at', message: 'is required but missing' },
    ]);
    expect(dump(db)).toBe(before);
  });

  it('an empty list is an error, not a silent success', () => {
    const r = importRecords(testDb(), 'usage', []);
    expect(!r.ok && r.problems).toEqual([{ where: '', message: 'no data rows' }]);
  });

  it('runs inside a caller transaction as a savepoint', () => {
    const db = testDb();
    db.$client.transaction(() => {
      importRecords(db, 'accounts', [{ account_id: 'a', name: 'A' }], { now: NOW });
      const bad = importRecords(db, 'accounts', [{ account_id: 'b', name: 'B', arr: -1 }], { now: NOW });
      expect(bad.ok).toBe(false);
    })();
    expect(db.$client.prepare('SELECT id FROM accounts').pluck().all()).toEqual(['a']);
  });
});

describe('JSON files', () => {
  it('.json array of objects', () => {
    const db = testDb();
    const f = tempFiles();
    const r = importFile(db, 'team', f.write('team.json', JSON.stringify([{ email: 'a@x.io', name: 'A', role: 'csm', is_restricted: true }])), { now: NOW });
    expect(r.ok && r.inserted).toBe(1);
    expect(row(db, 'SELECT is_restricted FROM team_members')).toEqual({ is_restricted: 1 });
  });

  it('.jsonl / .ndjson stream by line, CRLF and BOM tolerated, problems by line number', () => {
    const db = testDb();
    const f = tempFiles();
    importRecords(db, 'accounts', [{ account_id: 'acme', name: 'Acme' }], { now: NOW });
    const lines =
      '\uFEFF{"account_id":"acme","kind":"payment_failed","occurred_at":"2026-11-01T10:00:00Z"}\r\n\r\n{"account_id":"acme","kind":"competitor_mentioned","occurred_at":"2026-11-02"}\r\n';
    const r = importFile(db, 'signals', f.write('s.ndjson', lines), { now: NOW });
    expect(r.ok && r.inserted).toBe(2);
    const bad = importFile(db, 'signals', f.write('bad.jsonl', '{"account_id":"acme","kind":"x","occurred_at":"2026-11-01"}\n[1]\n'), { now: NOW });
    expect(!bad.ok && bad.message).toContain('line 1, column "kind": must be one of: champion_departed');
    expect(!bad.ok && bad.message).toContain('line 2: is not a JSON object');
  });

  it('unsupported extension and missing file are user errors', () => {
    const db = testDb();
    const f = tempFiles();
    expect(() => importFile(db, 'accounts', f.write('a.xlsx', 'x'))).toThrow(/unsupported file type ".xlsx"/);
    expect(() => importFile(db, 'accounts', `${f.dir}/nope.csv`)).toThrow(/no such file/);
  });
});
