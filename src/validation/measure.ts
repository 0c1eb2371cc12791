/**
 * What a backtest reports about one set of scores on labelled rows: discrimination (AUC within dates,
 * lift in the riskiest tenth), the tiers' precision, recall and surprise churn, and churn by tier and decile.
 * Shared by `backtest` (the live model) and `calibrate` (before/after on the holdout).
 */
import { AT_RISK_TIERS, TIERS, type Tier } from '../scoring/types';
import type { BacktestRow } from './score-dates';
import { type Grouped, decilesWithin, groupRows, liftAt, pooledAuc } from './stats';

/** Tiers whose churners count as surprise churn: the score said they were fine. */
export const SURPRISE_TIERS: readonly Tier[] = ['Thriving', 'Healthy'];
export const LIFT_FRACTION = 0.1;

export interface Rate {
  rows: number;
  churners: number;
  /** churners / rows, null when there are no rows */
  rate: number | null;
}

export interface Headline {
  rows: number;
  churners: number;
  baseRate: number | null;
  auc: number | null;
  lift10: number | null;
  /** At-Risk + Critical as a churn flag */
  precision: number | null;
  recall: number | null;
  flaggedShare: number | null;
  /** churners that were Thriving or Healthy, as a share of churners */
  surprise: Rate & { share: number | null };
  tiers: (Rate & { tier: Tier })[];
  deciles: (Rate & { decile: number; minScore: number | null; maxScore: number | null })[];
}

const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);
const rate = (rows: number, churners: number): Rate => ({ rows, churners, rate: ratio(churners, rows) });

/** Group rows by date with risk = −score (a low score is a churn warning). */
export function byDate(rows: readonly BacktestRow[], score: ArrayLike<number>): Grouped {
  const risk = Float64Array.from({ length: rows.length }, (_, i) => -score[i]);
  const label = Uint8Array.from(rows, (r) => r.label);
  return groupRows(
    risk,
    label,
    rows.map((r) => r.date),
  );
}

export function headline(rows: readonly BacktestRow[], score: ArrayLike<number>, tier: readonly Tier[]): Headline {
  const g = byDate(rows, score);
  let churners = 0;
  let flagged = 0;
  let flaggedChurn = 0;
  const perTier = new Map<Tier, [number, number]>(TIERS.map((t) => [t, [0, 0]]));
  for (let i = 0; i < rows.length; i++) {
    const y = rows[i].label;
    churners += y;
    const t = perTier.get(tier[i])!;
    t[0]++;
    t[1] += y;
    if (AT_RISK_TIERS.includes(tier[i])) {
      flagged++;
      flaggedChurn += y;
    }
  }
  let surpriseChurn = 0;
  for (const t of SURPRISE_TIERS) surpriseChurn += perTier.get(t)![1];

  const dec = decilesWithin(g, rows.length);
  const deciles = Array.from({ length: 10 }, (_, d) => ({ decile: d + 1, rows: 0, churners: 0, min: Infinity, max: -Infinity }));
  for (let i = 0; i < rows.length; i++) {
    const d = deciles[dec[i]];
    d.rows++;
    d.churners += rows[i].label;
    d.min = Math.min(d.min, score[i]);
    d.max = Math.max(d.max, score[i]);
  }
  return {
    rows: rows.length,
    churners,
    baseRate: ratio(churners, rows.length),
    auc: pooledAuc(g),
    lift10: liftAt(g, LIFT_FRACTION),
    precision: ratio(flaggedChurn, flagged),
    recall: ratio(flaggedChurn, churners),
    flaggedShare: ratio(flagged, rows.length),
    surprise: { ...rate(churners, surpriseChurn), share: ratio(surpriseChurn, churners) },
    tiers: TIERS.map((t) => ({ tier: t, ...rate(perTier.get(t)![0], perTier.get(t)![1]) })),
    deciles: deciles.map((d) => ({
      decile: d.decile,
      ...rate(d.rows, d.churners),
      minScore: d.rows ? d.min : null,
      maxScore: d.rows ? d.max : null,
    })),
  };
}

export interface SignalRow {
  kind: 'component' | 'sub-score' | 'driver' | 'baseline';
  name: string;
  /** rows where the signal had a value */
  rows: number;
  auc: number | null;
  lift10: number | null;
}

/**
 * AUC and lift of one signal over the rows where it has a value. `risk` gives a number (higher = riskier)
 * or null for "no data".
 */
export function signalQuality(
  rows: readonly BacktestRow[],
  kind: SignalRow['kind'],
  name: string,
  risk: (r: BacktestRow, i: number) => number | null,
): SignalRow {
  const values = new Float64Array(rows.length);
  const present: boolean[] = [];
  let n = 0;
  rows.forEach((r, i) => {
    const v = risk(r, i);
    present.push(v != null);
    if (v != null) {
      values[i] = v;
      n++;
    }
  });
  const label = Uint8Array.from(rows, (r) => r.label);
  const g = groupRows(
    values,
    label,
    rows.map((r) => r.date),
    (i) => present[i],
  );
  return { kind, name, rows: n, auc: pooledAuc(g), lift10: liftAt(g, LIFT_FRACTION) };
}

/** Tiers with fewer account-dates than this take no part in the ordering statement. */
export const MIN_TIER_ROWS_TO_ORDER = 20;

/**
 * Pairs of tiers whose churn rates run the wrong way (a worse tier churning less than a better one), raw
 * rates, among tiers with at least MIN_TIER_ROWS_TO_ORDER account-dates; worst tier first.
 */
export function tierInversions(tiers: Headline['tiers']): { worse: Tier; worseRate: number; better: Tier; betterRate: number }[] {
  const big = tiers.filter((t) => t.rows >= MIN_TIER_ROWS_TO_ORDER && t.rate != null);
  const out: { worse: Tier; worseRate: number; better: Tier; betterRate: number }[] = [];
  for (let j = big.length - 1; j > 0; j--)
    for (let i = 0; i < j; i++)
      if (big[j].rate! < big[i].rate!) out.push({ worse: big[j].tier, worseRate: big[j].rate!, better: big[i].tier, betterRate: big[i].rate! });
  return out;
}
