import { describe, expect, it } from 'vitest';
import type { Db } from '../../db';
import { loadCohortData } from '../../src/cohorts/build';
import { churnDrivers, lostArrAt } from '../../src/cohorts/drivers';
import { ttvByPlan } from '../../src/cohorts/report';
import { buildTriangle, monthEnd, monthsObserved } from '../../src/cohorts/triangle';
import { parseConfig } from '../../src/config/load';
import { accounts, revenueEvents } from '../../db/schema';
import { testDb } from '../support/db';
import { AS_OF, seedCohortFixture } from './fixture';

const config = parseConfig({ cohorts: { firstValueKeyEvents: 10, activationDays: 30, months: 12 } }).cohorts;

function fixture(): Db {
  const db = testDb();
  seedCohortFixture(db);
  return db;
}
const data = (db: Db, asOf = AS_OF) => loadCohortData(db, { asOf, config });
const close = (xs: Array<number | null>) => xs.map((x) => (x === null ? null : Math.round(x * 10_000) / 10_000));

describe('cohort months', () => {
  it('month ends clamp to the month, and the month in progress counts', () => {
    expect(monthEnd('2026-01', 0)).toBe('2026-01-31');
    expect(monthEnd('2026-01', 1)).toBe('2026-02-28');
    expect(monthEnd('2025-12', 2)).toBe('2026-02-28');
    expect(monthsObserved('2026-01', '2026-06-15')).toBe(6);
    expect(monthsObserved('2026-06', '2026-06-15')).toBe(1);
    expect(monthsObserved('2026-07', '2026-06-15')).toBe(0);
  });
});

describe('cohort triangle on the hand-built fixture (as of 2026-06-15)', () => {
  it('assigns cohorts by start month and leaves out accounts without a start day or starting later', () => {
    const d = data(fixture());
    expect(d.members.map((m) => `${m.account.id}:${m.cohort}`).sort()).toEqual([
      'a1:2026-01',
      'a2:2026-01',
      'a3:2026-01',
      'a4:2026-01',
      'b1:2026-02',
      'b2:2026-02',
      'c1:2026-06',
    ]);
    expect(d.undated).toBe(1);
    expect(d.notStarted).toBe(1);
  });

  it('logo retention', () => {
    // 2026-01 (a1 a2 a3 a4), measured on 01-31, 02-28, 03-31, 04-30, 05-31 and 06-15 (month in progress):
    //   M0 4/4 (a2 started on 01-31 itself counts) · M1 4/4 (a3 cancelled 02-20 but came back 03-05, within
    //   30 days: not churn) · M2 3/4 (a4 churned 03-10) · M3 3/4 · M4 4/4 (a4 won back 05-20) · M5 4/4
    // 2026-02 (b1 b2): b1 churned 02-27, inside its signup month: M0..M4 all 1/2
    // 2026-06 (c1): M0 1/1
    const t = buildTriangle(data(fixture()), { metric: 'logo', months: 12 });
    expect(t.rows.map((r) => ({ cohort: r.cohort, size: r.size, retention: close(r.retention) }))).toEqual([
      { cohort: '2026-01', size: 4, retention: [1, 1, 0.75, 0.75, 1, 1] },
      { cohort: '2026-02', size: 2, retention: [0.5, 0.5, 0.5, 0.5, 0.5] },
      { cohort: '2026-06', size: 1, retention: [1] },
    ]);
    // weighted over cohorts that reached the month: M0 (4+1+1)/7, M1 (4+1)/6, M2 (3+1)/6, M3 4/6, M4 5/6, M5 4/4
    expect(close(t.curves[0].retention)).toEqual(close([6 / 7, 5 / 6, 4 / 6, 4 / 6, 5 / 6, 1]));
  });

  it('net revenue retention', () => {
    // 2026-01 base = ARR on 01-31: a1 1000 + a2 2000 + a3 1000 + a4 3000 = 7000
    //   M1 02-28: a1 1500 (expanded) + a2 2000 + a3 1000 (in its grace-period gap: keeps the ARR before
    //             cancelling) + a4 3000 = 7500 → 7500/7000
    //   M2 03-31: a1 1500 + a2 1500 (contracted) + a3 1000 (back) + a4 0 (churned) = 4000 → 4000/7000
    //   M3 04-30: 4000 → 4/7 · M4 05-31: + a4 2000 (won back) = 6000 → 6/7 · M5 06-15: 6/7
    // 2026-02 base = ARR on 02-28: b1 0 (churned) + b2 1000 = 1000; M1 1000; M2 04-30 b2 expanded to 2000 → 2
    // 2026-06 base = c1 500 on 06-15 → [1]
    const t = buildTriangle(data(fixture()), { metric: 'revenue', months: 12 });
    expect(t.rows.map((r) => ({ cohort: r.cohort, base: r.base, retention: close(r.retention) }))).toEqual([
      { cohort: '2026-01', base: 7000, retention: close([1, 7500 / 7000, 4000 / 7000, 4000 / 7000, 6000 / 7000, 6000 / 7000]) },
      { cohort: '2026-02', base: 1000, retention: [1, 1, 2, 2, 2] },
      { cohort: '2026-06', base: 500, retention: [1] },
    ]);
  });

  it('split by plan tier and by onboarding outcome', () => {
    const d = data(fixture());
    const seg = buildTriangle(d, { metric: 'logo', by: 'segment', months: 12 });
    // Pro: 2026-01 a1 a2 stay; 2026-02 b1 churned in month 0; 2026-06 c1. Starter: 2026-01 a3 a4 (a4 out M2–M3); 2026-02 b2.
    expect(seg.rows.map((r) => [r.key, r.cohort, r.size, close(r.retention)])).toEqual([
      ['Pro', '2026-01', 2, [1, 1, 1, 1, 1, 1]],
      ['Pro', '2026-02', 1, [0, 0, 0, 0, 0]],
      ['Pro', '2026-06', 1, [1]],
      ['Starter', '2026-01', 2, [1, 1, 0.5, 0.5, 1, 1]],
      ['Starter', '2026-02', 1, [1, 1, 1, 1, 1]],
    ]);
    expect(buildTriangle(d, { metric: 'logo', by: 'plan', months: 12 }).rows.map((r) => r.key)).toEqual(seg.rows.map((r) => r.key));
    // activated = 10+ key events within 30 days of signup: a1 (5 days), a4 (0 days).
    // not activated: a2 (43 days), a3 and b1 and b2 (never; usage on record since 01-05, before their signups).
    // unknown: c1 (signed up 06-10, its 30 days are not over on 06-15).
    const onb = buildTriangle(d, { metric: 'logo', by: 'onboarding', months: 12 });
    expect(onb.rows.map((r) => [r.key, r.cohort, r.size, close(r.retention)])).toEqual([
      ['activated', '2026-01', 2, [1, 1, 0.5, 0.5, 1, 1]],
      ['not activated', '2026-01', 2, [1, 1, 1, 1, 1, 1]],
      ['not activated', '2026-02', 2, [0.5, 0.5, 0.5, 0.5, 0.5]],
      ['unknown', '2026-06', 1, [1]],
    ]);
  });

  it('caps the months shown and never reads events after the as-of day', () => {
    const db = fixture();
    const t = buildTriangle(data(db), { metric: 'logo', months: 2 });
    expect(t.rows[0].retention).toEqual([1, 1, 0.75]);
    // As of 04-15 a4's win-back (05-20) has not happened: still churned; c1 not started yet.
    const early = buildTriangle(data(db, '2026-04-15'), { metric: 'revenue', months: 12 });
    expect(early.rows.map((r) => r.cohort)).toEqual(['2026-01', '2026-02']);
    expect(close(early.rows[0].retention)).toEqual(close([1, 7500 / 7000, 4000 / 7000, 4000 / 7000]));
  });

  it('time to first value per plan tier', () => {
    // Pro observed: a1 (5 days, activated), a2 (43, not), b1 (never, not); c1's window is open (unknown)
    // Starter observed: a3 (never), a4 (0, activated), b2 (never)
    const t = ttvByPlan(data(fixture()));
    expect(t.map((x) => [x.key, x.observed, x.activated, x.reached, x.medianDays])).toEqual([
      ['Pro', 3, 1, 2, 24],
      ['Starter', 3, 1, 1, 0],
      ['all', 6, 2, 3, 5],
    ]);
  });
});

describe('churn drivers by lost ARR', () => {
  it('ranks effective churns of the last 12 months by recorded reason and by the last score driver', () => {
    const db = fixture();
    // Churns in (2025-06-15, 2026-06-15]: a4 03-10 (lost 3000, "competitor", scored: usage_decline first) and
    // b1 02-27 (lost 4000, "budget", never scored). a3's 02-20 cancellation came back in 13 days: no churn.
    const d = churnDrivers(db, data(db));
    expect(d).toMatchObject({ from: '2025-06-16', to: AS_OF, churns: 2, lostArr: 7000 });
    expect(d.byReason).toEqual([
      { label: 'budget', churns: 1, lostArr: 4000 },
      { label: 'competitor', churns: 1, lostArr: 3000 },
    ]);
    expect(d.byScoreDriver).toEqual([
      { label: '(not scored)', churns: 1, lostArr: 4000 },
      { label: 'usage_decline', churns: 1, lostArr: 3000 },
    ]);
    // The window is 12 months back from the as-of day: on 2027-03-01 only a4's 2026-03-10 churn is inside it.
    expect(churnDrivers(db, data(db, '2027-03-01'))).toMatchObject({ churns: 1, lostArr: 3000 });
    expect(churnDrivers(db, data(db, '2027-04-01')).churns).toBe(0);
  });

  it('takes the ARR before a contraction that ran it off ahead of a zero-ARR churn label (RavenStack)', () => {
    const db = testDb();
    db.insert(accounts).values({ id: 'r1', name: 'R1', contractStart: '2025-12-01', arr: 0, lifecycle: 'churned', updatedAt: 'x' }).run();
    db.insert(revenueEvents)
      .values([
        { id: 'r1-a', accountId: 'r1', occurredOn: '2025-12-01', kind: 'new', arrDelta: 5000 },
        { id: 'r1-b', accountId: 'r1', occurredOn: '2026-04-01', kind: 'contraction', arrDelta: -5000 },
        { id: 'r1-c', accountId: 'r1', occurredOn: '2026-04-10', kind: 'churn', arrDelta: 0, note: 'pricing' },
      ])
      .run();
    const d = data(db);
    expect(lostArrAt(d, 'r1', '2026-04-10')).toBe(5000);
    expect(churnDrivers(db, d).byReason).toEqual([{ label: 'pricing', churns: 1, lostArr: 5000 }]);
  });
});
