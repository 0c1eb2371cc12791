/**
 * As-of isolation: a score at date T uses only what was known at T. Each leak named in issue 11 has its own
 * case, and a whole-book check proves that data dated after T (usage, tickets, NPS, signals, revenue, account
 * changes) never moves a score at T.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load';
import { generateDemo } from '../../src/demo/generate';
import { importFile } from '../../src/import';
import { addDays } from '../../src/lib/dates';
import { extractFeatures } from '../../src/scoring/features';
import { runScoring } from '../../src/scoring/run';
import { scoreAccount } from '../../src/scoring/score-account';
import { testDb } from '../support/db';
import { tempFiles } from '../import/helpers';
import { addAccount, addNps, addRevenue, addSignal, addTicket, addUsage } from './seed';

const config = parseConfig({}).scoring;
const opts = { signalWindowDays: config.signalWindowDays, staleAfterDays: config.staleAfterDays };
const T = '2026-03-31';

const featuresAt = (db: ReturnType<typeof testDb>, asOf: string) => new Map(extractFeatures(db, asOf, opts).features.map((f) => [f.id, f]));
const steady = () => ({ activeUsers: 5, logins: 6, keyEvents: 8, featuresUsed: 9, integrations: 3 });

/** Two accounts with identical data; `leaky` also gets what the test adds later. */
function twins() {
  const db = testDb();
  for (const id of ['leaky', 'clean']) {
    addAccount(db, { id, signupDate: '2025-01-01', seatsLicensed: 10, renewalDate: '2026-06-30', renewalStatus: 'pending' });
    addUsage(db, id, '2025-12-01', T, steady);
  }
  return db;
}

const changeAt = (db: ReturnType<typeof testDb>, id: string, set: string, at: string) =>
  db.$client.prepare(`UPDATE accounts SET ${set}, updated_at = ? WHERE id = ?`).run(`${at}T10:00:00Z`, id);

describe('as-of isolation', () => {
  it('renewal status churned set after T does not reach T (the renewal sub-score is what it was then)', () => {
    const db = twins();
    changeAt(db, 'leaky', "renewal_status = 'churned'", '2026-05-02');
    const f = featuresAt(db, T);
    expect(f.get('leaky')!.renewalStatus).toBe('pending');
    const [a, b] = ['leaky', 'clean'].map((id) => scoreAccount(f.get(id)!, config, T));
    expect(a.components.financial).toEqual(b.components.financial);
    expect(a.score).toBe(b.score);
    // From the day it became known, it counts.
    expect(featuresAt(db, '2026-05-02').get('leaky')!.renewalStatus).toBe('churned');
  });

  it('an account imported as churned with no churn event is scored before that was known and skipped after', () => {
    const db = twins();
    // Stored as churned from the start; written (known) on 2026-01-01 by the seed.
    db.$client.prepare("UPDATE accounts SET lifecycle = 'churned', renewal_status = 'churned' WHERE id = 'leaky'").run();
    db.$client.prepare('DELETE FROM account_history').run(); // as if it had been imported that way
    const before = featuresAt(db, '2025-12-20');
    expect(before.get('leaky')).toMatchObject({ renewalStatus: 'pending' });
    expect(scoreAccount(before.get('leaky')!, config, '2025-12-20').score).toBe(scoreAccount(before.get('clean')!, config, '2025-12-20').score);
    expect(featuresAt(db, '2026-01-05').has('leaky')).toBe(false);
    expect(featuresAt(db, '2026-01-05').has('clean')).toBe(true);
  });

  it('eligibility at T counts only churn events on or before T', () => {
    const db = twins();
    addRevenue(db, 'leaky', '2026-05-15', 'churn', -10_000);
    changeAt(db, 'leaky', "lifecycle = 'churned', renewal_status = 'churned'", '2026-05-15');
    const atT = featuresAt(db, T);
    expect(atT.has('leaky')).toBe(true);
    expect(atT.get('leaky')!.revenue!.churnedOn).toBeNull();
    expect(atT.get('leaky')!.arr).toBe(atT.get('clean')!.arr + 10_000); // ARR as of T: before the churn took it
    // Inside the 30-day grace after the churn it is still scored, then left out.
    expect(featuresAt(db, '2026-06-01').get('leaky')!.revenue!.churnedOn).toBe('2026-05-15');
    expect(featuresAt(db, '2026-06-20').has('leaky')).toBe(false);
  });

  it('an import with an as_of column loads a CRM history: each date reads the values valid then', () => {
    const db = testDb();
    const files = tempFiles();
    const now = new Date('2026-04-01T08:00:00Z');
    const load = (name: string, csv: string) => {
      const r = importFile(db, 'accounts', files.write(name, csv), { now });
      if (!r.ok) throw new Error(r.message);
      return r;
    };
    load('a.csv', 'account_id,name,segment,renewal_status,lifecycle,as_of\nhist,Hist,Growth,pending,active,2025-01-01\n');
    load('b.csv', 'account_id,renewal_status,segment,as_of\nhist,at_risk,Pro,2025-06-01\n');
    load('c.csv', 'account_id,renewal_status,lifecycle,as_of\nhist,churned,churned,2025-09-01\n');
    expect(db.$client.prepare('SELECT valid_from, valid_until, renewal_status, segment FROM account_history ORDER BY id').all()).toEqual([
      { valid_from: '2025-01-01', valid_until: '2025-06-01', renewal_status: 'pending', segment: 'Growth' },
      { valid_from: '2025-06-01', valid_until: '2025-09-01', renewal_status: 'at_risk', segment: 'Pro' },
    ]);
    addUsage(db, 'hist', '2025-01-01', '2025-10-01', steady);
    expect(featuresAt(db, '2025-03-01').get('hist')).toMatchObject({ renewalStatus: 'pending', segment: 'Growth' });
    expect(featuresAt(db, '2025-07-01').get('hist')).toMatchObject({ renewalStatus: 'at_risk', segment: 'Pro' });
    // Churned from 2025-09-01 with no churn event: known churned, so not scored any more.
    expect(featuresAt(db, '2025-08-31').has('hist')).toBe(true);
    expect(featuresAt(db, '2025-09-02').has('hist')).toBe(false);
  });

  it('rejects an as_of after today, naming the row and column', () => {
    const db = testDb();
    const files = tempFiles();
    const r = importFile(db, 'accounts', files.write('f.csv', 'account_id,name,as_of\nx,X,2027-01-01\n'), { now: new Date('2026-04-01T08:00:00Z') });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/as_of.*2027-01-01.*after today/);
    expect(db.$client.prepare('SELECT count(*) FROM accounts').pluck().get()).toBe(0);
  });

  it('data dated after T never moves a score at T (every source, on a demo book)', () => {
    const db = testDb();
    const today = '2026-06-30';
    generateDemo(db, { accounts: 150, days: 200, today });
    const asOf = '2026-03-31';
    const before = runScoring(db, { asOf, config, keepScores: true }).scores!;
    // Everything below happens after T: new usage, tickets, NPS, signals, revenue and attribute changes.
    const ids = before.slice(0, 40).map((s) => s.accountId);
    for (const [i, id] of ids.entries()) {
      addUsage(db, id, '2026-04-01', '2026-04-20', () => ({ activeUsers: 0, logins: 0, keyEvents: 0, featuresUsed: 0, integrations: 0 }));
      addTicket(db, { accountId: id, openedAt: '2026-04-02T09:00:00Z', priority: 'urgent' });
      addNps(db, id, '2026-04-03', 0);
      addSignal(db, id, 'cancellation_requested', '2026-04-04T09:00:00Z');
      addRevenue(db, id, '2026-04-05', i % 2 ? 'churn' : 'contraction', -1000);
      db.$client.prepare('UPDATE accounts SET arr = arr - 1000 WHERE id = ?').run(id); // today's ARR reflects it
      // An update happens now (after the data's history), as any import or CRM sync would.
      changeAt(db, id, "renewal_status = 'churned', lifecycle = 'churned', seats_licensed = 999, segment = 'Enterprise'", '2026-07-01');
    }
    const after = runScoring(db, { asOf, config, keepScores: true }).scores!;
    expect(after).toEqual(before);
    // The same changes seen from a later date do move those scores (the check above could fail).
    const later = new Map(runScoring(db, { asOf: '2026-04-10', config, keepScores: true }).scores!.map((s) => [s.accountId, s]));
    expect(ids.filter((id) => later.get(id) === undefined || later.get(id)!.score < before.find((s) => s.accountId === id)!.score).length).toBeGreaterThan(30);
  });

  it('outcome dates: demo churners read their pre-churn status before the churn, churned after', () => {
    const db = testDb();
    const today = '2026-06-30';
    generateDemo(db, { accounts: 400, days: 365, today });
    const churns = db.$client
      .prepare("SELECT account_id AS id, occurred_on AS day FROM revenue_events WHERE kind = 'churn' AND occurred_on > ?")
      .all(addDays(today, -300)) as { id: string; day: string }[];
    expect(churns.length).toBeGreaterThan(10);
    for (const c of churns) {
      const before = featuresAt(db, addDays(c.day, -1)).get(c.id);
      expect(before?.renewalStatus, c.id).not.toBe('churned');
      expect(before?.revenue?.churnedOn ?? null).toBeNull();
    }
  });
});
