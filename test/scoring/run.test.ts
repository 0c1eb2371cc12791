import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load';
import { fixedClock } from '../../src/lib/clock';
import { addDays } from '../../src/lib/dates';
import { scoreTrends, scoreHistory } from '../../src/scoring/history';
import { backfill, backfillDates, runScoring } from '../../src/scoring/run';
import type { Driver } from '../../src/scoring/types';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importFile } from '../../src/import';
import { testDb } from '../support/db';
import { addAccount, addNps, addRevenue, addSignal, addSnapshot, addTicket, addUsage, scoreRows, storedComponents } from './seed';

const config = parseConfig({}).scoring;
const AS_OF = '2026-06-30';
const clock = fixedClock('2026-07-01T06:00:00Z');

/** Three accounts with 90 days of history up to AS_OF. */
function seeded() {
  const db = testDb();
  addAccount(db, { id: 'steady', seatsLicensed: 20, signupDate: '2024-01-01', renewalDate: '2026-12-31', arr: 50_000 });
  addAccount(db, { id: 'fading', seatsLicensed: 20, signupDate: '2024-01-01', renewalDate: '2026-08-15', arr: 80_000 });
  addAccount(db, { id: 'newbie', seatsLicensed: 10, signupDate: addDays(AS_OF, -20), renewalDate: '2027-06-01', arr: 9_000 });
  addUsage(db, 'steady', addDays(AS_OF, -89), AS_OF, () => ({ activeUsers: 12, logins: 10, keyEvents: 5, featuresUsed: 11, integrations: 3 }));
  // fading: busy until 40 days ago, then a trickle, last login 20 days ago
  addUsage(db, 'fading', addDays(AS_OF, -89), AS_OF, (d) =>
    d <= addDays(AS_OF, -40)
      ? { activeUsers: 10, logins: 8, keyEvents: 3, featuresUsed: 6, integrations: 2 }
      : d <= addDays(AS_OF, -20)
        ? { activeUsers: 2, logins: 1, keyEvents: 0, featuresUsed: 2, integrations: 2 }
        : { integrations: 2 },
  );
  addUsage(db, 'newbie', addDays(AS_OF, -20), AS_OF, () => ({ activeUsers: 4, logins: 2, keyEvents: 1, featuresUsed: 5, integrations: 1 }));
  addTicket(db, { accountId: 'fading', openedAt: '2026-06-10T09:00:00Z', priority: 'high' });
  addTicket(db, { accountId: 'fading', openedAt: '2026-06-20T09:00:00Z', priority: 'urgent' });
  addTicket(db, { accountId: 'steady', openedAt: '2026-05-01T09:00:00Z', closedAt: '2026-05-02T09:00:00Z', priority: 'low', csat: 5 });
  addNps(db, 'steady', '2026-05-15', 9);
  addNps(db, 'fading', '2026-03-01', 8);
  addNps(db, 'fading', '2026-06-01', 4);
  addRevenue(db, 'fading', '2026-05-20', 'contraction', -10_000);
  addSignal(db, 'fading', 'competitor_mentioned', '2026-06-25T10:00:00Z', 'evaluating Rival');
  return db;
}

const ids = (ds: Driver[]) => ds.map((d) => d.id);

describe('runScoring', () => {
  it('scores all accounts, writes one row each, records the run and summarises tiers and at-risk ARR', () => {
    const db = seeded();
    const progress: Array<[number, number]> = [];
    const s = runScoring(db, { asOf: AS_OF, config, clock, keepScores: true, onProgress: (d, t) => progress.push([d, t]) });
    expect(s.accounts).toBe(3);
    expect(Object.values(s.tiers).reduce((a, b) => a + b, 0)).toBe(3);
    expect(progress.at(-1)).toEqual([3, 3]);
    const rows = scoreRows(db, AS_OF);
    expect(rows.map((r) => r.account_id)).toEqual(['fading', 'newbie', 'steady']);
    const byId = Object.fromEntries(s.scores!.map((x) => [x.accountId, x]));
    expect(byId.fading.tier === 'At-Risk' || byId.fading.tier === 'Critical').toBe(true);
    expect(ids(byId.fading.drivers)).toEqual(
      expect.arrayContaining(['usage_decline', 'inactive', 'support_overload', 'detractor', 'competitor_mentioned', 'renewal_at_risk']),
    );
    expect(byId.fading.drivers.find((d) => d.id === 'usage_decline')!.reason).toMatch(/^logins down \d+% vs previous 30 days/);
    expect(byId.fading.arr).toBe(80_000);
    expect(s.atRiskArr).toBe(80_000);
    expect(byId.steady.score).toBeGreaterThanOrEqual(70);
    expect(byId.newbie.onboarding).toBe(true);
    expect(ids(byId.newbie.drivers)).toContain('onboarding_at_risk');
    const run = db.$client.prepare('SELECT * FROM scoring_runs').all() as Array<Record<string, unknown>>;
    expect(run).toHaveLength(1);
    expect(run[0]).toMatchObject({ as_of: AS_OF, accounts: 3, started_at: '2026-07-01T06:00:00.000Z', finished_at: '2026-07-01T06:00:00.000Z' });
    const stored = rows.find((r) => r.account_id === 'fading')!;
    expect(stored.drivers).toEqual(byId.fading.drivers);
    expect(stored.components).toEqual(storedComponents(byId.fading.components));
  });

  it('leaves per-account results out of the summary unless asked (the scheduled job only needs the rows)', () => {
    const db = seeded();
    const s = runScoring(db, { asOf: AS_OF, config, clock });
    expect(s.scores).toBeUndefined();
    expect(s.accounts).toBe(3);
    expect(scoreRows(db, AS_OF)).toHaveLength(3);
  });

  it('re-running the same date replaces rows, never duplicates', () => {
    const db = seeded();
    runScoring(db, { asOf: AS_OF, config, clock, keepScores: true });
    const first = scoreRows(db);
    runScoring(db, { asOf: AS_OF, config, clock, keepScores: true });
    expect(scoreRows(db)).toEqual(first);
    // changed data + re-run: the same single row per account now holds the new value
    addSignal(db, 'steady', 'cancellation_requested', '2026-06-29T10:00:00Z');
    runScoring(db, { asOf: AS_OF, config, clock, keepScores: true });
    const after = scoreRows(db);
    expect(after).toHaveLength(3);
    expect(after.find((r) => r.account_id === 'steady')!.score).toBeLessThan(first.find((r) => r.account_id === 'steady')!.score as number);
  });

  it('uses only data dated on or before the as-of date', () => {
    const db = seeded();
    const before = runScoring(db, { asOf: AS_OF, config, clock, keepScores: true }).scores!;
    const later = addDays(AS_OF, 1);
    // a burst of activity, tickets, NPS, revenue and signals the day after as-of must change nothing
    addUsage(db, 'fading', later, addDays(AS_OF, 10), () => ({ activeUsers: 20, logins: 50, keyEvents: 40, featuresUsed: 20, integrations: 9 }));
    addTicket(db, { accountId: 'steady', openedAt: `${later}T08:00:00Z`, priority: 'urgent' });
    addTicket(db, { accountId: 'steady', openedAt: `${AS_OF}T08:00:00Z`, closedAt: `${later}T01:00:00Z`, priority: 'high' }); // open at as-of
    addNps(db, 'steady', later, 0);
    addRevenue(db, 'fading', later, 'expansion', 30_000);
    db.$client.prepare("UPDATE accounts SET arr = 110000 WHERE id = 'fading'").run(); // current ARR includes it
    addSignal(db, 'newbie', 'payment_failed', `${later}T00:00:00Z`);
    addSnapshot(db, { accountId: 'steady', asOf: later, logins30d: 0, openTickets: 9 });
    const after = runScoring(db, { asOf: AS_OF, config, clock, keepScores: true }).scores!;
    const strip = (xs: typeof before) => xs.filter((x) => x.accountId !== 'steady');
    expect(strip(after)).toEqual(strip(before)); // fading ARR as-of stays 80k despite the later expansion
    // steady: the ticket opened on as-of and closed the day after was open at as-of, so only it counts
    const st = after.find((x) => x.accountId === 'steady')!;
    // (one high ticket = load 2 → 85 − 25/2 = 72.5); the urgent one opened later is ignored
    expect(st.components.support.parts!.openLoad.score).toBe(72.5);
    expect(st.components.engagement.parts!.nps.score).toBe(87.5); // NPS 9, not the later 0
  });

  it('reads account attributes as they were on the as-of date, after an import changed them', () => {
    const db = seeded();
    const before = runScoring(db, { asOf: AS_OF, config, clock, keepScores: true }).scores!;
    // Two days after as-of, a CRM export marks steady's renewal at risk, cuts its seats and moves it to Enterprise.
    const dir = mkdtempSync(join(tmpdir(), 'bw-history-'));
    const file = join(dir, 'accounts.csv');
    writeFileSync(file, `account_id,name,segment,seats_licensed,renewal_status,renewal_date\nsteady,steady,Enterprise,200,at_risk,${addDays(AS_OF, 40)}\n`);
    const out = importFile(db, 'accounts', file, { now: new Date(`${addDays(AS_OF, 2)}T09:30:00Z`) });
    expect(out.ok && out.updated).toBe(1);
    expect(db.$client.prepare('SELECT account_id, valid_until, segment, seats_licensed, renewal_status FROM account_history').all()).toEqual([
      { account_id: 'steady', valid_until: addDays(AS_OF, 2), segment: null, seats_licensed: 20, renewal_status: 'pending' },
    ]);
    // the past is unchanged: scoring the as-of date again gives exactly the same scores
    expect(runScoring(db, { asOf: AS_OF, config, clock, keepScores: true }).scores).toEqual(before);
    // from the day of the change on, the new values count: 200 seats barely used, renewal at risk in 38 days
    const after = runScoring(db, { asOf: addDays(AS_OF, 2), config, clock, keepScores: true }).scores!.find((x) => x.accountId === 'steady')!;
    const was = before.find((x) => x.accountId === 'steady')!;
    expect(after.score).toBeLessThan(was.score);
    expect(ids(after.drivers)).toContain('seat_underuse');
    expect(ids(was.drivers)).not.toContain('seat_underuse');
    // re-importing the same values records nothing more
    importFile(db, 'accounts', file, { now: new Date(`${addDays(AS_OF, 3)}T09:30:00Z`) });
    expect(db.$client.prepare('SELECT COUNT(*) AS n FROM account_history').get()).toEqual({ n: 1 });
  });

  it('skips accounts not signed up yet and accounts churned 30+ days before the as-of date', () => {
    const db = seeded();
    addAccount(db, { id: 'future', signupDate: addDays(AS_OF, 5) });
    addAccount(db, { id: 'gone', signupDate: '2024-01-01' });
    addRevenue(db, 'gone', '2026-04-01', 'churn', -10_000);
    addAccount(db, { id: 'leaving', signupDate: '2024-01-01', renewalDate: '2026-07-15' });
    addRevenue(db, 'leaving', '2026-06-20', 'churn', -10_000); // within the 30-day grace: still scored, financial 0
    const s = runScoring(db, { asOf: AS_OF, config, clock, keepScores: true });
    expect(s.skipped).toBe(2);
    const leaving = s.scores!.find((x) => x.accountId === 'leaving')!;
    expect(leaving.components.financial.parts!.arrTrend.score).toBe(0);
    expect(s.scores!.map((x) => x.accountId)).not.toContain('gone');
    // as of a date before the churn, 'gone' is scored
    expect(runScoring(db, { asOf: '2026-03-15', config, clock, keepScores: true }).scores!.map((x) => x.accountId)).toContain('gone');
  });

  it('finds the last login however long ago, and counts from the first day when there never was one', () => {
    const db = testDb();
    addAccount(db, { id: 'lapsed', signupDate: '2025-01-01' });
    addAccount(db, { id: 'never', signupDate: '2025-01-01' });
    // lapsed: logins until 70 days before as-of, rows without logins since (the usage feed still runs)
    addUsage(db, 'lapsed', addDays(AS_OF, -120), AS_OF, (d) => (d <= addDays(AS_OF, -70) ? { logins: 3, activeUsers: 2 } : {}));
    addUsage(db, 'never', addDays(AS_OF, -40), AS_OF, () => ({}));
    const s = runScoring(db, { asOf: AS_OF, config, clock, keepScores: true }).scores!;
    const lapsed = s.find((x) => x.accountId === 'lapsed')!.drivers.find((d) => d.id === 'inactive')!;
    expect(lapsed.reason).toBe(`no login for 70 days (last login ${addDays(AS_OF, -70)})`);
    expect(lapsed.severity).toBe('high');
    const never = s.find((x) => x.accountId === 'never')!.drivers.find((d) => d.id === 'inactive')!;
    expect(never.reason).toBe('no login for 40 days (no login on record)');
  });

  it('ignores signals resolved on or before the as-of date', () => {
    const db = seeded();
    addSignal(db, 'steady', 'payment_failed', '2026-06-01T00:00:00Z', null, '2026-06-05T00:00:00Z');
    addSignal(db, 'steady', 'champion_departed', '2026-06-01T00:00:00Z', null, '2026-07-05T00:00:00Z'); // resolved after as-of
    const st = runScoring(db, { asOf: AS_OF, config, clock, keepScores: true }).scores!.find((x) => x.accountId === 'steady')!;
    expect(ids(st.drivers)).toContain('champion_departed');
    expect(ids(st.drivers)).not.toContain('payment_failed');
  });
});

describe('snapshot-only accounts', () => {
  it('many logins and features, no tickets, NPS 9 → Thriving or Healthy; silent 35 days, 6 tickets, NPS 1 → Critical', () => {
    const db = testDb();
    addAccount(db, { id: 'happy', seatsLicensed: 25, signupDate: '2024-01-01' });
    addAccount(db, { id: 'sad', seatsLicensed: 25, signupDate: '2024-01-01' });
    addSnapshot(db, {
      accountId: 'happy',
      asOf: '2026-06-28',
      logins30d: 600,
      featuresUsed: 17,
      activeSeats: 22,
      openTickets: 0,
      npsScore: 9,
      daysSinceLastLogin: 0,
    });
    addSnapshot(db, {
      accountId: 'sad',
      asOf: '2026-06-28',
      logins30d: 0,
      featuresUsed: 2,
      activeSeats: 0,
      openTickets: 6,
      npsScore: 1,
      daysSinceLastLogin: 35,
    });
    const s = runScoring(db, { asOf: AS_OF, config, clock, keepScores: true }).scores!;
    const happy = s.find((x) => x.accountId === 'happy')!;
    const sad = s.find((x) => x.accountId === 'sad')!;
    expect(['Thriving', 'Healthy']).toContain(happy.tier);
    expect(sad.tier).toBe('Critical');
    expect(ids(sad.drivers)).toEqual(expect.arrayContaining(['inactive', 'detractor', 'support_overload', 'seat_underuse']));
    expect(sad.drivers.find((d) => d.id === 'inactive')!.severity).toBe('high');
    // a snapshot dated after the as-of date is not used
    expect(runScoring(db, { asOf: '2026-06-27', config, clock, keepScores: true }).scores!.find((x) => x.accountId === 'sad')!.coverage).toBe(0);
  });
});

describe('history: trends and backfill', () => {
  it('backfills a range with progress and gives change vs 7 and 30 days ago from the nearest earlier row', () => {
    const db = seeded();
    const seen: string[] = [];
    const runs = backfill(db, { from: '2026-05-31', to: AS_OF, everyDays: 7, config, clock, onProgress: (d, t, s) => seen.push(`${d}/${t} ${s.asOf}`) });
    expect(backfillDates('2026-05-31', AS_OF, 7)).toEqual(['2026-05-31', '2026-06-07', '2026-06-14', '2026-06-21', '2026-06-28']);
    expect(runs.map((r) => r.asOf)).toEqual(['2026-05-31', '2026-06-07', '2026-06-14', '2026-06-21', '2026-06-28']);
    expect(seen[0]).toBe('1/5 2026-05-31');
    // newbie signed up 2026-06-10: absent from the first two dates
    expect(runs.map((r) => r.accounts)).toEqual([2, 2, 3, 3, 3]);
    backfill(db, { from: '2026-05-31', to: AS_OF, everyDays: 7, config, clock }); // re-run: no duplicates
    expect(scoreRows(db)).toHaveLength(13);

    const t = scoreTrends(db, 'all', '2026-06-28');
    const fading = t.get('fading')!;
    const hist = Object.fromEntries(scoreHistory(db, 'fading', '2026-05-01', AS_OF).map((p) => [p.asOf, p.score]));
    expect(fading.score).toBe(hist['2026-06-28']);
    expect(fading.delta7).toBe(hist['2026-06-28'] - hist['2026-06-21']);
    expect(fading.delta30).toBeNull(); // nothing on or before 05-29: no 30-day trend yet
    // as of 07-02: nearest on/before 06-25 is 06-21, on/before 06-02 is 05-31
    const later = scoreTrends(db, ['fading', 'nobody'], '2026-07-02').get('fading')!;
    expect(later.scoredOn).toBe('2026-06-28');
    expect(later.delta7).toBe(hist['2026-06-28'] - hist['2026-06-21']);
    expect(later.delta30).toBe(hist['2026-06-28'] - hist['2026-05-31']);
    expect(later.delta30).toBeLessThan(0);
    expect(scoreTrends(db, ['fading', 'nobody'], '2026-07-02').has('nobody')).toBe(false);
    expect(scoreTrends(db, ['newbie'], '2026-06-28').get('newbie')!.delta30).toBeNull();
  });
});
