import { describe, expect, it } from 'vitest';
import { trailingDays, trailingMonths, monthlyPeriods, addMonths } from '../../src/metrics/periods';
import { arrMap, loadPortfolio } from '../../src/metrics/portfolio';
import { retention } from '../../src/metrics/retention';
import { testDb } from '../support/db';
import { addRevenue, seedRevenueHistory } from './fixtures';

describe('retention (GRR, NRR, logo churn) on a hand-built revenue history', () => {
  it('trailing 12 months: churn excludes quick reactivations, new logos are not in the cohort', () => {
    const db = testDb();
    seedRevenueHistory(db);
    const r = retention(loadPortfolio(db, '2026-11-23'), trailingMonths('2026-11-23', 12));
    // Cohort at 2025-11-23: a 100k, b 50k, c 30k, d 20k, f 60k, g 10k, h 5k (no events), i 40k = 315k, 8 logos. e is new (2026).
    expect(r.start).toBe('2025-11-23');
    expect(r.startingArr).toBe(315_000);
    expect(r.startingAccounts).toBe(8);
    // Churned: b 50k, d 20k (reactivated after 73 days), g 10k = 80k; c came back in 19 days (not churn).
    expect(r.churnedArr).toBe(80_000);
    expect(r.churnedAccounts).toBe(3);
    // Contraction: a 10k + i (churned 40k, back in 9 days at 30k) 10k.
    expect(r.contractionArr).toBe(20_000);
    // Expansion: a 20k seats + f 15k upgrade; e's expansion is a new logo's, not retention.
    expect(r.expansionArr).toBe(35_000);
    expect(r.expansion).toEqual({ seat: 20_000, upgrade: 15_000, cross_sell: 0, unspecified: 0 });
    expect(r.grr).toBeCloseTo(215 / 315, 10);
    expect(r.nrr).toBeCloseTo(250 / 315, 10);
    expect(r.logoChurn).toBeCloseTo(3 / 8, 10);
  });

  it('last 7 days', () => {
    const db = testDb();
    seedRevenueHistory(db);
    const r = retention(loadPortfolio(db, '2026-11-23'), trailingDays('2026-11-23', 7));
    // Cohort at 2026-11-16: a 110 c 30 d 25 e 50 f 60 g 10 h 5 i 30 = 320k; g churns 10k, f expands 15k.
    expect(r.startingArr).toBe(320_000);
    expect(r.startingAccounts).toBe(8);
    expect(r.grr).toBeCloseTo(310 / 320, 10);
    expect(r.nrr).toBeCloseTo(325 / 320, 10);
    expect(r.logoChurn).toBeCloseTo(1 / 8, 10);
  });

  it('uses only data up to as-of: a reactivation after as-of cannot undo a churn yet, and does later', () => {
    const db = testDb();
    seedRevenueHistory(db);
    addRevenue(db, 'g', '2026-11-30', 'reactivation', 10_000); // 12 days after g's churn
    const before = retention(loadPortfolio(db, '2026-11-23'), trailingDays('2026-11-23', 7));
    expect(before.churnedArr).toBe(10_000);
    const after = retention(loadPortfolio(db, '2026-12-05'), { start: '2026-11-16', end: '2026-11-23' });
    expect(after.churnedArr).toBe(0);
    expect(after.churnedAccounts).toBe(0);
    expect(after.grr).toBe(1);
  });

  it('reconstructs ARR by day from events; accounts without events keep their ARR from contract start', () => {
    const db = testDb();
    seedRevenueHistory(db);
    const p = loadPortfolio(db, '2026-11-23');
    const now = arrMap(p, '2026-11-23');
    expect([...now.values()].reduce((s, v) => s + v, 0)).toBe(325_000);
    expect(now.has('g')).toBe(false);
    expect(now.get('f')).toBe(75_000);
    expect(arrMap(p, '2024-12-31').get('h')).toBeUndefined();
  });

  it('empty cohort gives null ratios, not NaN', () => {
    const db = testDb();
    const r = retention(loadPortfolio(db, '2026-11-23'), trailingMonths('2026-11-23', 12));
    expect(r.grr).toBeNull();
    expect(r.nrr).toBeNull();
    expect(r.logoChurn).toBeNull();
  });

  it('period helpers', () => {
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(addMonths('2026-01-15', -12)).toBe('2025-01-15');
    const months = monthlyPeriods('2026-11-23', 12);
    expect(months).toHaveLength(12);
    expect(months[0]).toEqual({ month: '2025-12', start: '2025-11-30', end: '2025-12-31' });
    expect(months[11]).toEqual({ month: '2026-11', start: '2026-10-31', end: '2026-11-23' });
  });
});
