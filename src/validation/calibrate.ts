/**
 * `bellwether calibrate`: fit the model's weights and tier thresholds to the user's own churn history with a
 * time-ordered holdout: fit on the older dates, judge on the newest. Training dates end a full horizon
 * before the first test date, so no training label looks into the test period.
 */
import type { Db } from '../../db';
import type { ComponentWeights } from '../config/sections/scoring';
import type { AppConfig } from '../config/schema';
import { addDays } from '../lib/dates';
import { weightsFor } from '../scoring/score-account';
import { PART_WEIGHTS } from '../scoring/curves';
import { type PartFit, type TierFit, type WeightFit, fitPartWeights, fitTiers, fitWeights, rescoreParts, reweigh } from './fit';
import { type Headline, type SignalRow, byDate, headline, signalQuality } from './measure';
import { type ThinDate, behaviouralStarts, thinDates } from './dates';
import { loadOutcomes } from './outcomes';
import { type BacktestRow, type DateSummary, scoreDates } from './score-dates';
import { pooledAuc } from './stats';

/** When a fit is too thin to trust (documented in the README). */
export const CALIBRATION_MINIMUMS = {
  /** training dates (each a full horizon before the holdout) */
  trainDates: 3,
  /** churners in the training rows */
  trainChurners: 30,
  /** churners in the holdout rows, to judge the fit */
  testChurners: 10,
  /** churners in a segment's training rows before it gets its own weights */
  segmentChurners: 30,
} as const;

export interface SegmentFit extends WeightFit {
  segment: string;
  churners: number;
}

export interface CalibrationResult {
  trainDates: string[];
  testDates: string[];
  /** dates dropped between train and test (their horizon reaches into the holdout) */
  gapDates: string[];
  /** dates left out before the split because the scored signal did not exist yet (see thinDates) */
  thinDates: ThinDate[];
  trainChurners: number;
  testChurners: number;
  /** why the fit cannot be trusted; empty when it can */
  problems: string[];
  weights?: WeightFit;
  segments?: SegmentFit[];
  /** segments with too few churners for their own weights */
  thinSegments?: { segment: string; churners: number }[];
  /** sub-score weights inside the components */
  parts?: PartFit & { rejected?: WeightFit['rejected'] };
  tiers?: TierFit;
  /** holdout, current model vs proposed (both scored by the real scoring code) */
  before?: Headline;
  after?: Headline;
  /** AUC of each sub-score on the training dates (sub-score weights are not configurable: advice only) */
  subScores?: SignalRow[];
  proposed?: AppConfig['scoring'];
}

export interface CalibrateOptions {
  dates: string[];
  horizonDays: number;
  config: AppConfig;
  onDate?: (done: number, total: number, s: DateSummary) => void;
}

/** Newest quarter of the dates (at least one) is the holdout; training dates end a horizon before it. */
export function splitDates(dates: readonly string[], horizonDays: number): { train: string[]; gap: string[]; test: string[] } {
  const nTest = Math.max(1, Math.ceil(dates.length / 4));
  const test = dates.slice(dates.length - nTest);
  const older = dates.slice(0, dates.length - nTest);
  const train = older.filter((d) => addDays(d, horizonDays) <= test[0]);
  return { train, gap: older.filter((d) => !train.includes(d)), test };
}

const churnersIn = (rows: readonly BacktestRow[]) => rows.reduce((n, r) => n + r.label, 0);

/** The built-in sub-score weights of the non-onboarding model (onboarding usage keeps its own). */
const BUILT_IN_PARTS = {
  usage: { ...PART_WEIGHTS.usage },
  engagement: { ...PART_WEIGHTS.engagement },
  support: { ...PART_WEIGHTS.support },
  financial: { ...PART_WEIGHTS.financial },
};

/** fitPartWeights with the same two checks as checkedFit (near chance; older dates' fit on the newer ones). */
export function checkedPartFit(
  rows: readonly BacktestRow[],
  scoring: AppConfig['scoring'],
  horizonDays: number,
): PartFit & { rejected?: WeightFit['rejected'] } {
  const fit = fitPartWeights(rows, scoring, BUILT_IN_PARTS);
  if (!fit.changed) return fit;
  const current = fitPartWeights([], scoring, BUILT_IN_PARTS).table;
  const keep = (rejected: WeightFit['rejected']) => ({
    ...fit,
    table: current,
    partWeights: scoring.partWeights,
    auc: fit.currentAuc,
    changed: false,
    rejected,
  });
  if ((fit.auc ?? 0) < MIN_FIT_AUC) return keep('chance');
  const dates = [...new Set(rows.map((r) => r.date))].sort();
  const inner = splitDates(dates, horizonDays);
  if (inner.train.length < 2) return fit;
  const early = fitPartWeights(
    rows.filter((r) => inner.train.includes(r.date)),
    scoring,
    BUILT_IN_PARTS,
  );
  if (!early.changed) return fit;
  const newer = rows.filter((r) => inner.test.includes(r.date));
  const aucOn = (t: PartFit['table']) => pooledAuc(byDate(newer, rescoreParts(newer, scoring, current, t))) ?? 0;
  return aucOn(early.table) > aucOn(current) ? fit : keep('noise');
}

/** A weight change must reach at least this training AUC: reshuffling weights near chance only fits noise. */
export const MIN_FIT_AUC = 0.55;

/**
 * fitWeights, plus a check that the change is not noise: split the training dates the same time-ordered way,
 * fit on the older part, and drop the change when that fit moved the weights but did worse than the current ones
 * on the newer part (dates it was not fitted on). Too few dates for the inner split: no check.
 */
export function checkedFit(rows: readonly BacktestRow[], current: ComponentWeights, horizonDays: number): WeightFit {
  const fit = fitWeights(rows, current);
  if (!fit.changed) return fit;
  const keep = (rejected: WeightFit['rejected']): WeightFit => ({ ...fit, weights: current, auc: fit.currentAuc, changed: false, rejected });
  if ((fit.auc ?? 0) < MIN_FIT_AUC) return keep('chance');
  const dates = [...new Set(rows.map((r) => r.date))].sort();
  const inner = splitDates(dates, horizonDays);
  if (inner.train.length < 2) return fit;
  const older = rows.filter((r) => inner.train.includes(r.date));
  const newer = rows.filter((r) => inner.test.includes(r.date));
  const early = fitWeights(older, current);
  const aucOn = (w: ComponentWeights) =>
    pooledAuc(
      byDate(
        newer,
        newer.map((r) => reweigh(r, w)),
      ),
    );
  // No change on the older dates is no evidence either way (they may lack data the newer ones have).
  const holds = !early.changed || (aucOn(early.weights) ?? 0) > (aucOn(current) ?? 0);
  return holds ? fit : keep('noise');
}

export function calibrate(db: Db, opts: CalibrateOptions): CalibrationResult {
  const { config, horizonDays } = opts;
  // A date scored on financial data alone would train weights for a model the live data never runs.
  const thin = thinDates(opts.dates, behaviouralStarts(db));
  const split = splitDates(
    opts.dates.filter((d) => !thin.some((t) => t.date === d)),
    horizonDays,
  );
  const outcomes = loadOutcomes(db);
  const { rows } = scoreDates(db, { dates: [...split.train, ...split.test], horizonDays, config, outcomes, onDate: opts.onDate });
  const train = rows.filter((r) => split.train.includes(r.date));
  const test = rows.filter((r) => split.test.includes(r.date));
  const M = CALIBRATION_MINIMUMS;
  const res: CalibrationResult = {
    trainDates: split.train,
    testDates: split.test,
    gapDates: split.gap,
    thinDates: thin,
    trainChurners: churnersIn(train),
    testChurners: churnersIn(test),
    problems: [],
  };
  if (!split.test.length) {
    res.problems.push(`no date to fit on: all ${opts.dates.length} date(s) come before the scored signal exists (listed above); pick later dates`);
    return res;
  }
  if (split.train.length < M.trainDates) {
    const thinNote = thin.length ? `; ${thin.length} earlier date(s) were left out because the scored signal did not exist yet` : '';
    res.problems.push(
      `too little history: ${split.train.length} training date(s) end ${horizonDays} days before the holdout (${split.test[0]}); at least ${M.trainDates} are needed${thinNote} (score more dates with a shorter --every or --horizon)`,
    );
  }
  if (res.trainChurners < M.trainChurners)
    res.problems.push(`too few churners to fit: ${res.trainChurners} in the training dates, at least ${M.trainChurners} are needed`);
  if (res.testChurners < M.testChurners)
    res.problems.push(`too few churners to judge the fit: ${res.testChurners} in the holdout dates, at least ${M.testChurners} are needed`);
  res.before = headline(
    test,
    test.map((r) => r.score),
    test.map((r) => r.tier),
  );
  if (res.problems.length) return res;

  res.weights = checkedFit(train, config.scoring.weights, horizonDays);
  const segments: Record<string, { weights: ComponentWeights }> = { ...config.scoring.segments };
  res.segments = [];
  res.thinSegments = [];
  const names = [...new Set(train.map((r) => r.segment).filter((s): s is string => s != null))].sort();
  for (const seg of names) {
    const segRows = train.filter((r) => r.segment === seg);
    const churners = churnersIn(segRows);
    if (churners < M.segmentChurners) {
      res.thinSegments.push({ segment: seg, churners });
      continue;
    }
    // Start from what the segment gets after the global fit: its override, else the new global weights.
    const start = weightsFor(seg, { ...config.scoring, weights: res.weights.weights });
    const fit = checkedFit(segRows, start, horizonDays);
    res.segments.push({ segment: seg, churners, ...fit });
    if (fit.changed) segments[seg] = { weights: fit.weights };
  }
  const weighted = { ...config.scoring, weights: res.weights.weights, segments };
  res.parts = checkedPartFit(train, weighted, horizonDays);
  const scoring = { ...weighted, partWeights: res.parts.changed ? res.parts.partWeights : config.scoring.partWeights };
  const current = fitPartWeights([], weighted, BUILT_IN_PARTS).table;
  const trainScores = rescoreParts(train, weighted, current, res.parts.table);
  res.tiers = fitTiers(
    trainScores,
    train.map((r) => r.label),
    config.scoring.tiers,
    train.map((r) => r.score),
  );
  res.proposed = { ...scoring, tiers: res.tiers.tiers };

  const after = scoreDates(db, { dates: split.test, horizonDays, config: { ...config, scoring: res.proposed }, outcomes }).rows;
  res.after = headline(
    after,
    after.map((r) => r.score),
    after.map((r) => r.tier),
  );
  const parts = [...new Set(train.flatMap((r) => Object.keys(r.parts)))].sort();
  res.subScores = parts.map((p) => signalQuality(train, 'sub-score', p, (r) => (p in r.parts ? -r.parts[p] : null)));
  return res;
}
