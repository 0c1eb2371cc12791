import { describe, expect, it } from 'vitest';
import type { Db } from '../../db';
import { accounts } from '../../db/schema';
import { eq } from 'drizzle-orm';
import { computeMetrics } from '../../src/metrics/compute';
import { testDb } from '../support/db';
import { addAlert, addOutboxRow, addOutreach, addScore, driver, seedRevenueHistory } from './fixtures';

const NOW = '2026-11-23';
const PREV = '2026-11-16';

/** Scores now and a week ago; tiers: ≥85 Thriving, ≥70 Healthy, ≥50 Neutral, ≥30 At-Risk, else Critical. */
function seedScores(db: Db): void {
  const s: Array<[string, number | null, number | null]> = [
    ['a', 80, 82],
    ['c', 45, 60],
    ['d', 25, 28],
    ['e', 90, 88],
    ['f', 72, 70],
    ['h', 55, 55],
    ['i', 35, 30],
    ['g', null, 20],
  ];
  for (const [id, now, prev] of s) {
    if (prev !== null) addScore(db, id, PREV, prev);
    if (now !== null)
      addScore(db, id, NOW, now, [driver('usage_decline', `${id}: logins down 42%`), driver('inactive', 'no login for 14 days'), driver('detractor', 'NPS 3')]);
  }
}

function seed(): Db {
  const db = testDb();
  seedRevenueHistory(db);
  seedScores(db);
  db.update(accounts).set({ renewalDate: '2027-01-10' }).where(eq(accounts.id, 'c')).run();
  db.update(accounts).set({ renewalDate: '2027-06-01' }).where(eq(accounts.id, 'a')).run();
  db.update(accounts).set({ renewalDate: '2026-12-15' }).where(eq(accounts.id, 'i')).run();
  db.update(accounts).set({ renewalDate: '2027-01-05', renewalStatus: 'at_risk' }).where(eq(accounts.id, 'f')).run();
  db.update(accounts).set({ renewalDate: '2026-12-01', renewalStatus: 'renewed' }).where(eq(accounts.id, 'e')).run();
  // SLA: this week's window is [2026-11-17, 2026-11-24) UTC. One live alert group per account.
  addAlert(db, { accountId: 'a', rule: 'r1', openedAt: '2026-11-18T00:00:00Z', slaDueAt: '2026-11-20T00:00:00Z', acknowledgedAt: '2026-11-19T10:00:00Z' }); // met
  addAlert(db, { accountId: 'h', rule: 'r2', openedAt: '2026-11-19T12:00:00Z', slaDueAt: '2026-11-21T12:00:00Z' }); // missed
  addAlert(db, { accountId: 'c', rule: 'r3', openedAt: '2026-11-20T00:00:00Z', slaDueAt: '2026-11-22T00:00:00Z', acknowledgedAt: '2026-11-23T01:00:00Z' }); // late
  addAlert(db, { accountId: 'f', rule: 'r4', openedAt: '2026-11-21T00:00:00Z', slaDueAt: '2026-11-30T00:00:00Z', acknowledgedAt: '2026-11-22T00:00:00Z' }); // met early
  addAlert(db, { accountId: 'd', rule: 'r5', openedAt: '2026-11-17T00:00:00Z', slaDueAt: '2026-11-20T00:00:00Z', resolvedAt: '2026-11-18T00:00:00Z' }); // cleared: no ack needed
  addAlert(db, { accountId: 'd', rule: 'r6', openedAt: '2026-11-10T00:00:00Z', slaDueAt: '2026-11-12T00:00:00Z', acknowledgedAt: '2026-11-11T00:00:00Z' }); // last week, met
  addOutreach(db, 'a', '2026-11-17T09:00:00Z');
  addOutreach(db, 'c', '2026-11-20T09:00:00Z');
  addOutreach(db, 'c', '2026-11-23T23:59:00Z');
  addOutreach(db, 'd', '2026-11-12T09:00:00Z');
  addOutboxRow(db, 'x1', 'failed', '2026-11-18T00:00:00Z');
  addOutboxRow(db, 'x2', 'failed', '2026-11-22T00:00:00Z');
  addOutboxRow(db, 'x3', 'sent', '2026-11-22T00:00:00Z');
  addOutboxRow(db, 'x4', 'failed', '2026-11-15T00:00:00Z');
  return db;
}

describe('computeMetrics', () => {
  it('headline values with previous-week values and deltas', () => {
    const m = computeMetrics(seed(), { asOf: NOW });
    const h = m.headline;
    expect(m.previousAsOf).toBe(PREV);
    expect(h.totalArr).toEqual({ value: 325_000, previous: 320_000, change: 5_000 });
    expect(h.customers).toEqual({ value: 7, previous: 8, change: -1 });
    // TTM this week 215/315 and 250/315; a week earlier g had not churned and f had not expanded: 225/315, 245/315.
    expect(h.grrTtm.value).toBeCloseTo(215 / 315, 10);
    expect(h.grrTtm.previous).toBeCloseTo(225 / 315, 10);
    expect(h.grrTtm.change).toBeCloseTo(-10 / 315, 10);
    expect(h.nrrTtm.previous).toBeCloseTo(245 / 315, 10);
    expect(h.nrrTtm.change).toBeCloseTo(5 / 315, 10);
    expect(h.logoChurnTtm.value).toBeCloseTo(3 / 8, 10);
    expect(h.logoChurnTtm.previous).toBeCloseTo(2 / 8, 10);
    expect(h.grrPeriod.value).toBeCloseTo(310 / 320, 10);
    expect(h.nrrPeriod.value).toBeCloseTo(325 / 320, 10);
    expect(h.churnedArrPeriod.value).toBe(10_000);
    expect(h.expansionArrPeriod.value).toBe(15_000);
    // At-risk now: c 30k (At-Risk), d 25k (Critical), i 30k (At-Risk) = 85k; a week ago d 25k, i 30k, g 10k = 65k.
    expect(h.atRiskArr).toEqual({ value: 85_000, previous: 65_000, change: 20_000 });
    expect(h.atRiskShare.value).toBeCloseTo(85 / 325, 10);
    expect(h.atRiskShare.previous).toBeCloseTo(65 / 320, 10);
    expect(h.averageHealth.value).toBeCloseTo(402 / 7, 10);
    expect(h.averageHealth.previous).toBeCloseTo(433 / 8, 10);
    // SLA: met 2 of 4 this week (cleared alert excluded); 1 of 1 last week.
    expect(m.sla).toEqual({ eligible: 4, met: 2, compliance: 0.5 });
    expect(h.slaCompliance).toEqual({ value: 0.5, previous: 1, change: -0.5 });
    expect(h.outreachLogged).toEqual({ value: 3, previous: 1, change: 2 });
    expect(h.failedDeliveries).toEqual({ value: 2, previous: 1, change: 1 });
    expect(h.bigDrops).toEqual({ value: 1, previous: 0, change: 1 });
  });

  it('tier distribution with ARR, segment and plan tier × industry risk', () => {
    const m = computeMetrics(seed(), { asOf: NOW });
    const t = Object.fromEntries(m.tiers.map((x) => [x.tier, x]));
    expect(t.Thriving).toMatchObject({ count: 1, arr: 50_000, previousCount: 1 });
    expect(t.Healthy).toMatchObject({ count: 2, arr: 185_000 });
    expect(t.Neutral).toMatchObject({ count: 1, arr: 5_000, previousCount: 2 });
    expect(t['At-Risk']).toMatchObject({ count: 2, arr: 60_000, previousCount: 1 });
    expect(t.Critical).toMatchObject({ count: 1, arr: 25_000, previousCount: 2, previousArr: 35_000 });
    expect(m.atRiskBySegment.map((s) => [s.segment, s.atRiskArr, s.totalArr])).toEqual([
      ['Growth', 60_000, 60_000],
      ['Starter', 25_000, 30_000],
      ['Enterprise', 0, 235_000],
    ]);
    expect(m.riskMatrix.industries).toEqual(['Fintech', 'Health']);
    expect(m.riskMatrix.rows).toEqual([
      { segment: 'Growth', cells: [60_000, 0], total: 60_000 },
      { segment: 'Starter', cells: [0, 25_000], total: 25_000 },
    ]);
    expect(m.atRisk.map((a) => a.accountId)).toEqual(['c', 'i', 'd']);
    expect(m.atRisk[0].drivers.map((d) => d.id)).toEqual(['usage_decline', 'inactive']);
  });

  it('renewals in 90 days with health, movers, monthly trend', () => {
    const m = computeMetrics(seed(), { asOf: NOW });
    expect(m.renewals90.map((r) => [r.accountId, r.atRisk, r.tier])).toEqual([
      ['i', true, 'At-Risk'],
      ['f', true, 'Healthy'], // marked at risk by the renewal status
      ['c', true, 'At-Risk'],
    ]);
    expect(m.headline.renewals90Arr.value).toBe(135_000);
    // Ranked by |change| × ARR: c 15 × 30k = 450k, a 2 × 110k = 220k, d 3 × 25k = 75k.
    expect(m.movers.drops.map((x) => [x.accountId, x.change, x.weight])).toEqual([
      ['c', -15, 450_000],
      ['a', -2, 220_000],
      ['d', -3, 75_000],
    ]);
    // i 5 × 30k and f 2 × 75k tie at 150k: the larger change first; then e 2 × 50k.
    expect(m.movers.gains.map((x) => [x.accountId, x.weight])).toEqual([
      ['i', 150_000],
      ['f', 150_000],
      ['e', 100_000],
    ]);
    expect(m.scored.map((x) => [x.accountId, x.arr, x.tier])).toEqual([
      ['a', 110_000, 'Healthy'],
      ['c', 30_000, 'At-Risk'],
      ['d', 25_000, 'Critical'],
      ['e', 50_000, 'Thriving'],
      ['f', 75_000, 'Healthy'],
      ['h', 5_000, 'Neutral'],
      ['i', 30_000, 'At-Risk'],
    ]);
    expect(m.trend).toHaveLength(12);
    const nov = m.trend[11];
    // November to date: cohort at Oct 31 = 320k (same as last week's), g churned 10k, f +15k.
    expect(nov.month).toBe('2026-11');
    expect(nov.grr).toBeCloseTo(310 / 320, 10);
    expect(nov.nrr).toBeCloseTo(325 / 320, 10);
    const may = m.trend.find((p) => p.month === '2026-05')!;
    // May: cohort at Apr 30 = a 120, b 50, c 30, d 25, e 40, f 60, g 10, h 5, i 40 = 380k; b churns 50k; e +10k seats.
    expect(may.grr).toBeCloseTo(330 / 380, 10);
    expect(may.nrr).toBeCloseTo(340 / 380, 10);
  });

  it('rejects a malformed as-of date', () => {
    expect(() => computeMetrics(testDb(), { asOf: '23/11/2026' })).toThrow(/asOf must be a YYYY-MM-DD/);
  });
});
