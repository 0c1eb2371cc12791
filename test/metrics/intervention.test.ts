/**
 * The intervention estimate on expected churn, with hand-computed answers. The fixture book as of 2026-11-23
 * (ARR, health tier): a 110k Healthy, c 30k At-Risk, d 25k Critical, e 50k Thriving, f 75k Healthy,
 * h 5k Neutral, i 30k At-Risk (see seedRevenueHistory and the scores below).
 */
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db';
import { churnSourceLine } from '../../blocks/digest-leadership';
import { scoringFingerprint } from '../../src/config/fingerprint';
import { parseConfig } from '../../src/config/load';
import { churnLikelihoods, expectedArrAtRisk, rankByExpectedArrAtRisk } from '../../src/domain/churn-likelihood';
import { computeMetrics } from '../../src/metrics/compute';
import { interventionEstimate } from '../../src/metrics/intervention';
import { saveBacktestRun, validationFor } from '../../src/validation/store';
import { testDb } from '../support/db';
import { backtestWithTiers } from '../validation/fixtures';
import { addScore, seedRevenueHistory } from './fixtures';

const config = parseConfig({});
const LIVE = scoringFingerprint(config.scoring);
const OTHER = scoringFingerprint(parseConfig({ scoring: { weights: { usage: 20, engagement: 0, support: 40, financial: 40 } } }).scoring);
const OPTS = { topN: [2, 5, 10], effectiveness: [0.1, 0.15, 0.2], costPerAccount: 600 };

function book(): Db {
  const db = testDb();
  seedRevenueHistory(db);
  for (const [id, score] of [
    ['a', 80],
    ['c', 45],
    ['d', 25],
    ['e', 90],
    ['f', 72],
    ['h', 55],
    ['i', 35],
  ] as const)
    addScore(db, id, '2026-11-23', score);
  return db;
}

/** A saved backtest: Thriving too thin to use (10 account-dates), the other tiers measured. */
const backtest = () =>
  backtestWithTiers([
    { tier: 'Thriving', rows: 10, churners: 5, rate: 0.5 },
    { tier: 'Healthy', rows: 400, churners: 20, rate: 0.05 },
    { tier: 'Neutral', rows: 200, churners: 20, rate: 0.1 },
    { tier: 'At-Risk', rows: 100, churners: 25, rate: 0.25 },
    { tier: 'Critical', rows: 50, churners: 25, rate: 0.5 },
  ]);

function estimate(db: Db) {
  const churn = churnLikelihoods(validationFor(db, config.scoring), config.churnLikelihood);
  const ranked = rankByExpectedArrAtRisk(computeMetrics(db, { asOf: '2026-11-23' }).scored, churn);
  return { churn, ranked, rows: interventionEstimate(ranked, OPTS) };
}

describe('expected ARR at risk', () => {
  it('is ARR × churn likelihood; an unscored account has none', () => {
    expect(expectedArrAtRisk(200_000, 0.35)).toBeCloseTo(70_000, 9);
    expect(expectedArrAtRisk(200_000, null)).toBe(0);
  });
});

describe('intervention estimate on expected churn', () => {
  it('uses the default table until a backtest exists, and says so', () => {
    const { churn, ranked, rows } = estimate(book());
    expect(churn).toMatchObject({
      source: 'default',
      otherConfig: false,
      horizonDays: 90,
      rates: { Thriving: 0.02, Healthy: 0.04, Neutral: 0.08, 'At-Risk': 0.2, Critical: 0.35 },
    });
    // d 25k × 35% = 8,750; c and i 30k × 20% = 6,000 (tie: same ARR, then id); a 4,400; f 3,000; e 1,000; h 400
    expect(ranked.map((r) => [r.account.accountId, Math.round(r.expectedArrAtRisk)])).toEqual([
      ['d', 8750],
      ['c', 6000],
      ['i', 6000],
      ['a', 4400],
      ['f', 3000],
      ['e', 1000],
      ['h', 400],
    ]);
    const [top2, top5, top10] = rows;
    expect(top2).toMatchObject({ topN: 2, accounts: 2, arr: 55_000, cost: 1_200 });
    expect(top2.expectedArrAtRisk).toBeCloseTo(14_750, 6);
    expect(top2.scenarios[0].recoverableArr).toBeCloseTo(1_475, 6);
    expect(top2.scenarios[0].roi).toBeCloseTo(275 / 1_200, 9);
    expect(top5).toMatchObject({ accounts: 5, arr: 270_000, cost: 3_000 });
    expect(top5.expectedArrAtRisk).toBeCloseTo(28_150, 6);
    expect(top5.scenarios[0].roi).toBeCloseTo((2_815 - 3_000) / 3_000, 9); // 10% does not pay for 5 accounts
    expect(top5.scenarios[2].roi).toBeCloseTo((5_630 - 3_000) / 3_000, 9);
    expect(top10).toMatchObject({ topN: 10, accounts: 7, cost: 4_200 }); // only 7 accounts to work
    expect(top10.scenarios[1].recoverableArr).toBeCloseTo(29_550 * 0.15, 6);
    expect(churnSourceLine(churn)).toBe(
      'Churn likelihood from the default table (no backtest yet; run `bellwether backtest`), churn within 90 days: Thriving 2% · Healthy 4% · Neutral 8% · At-Risk 20% · Critical 35%',
    );
  });

  it("uses the matching backtest's tier churn rates, and the default for a tier it has too few account-dates for", () => {
    const db = book();
    saveBacktestRun(db, backtest(), '2026-11-20T08:00:00Z', LIVE);
    const { churn, ranked, rows } = estimate(db);
    expect(churn).toMatchObject({
      source: 'backtest',
      defaultedTiers: ['Thriving'],
      rates: { Thriving: 0.02, Healthy: 0.05, Neutral: 0.1, 'At-Risk': 0.25, Critical: 0.5 },
    });
    // d 12,500; c, i 7,500; a 5,500; f 3,750; e 1,000 (default 2%); h 500
    expect(ranked.map((r) => r.account.accountId)).toEqual(['d', 'c', 'i', 'a', 'f', 'e', 'h']);
    const [top2, top5, top10] = rows;
    expect(top2.expectedArrAtRisk).toBeCloseTo(20_000, 6);
    expect(top2.scenarios[0].roi).toBeCloseTo((2_000 - 1_200) / 1_200, 9);
    expect(top5.expectedArrAtRisk).toBeCloseTo(36_750, 6);
    expect(top5.scenarios[2]).toMatchObject({ effectiveness: 0.2 });
    expect(top5.scenarios[2].recoverableArr).toBeCloseTo(7_350, 6);
    expect(top5.scenarios[2].roi).toBeCloseTo(1.45, 9);
    expect(top10.expectedArrAtRisk).toBeCloseTo(38_250, 6);
    expect(top10.scenarios[1].roi).toBeCloseTo((5_737.5 - 4_200) / 4_200, 9);
    expect(churnSourceLine(churn)).toBe(
      'Churn likelihood from backtest of 2026-11-20 (churn within 90 days, 2025-12-31 to 2026-07-31): Thriving 2% · Healthy 5% · Neutral 10% · At-Risk 25% · Critical 50% (default table for Thriving: too few account-dates)',
    );
  });

  it('ignores a backtest scored with another config (fingerprint mismatch) and says why', () => {
    const db = book();
    saveBacktestRun(db, backtest(), '2026-11-20T08:00:00Z', OTHER);
    const { churn, rows } = estimate(db);
    expect(churn).toMatchObject({ source: 'default', otherConfig: true, backtest: null });
    expect(rows[0].expectedArrAtRisk).toBeCloseTo(14_750, 6); // the default-table answer
    expect(churnSourceLine(churn)).toContain('default table (no backtest of the current scoring config; run `bellwether backtest`)');
  });

  it('falls back to the default table when no tier of the backtest has enough account-dates', () => {
    const db = book();
    const thin = backtest();
    (thin.headline as unknown as { tiers: Array<{ rows: number }> }).tiers.forEach((t) => (t.rows = 5));
    saveBacktestRun(db, thin, '2026-11-20T08:00:00Z', LIVE);
    expect(estimate(db).churn).toMatchObject({ source: 'default', rates: { Critical: 0.35 } });
  });

  it('has no ROI when there is nothing to work', () => {
    const [row] = interventionEstimate([], { topN: [10], effectiveness: [0.1], costPerAccount: 600 });
    expect(row).toMatchObject({ accounts: 0, cost: 0, expectedArrAtRisk: 0 });
    expect(row.scenarios[0].roi).toBeNull();
  });
});

describe('config churnLikelihood.defaults', () => {
  it('overrides tier by tier and rejects a table where a worse tier churns less, naming the key', () => {
    expect(parseConfig({ churnLikelihood: { defaults: { Critical: 0.5 } } }).churnLikelihood.defaults).toEqual({
      Thriving: 0.02,
      Healthy: 0.04,
      Neutral: 0.08,
      'At-Risk': 0.2,
      Critical: 0.5,
    });
    expect(() => parseConfig({ churnLikelihood: { defaults: { 'At-Risk': 0.5 } } })).toThrow(/churnLikelihood\.defaults.*must not decrease/s);
    expect(() => parseConfig({ churnLikelihood: { defaults: { Critical: 1.5 } } })).toThrow(/churnLikelihood\.defaults\.Critical/);
    expect(() => parseConfig({ churnLikelihood: { defaults: { Churned: 0.5 } } })).toThrow(/Churned/);
  });
});
