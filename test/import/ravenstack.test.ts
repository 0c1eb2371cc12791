/**
 * End to end on the RavenStack dataset (../shared/data/ravenstack, read in place) with the mapping
 * files shipped in mappings/ravenstack/. Expected figures are recomputed from the CSVs here.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { type ImportSuccess, importFile, loadMapping } from '../../src/import';
import { testDb } from '../support/db';
import { NOW, count, dump, row } from './helpers';
import { sharedPath } from '../support/shared';
import { RAVENSTACK_STEPS } from '../support/ravenstack';

const DATA = sharedPath('data/ravenstack');
const MAPS = resolve(__dirname, '../../mappings/ravenstack');

const csv = (name: string) => parse(readFileSync(join(DATA, `${name}.csv`)), { columns: true, bom: true }) as Record<string, string>[];

/** Import order matters only for references: accounts first. */
const STEPS = RAVENSTACK_STEPS;

function importAll(db: ReturnType<typeof testDb>): Record<string, ImportSuccess> {
  const out: Record<string, ImportSuccess> = {};
  for (const [kind, file, map] of STEPS) {
    const r = importFile(db, kind, join(DATA, `${file}.csv`), { mapping: loadMapping(join(MAPS, `${map}.yml`)), now: NOW });
    if (!r.ok) throw new Error(r.message);
    out[map] = r;
  }
  return out;
}

describe('RavenStack end to end', () => {
  const subs = csv('subscriptions');
  const usage = csv('feature_usage');
  const db = testDb();
  const results = importAll(db);

  it('imports every table with the expected row counts', () => {
    const paid = subs.filter((s) => s.is_trial === 'False');
    const ended = paid.filter((s) => s.churn_flag === 'True');
    const subAccount = new Map(subs.map((s) => [s.subscription_id, s.account_id]));
    const accountDays = new Set(usage.map((u) => `${subAccount.get(u.subscription_id)}|${u.usage_date}`));

    expect(results.accounts).toMatchObject({ rows: 500, inserted: 500 });
    expect(results.subscriptions).toMatchObject({ rows: 5000, skipped: 5000 - paid.length, inserted: paid.length });
    expect(results.subscription_ends).toMatchObject({ inserted: ended.length });
    expect(results.feature_usage).toMatchObject({ rows: 25000, inserted: accountDays.size, merged: 25000 - accountDays.size });
    expect(results.support_tickets).toMatchObject({ inserted: 2000 });
    expect(results.churn_events).toMatchObject({ inserted: 600 });

    expect(count(db, 'accounts')).toBe(500);
    expect(count(db, 'usage_daily')).toBe(accountDays.size);
    expect(count(db, 'tickets')).toBe(2000);
    expect(count(db, 'revenue_events')).toBe(paid.length + ended.length + 600);
    expect(count(db, 'import_runs')).toBe(STEPS.length);
  });

  it('maps account fields: slug ids, plan tier, seats, churn flag to lifecycle', () => {
    expect(row(db, "SELECT * FROM accounts WHERE id = 'a-2e4581'")).toMatchObject({
      name: 'Company_0',
      industry: 'EdTech',
      country: 'US',
      signup_date: '2024-10-16',
      segment: 'Basic',
      seats_licensed: 9,
      lifecycle: 'active',
    });
    expect(row(db, "SELECT lifecycle FROM accounts WHERE id = 'a-43a9e3'")).toEqual({ lifecycle: 'churned' });
    const churned = csv('accounts').filter((a) => a.churn_flag === 'True').length;
    expect(row(db, "SELECT count(*) AS n FROM accounts WHERE lifecycle = 'churned'")).toEqual({ n: churned });
  });

  it('ARR = sum of active paid subscriptions', () => {
    const arr = new Map<string, number>();
    for (const s of subs) {
      if (s.end_date === '' && s.is_trial === 'False') arr.set(s.account_id, (arr.get(s.account_id) ?? 0) + Number(s.arr_amount));
    }
    expect(row(db, "SELECT arr FROM accounts WHERE id = 'a-2e4581'")).toEqual({ arr: 151236 });
    const total = [...arr.values()].reduce((a, b) => a + b, 0);
    expect(row(db, 'SELECT sum(arr) AS s FROM accounts')).toEqual({ s: total });
  });

  it('revenue events: starts, upgrades, ends and churn', () => {
    expect(row(db, "SELECT * FROM revenue_events WHERE id = 'S-8cec59'")).toEqual({
      id: 'S-8cec59',
      account_id: 'a-3c1a3f',
      occurred_on: '2023-12-23',
      kind: 'new',
      arr_delta: 33432,
      expansion_type: null,
      note: null,
    });
    expect(row(db, "SELECT kind, arr_delta, occurred_on FROM revenue_events WHERE id = 'S-8cec59-end'")).toEqual({
      kind: 'contraction',
      arr_delta: -33432,
      occurred_on: '2024-04-12',
    });
    const upgrades = subs.filter((s) => s.is_trial === 'False' && s.upgrade_flag === 'True').length;
    expect(row(db, "SELECT count(*) AS n FROM revenue_events WHERE kind = 'expansion' AND expansion_type = 'upgrade'")).toEqual({ n: upgrades });
    expect(row(db, "SELECT account_id, occurred_on, kind, arr_delta, note FROM revenue_events WHERE id = 'C-695fcd'")).toEqual({
      account_id: 'a-2e4581',
      occurred_on: '2024-11-23',
      kind: 'churn',
      arr_delta: 0,
      note: 'budget',
    });
  });

  it('feature usage folds into one row per account and day', () => {
    const subAccount = new Map(subs.map((s) => [s.subscription_id, s.account_id]));
    const groups = new Map<string, typeof usage>();
    for (const u of usage) {
      const k = `${subAccount.get(u.subscription_id)}|${u.usage_date}`;
      groups.set(k, [...(groups.get(k) ?? []), u]);
    }
    const [key, rows] = [...groups].find(([, g]) => g.length >= 3) as [string, typeof usage];
    const [account, day] = key.split('|');
    expect(row(db, 'SELECT logins, key_events, features_used FROM usage_daily WHERE account_id = ? AND day = ?', account.toLowerCase(), day)).toEqual({
      logins: rows.length,
      key_events: rows.reduce((a, r) => a + Number(r.usage_count), 0),
      features_used: new Set(rows.map((r) => r.feature_name)).size,
    });
  });

  it('tickets: dates, timestamps, CSAT written as 4.0, escalation flag', () => {
    expect(row(db, "SELECT * FROM tickets WHERE id = 'T-30b537'")).toEqual({
      id: 'T-30b537',
      account_id: 'a-2e4581',
      opened_at: '2023-09-09T00:00:00.000Z',
      closed_at: '2023-09-10T03:00:00.000Z',
      priority: 'urgent',
      csat: 3,
      escalated: 0,
      subject: null,
    });
    const noSurvey = csv('support_tickets').filter((t) => t.satisfaction_score === '').length;
    expect(row(db, 'SELECT count(*) AS n FROM tickets WHERE csat IS NULL')).toEqual({ n: noSurvey });
  });

  it('re-importing all of it changes nothing', () => {
    const before = dump(db, { runs: false });
    for (const [kind, file, map] of STEPS) {
      const r = importFile(db, kind, join(DATA, `${file}.csv`), { mapping: loadMapping(join(MAPS, `${map}.yml`)), now: new Date() });
      expect(r.ok && r.inserted + r.updated).toBe(0);
    }
    expect(dump(db, { runs: false })).toBe(before);
  });
});
