import { describe, expect, it } from 'vitest';
import { type ImportOutcome, type ImportSuccess, importFile } from '../../src/import';
import { testDb } from '../support/db';
import { NOW, count, dump, row, tempFiles } from './helpers';

function ok(o: ImportOutcome): ImportSuccess {
  if (!o.ok) throw new Error(o.message);
  return o;
}

const ACCOUNTS = `account_id,name,owner_email,segment,industry,arr,renewal_date,lifecycle,seats_licensed
Acme Corp,"Acme Corp",Dana@Example.com,Enterprise,Manufacturing,120000,2027-01-31,active,50
globex,Globex,,Growth,Energy,,,onboarding,
`;

function seedAccounts(db: ReturnType<typeof testDb>, files: ReturnType<typeof tempFiles>) {
  ok(importFile(db, 'accounts', files.write('accounts.csv', ACCOUNTS), { now: NOW }));
}

describe('importers: happy paths', () => {
  it('accounts: slugs ids, lowercases emails, keeps defaults for empty cells, records an import run', () => {
    const db = testDb();
    const f = tempFiles();
    const r = ok(importFile(db, 'accounts', f.write('accounts.csv', ACCOUNTS), { now: NOW }));
    expect(r).toMatchObject({ rows: 2, inserted: 2, updated: 0, unchanged: 0 });
    expect(row(db, 'SELECT * FROM accounts WHERE id = ?', 'acme-corp')).toMatchObject({
      name: 'Acme Corp',
      owner_email: 'dana@example.com',
      segment: 'Enterprise',
      arr: 120000,
      renewal_date: '2027-01-31',
      seats_licensed: 50,
      updated_at: NOW.toISOString(),
    });
    expect(row(db, 'SELECT arr, lifecycle, owner_email FROM accounts WHERE id = ?', 'globex')).toEqual({
      arr: 0,
      lifecycle: 'onboarding',
      owner_email: null,
    });
    expect(row(db, 'SELECT kind, rows, inserted FROM import_runs WHERE id = ?', r.runId)).toEqual({ kind: 'accounts', rows: 2, inserted: 2 });
  });

  it('accounts: ARR = 12 × MRR when only MRR is given; a later partial file updates only its columns', () => {
    const db = testDb();
    const f = tempFiles();
    seedAccounts(db, f);
    const r = ok(importFile(db, 'accounts', f.write('mrr.csv', 'account_id,mrr\nglobex,1500\nacme-corp,10000\n'), { now: NOW }));
    expect(r).toMatchObject({ inserted: 0, updated: 1, unchanged: 1 });
    expect(row(db, "SELECT arr, name, segment FROM accounts WHERE id = 'globex'")).toEqual({ arr: 18000, name: 'Globex', segment: 'Growth' });
  });

  it('team', () => {
    const db = testDb();
    const f = tempFiles();
    const csv = `email,name,slack_id,role,manager_email,timezone,is_restricted
vp@example.com,Val P,U0VP,vp,,America/New_York,no
lee@example.com,Lee M,U0MGR,Manager,vp@example.com,,FALSE
dana@example.com,Dana C,U0CSM1,csm,lee@example.com,Europe/Berlin,0
`;
    const r = ok(importFile(db, 'team', f.write('team.csv', csv), { now: NOW }));
    expect(r.inserted).toBe(3);
    expect(row(db, "SELECT role, manager_email, slack_id, is_restricted FROM team_members WHERE email = 'lee@example.com'")).toEqual({
      role: 'manager',
      manager_email: 'vp@example.com',
      slack_id: 'U0MGR',
      is_restricted: 0,
    });
  });

  it('usage', () => {
    const db = testDb();
    const f = tempFiles();
    seedAccounts(db, f);
    const csv =
      'account_id,day,active_users,logins,key_events,features_used,integrations\nacme-corp,2026-11-01,12,40,300,7,3\nacme-corp,2026-11-02,10,31,250,6,3\nglobex,2026-11-01,2,3,9,1,0\n';
    expect(ok(importFile(db, 'usage', f.write('usage.csv', csv))).inserted).toBe(3);
    expect(row(db, "SELECT * FROM usage_daily WHERE account_id = 'acme-corp' AND day = '2026-11-02'")).toMatchObject({ logins: 31, key_events: 250 });
  });

  it('tickets: timestamps to ISO UTC, priorities case-insensitive, booleans', () => {
    const db = testDb();
    const f = tempFiles();
    seedAccounts(db, f);
    const csv =
      'ticket_id,account_id,opened_at,closed_at,priority,csat,escalated,subject\nT-1,acme-corp,2026-11-01T09:30:00+02:00,,High,,yes,Login broken\nT-2,globex,2026-10-01,2026-10-03 12:00:00,low,5,False,\n';
    expect(ok(importFile(db, 'tickets', f.write('tickets.csv', csv))).inserted).toBe(2);
    expect(row(db, "SELECT * FROM tickets WHERE id = 'T-1'")).toMatchObject({
      opened_at: '2026-11-01T07:30:00.000Z',
      closed_at: null,
      priority: 'high',
      escalated: 1,
    });
    expect(row(db, "SELECT opened_at, closed_at, csat FROM tickets WHERE id = 'T-2'")).toEqual({
      opened_at: '2026-10-01T00:00:00.000Z',
      closed_at: '2026-10-03T12:00:00.000Z',
      csat: 5,
    });
  });

  it('nps: ids derived from (account, time) when the export has none', () => {
    const db = testDb();
    const f = tempFiles();
    seedAccounts(db, f);
    const csv = 'account_id,responded_at,score,comment\nacme-corp,2026-11-02,9,"Great, thanks"\nglobex,2026-11-03,3,\n';
    expect(ok(importFile(db, 'nps', f.write('nps.csv', csv))).inserted).toBe(2);
    expect(row(db, "SELECT id, score, comment FROM nps_responses WHERE account_id = 'acme-corp'")).toEqual({
      id: 'acme-corp:2026-11-02T00:00:00.000Z',
      score: 9,
      comment: 'Great, thanks',
    });
  });

  it('revenue: churn and contraction stored negative, MRR deltas × 12, expansion types', () => {
    const db = testDb();
    const f = tempFiles();
    seedAccounts(db, f);
    const csv =
      'event_id,account_id,occurred_on,kind,arr_delta,mrr_delta,expansion_type,note\nR1,acme-corp,2025-06-01,new,100000,,,\nR2,acme-corp,2026-01-01,expansion,,1000,seat,10 seats\nR3,globex,2026-02-01,churn,5000,,,\n';
    expect(ok(importFile(db, 'revenue', f.write('revenue.csv', csv))).inserted).toBe(3);
    const rows = db.$client.prepare('SELECT id, kind, arr_delta, expansion_type FROM revenue_events ORDER BY id').all();
    expect(rows).toEqual([
      { id: 'R1', kind: 'new', arr_delta: 100000, expansion_type: null },
      { id: 'R2', kind: 'expansion', arr_delta: 12000, expansion_type: 'seat' },
      { id: 'R3', kind: 'churn', arr_delta: -5000, expansion_type: null },
    ]);
  });

  it('signals', () => {
    const db = testDb();
    const f = tempFiles();
    seedAccounts(db, f);
    const csv =
      'account_id,kind,occurred_at,detail,source\nacme-corp,champion departed,2026-11-10T08:00:00Z,VP Eng left,crm\nglobex,payment_failed,2026-11-11,,billing\n';
    expect(ok(importFile(db, 'signals', f.write('signals.csv', csv))).inserted).toBe(2);
    expect(row(db, "SELECT id, kind, detail FROM signals WHERE account_id = 'acme-corp'")).toEqual({
      id: 'acme-corp:champion_departed:2026-11-10T08:00:00.000Z',
      kind: 'champion_departed',
      detail: 'VP Eng left',
    });
  });

  it('snapshot: creates unknown accounts (name from slug, ARR = 12 × MRR), as_of defaults to today in the time zone', () => {
    const db = testDb();
    const f = tempFiles();
    seedAccounts(db, f);
    const csv =
      'account_id,mrr,logins_30d,features_used,open_tickets,nps_score,days_since_last_login\nacme-corp,11000,420,12,1,9,0\nInitech Labs,2500,10,2,4,3,21\n';
    const r = ok(importFile(db, 'snapshot', f.write('snapshot.csv', csv), { now: new Date('2026-11-20T23:30:00Z'), timeZone: 'Asia/Tokyo' }));
    expect(r).toMatchObject({ rows: 2, inserted: 2, accountsCreated: 1 });
    expect(row(db, "SELECT name, arr FROM accounts WHERE id = 'initech-labs'")).toEqual({ name: 'Initech Labs', arr: 30000 });
    expect(row(db, "SELECT name, arr FROM accounts WHERE id = 'acme-corp'")).toEqual({ name: 'Acme Corp', arr: 132000 });
    expect(row(db, "SELECT * FROM account_snapshots WHERE account_id = 'initech-labs'")).toEqual({
      account_id: 'initech-labs',
      as_of: '2026-11-21', // already the 21st in Tokyo
      mrr: 2500,
      logins_30d: 10,
      features_used: 2,
      active_seats: null,
      open_tickets: 4,
      nps_score: 3,
      days_since_last_login: 21,
    });
  });
});

describe('importers: idempotent re-import', () => {
  const files: Record<string, string> = {
    accounts: ACCOUNTS,
    usage: 'account_id,day,logins\nacme-corp,2026-11-01,4\nglobex,2026-11-01,2\n',
    tickets: 'ticket_id,account_id,opened_at,priority\nT-1,acme-corp,2026-11-01,urgent\n',
    nps: 'account_id,responded_at,score\nacme-corp,2026-11-02,9\n',
    revenue: 'account_id,occurred_on,kind,arr_delta\nglobex,2026-02-01,contraction,700\n',
    signals: 'account_id,kind,occurred_at\nglobex,competitor_mentioned,2026-11-11\n',
    snapshot: 'account_id,mrr,nps_score,as_of\nacme-corp,10000,8,2026-11-20\nnew-co,100,5,2026-11-20\n',
    team: 'email,name,role\nlee@example.com,Lee,manager\n',
  };
  for (const [kind, csv] of Object.entries(files)) {
    it(`${kind}: the second import of the same file reports everything unchanged and changes nothing`, () => {
      const db = testDb();
      const f = tempFiles();
      if (kind !== 'accounts' && kind !== 'team') seedAccounts(db, f);
      const path = f.write(`${kind}.csv`, csv);
      const first = ok(importFile(db, kind as never, path, { now: NOW }));
      expect(first.inserted).toBeGreaterThan(0);
      const before = dump(db, { runs: false });
      const second = ok(importFile(db, kind as never, path, { now: new Date('2026-12-01T00:00:00Z') }));
      expect(second).toMatchObject({ inserted: 0, updated: 0, unchanged: first.inserted });
      // Only the import_runs log grew (updated_at did not move: nothing changed).
      expect(count(db, 'import_runs')).toBe(kind !== 'accounts' && kind !== 'team' ? 3 : 2);
      expect(dump(db, { runs: false })).toBe(before);
    });
  }

  it('a changed value is reported as updated and stamps updated_at', () => {
    const db = testDb();
    const f = tempFiles();
    seedAccounts(db, f);
    const later = new Date('2026-12-01T00:00:00Z');
    const r = ok(importFile(db, 'accounts', f.write('a2.csv', ACCOUNTS.replace('120000', '130000')), { now: later }));
    expect(r).toMatchObject({ inserted: 0, updated: 1, unchanged: 1 });
    expect(row(db, "SELECT arr, updated_at FROM accounts WHERE id = 'acme-corp'")).toEqual({ arr: 130000, updated_at: later.toISOString() });
    expect(row(db, "SELECT updated_at FROM accounts WHERE id = 'globex'")).toEqual({ updated_at: NOW.toISOString() });
  });

  it('dry run reports the would-be counts and writes nothing', () => {
    const db = testDb();
    const f = tempFiles();
    const before = dump(db);
    const r = ok(importFile(db, 'accounts', f.write('a.csv', ACCOUNTS), { dryRun: true }));
    expect(r).toMatchObject({ dryRun: true, inserted: 2, runId: null });
    expect(dump(db)).toBe(before);
  });
});

describe('progress', () => {
  it('reports rows done against the pre-counted total while importing', () => {
    const db = testDb();
    const f = tempFiles();
    seedAccounts(db, f);
    const lines = ['account_id,day,logins'];
    for (let i = 0; i < 10_000; i++) lines.push(`acme-corp,${new Date(Date.UTC(2000, 0, 1 + i)).toISOString().slice(0, 10)},${i % 9}`);
    const seen: [number, number | null][] = [];
    const r = ok(
      importFile(db, 'usage', f.write('u.csv', `${lines.join('\r\n')}\r\n`), {
        progressIntervalMs: 0,
        onProgress: (p) => seen.push([p.done, p.total]),
      }),
    );
    expect(r.inserted).toBe(10_000);
    expect(seen).toEqual([
      [4096, 10_000],
      [8192, 10_000],
    ]);
  });
});
