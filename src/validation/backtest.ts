/**
 * `bellwether backtest`: score past dates as the scheduler would have (in memory), label each account by
 * churn in (T, T + horizon], and measure how well the score ranked the churners, against naive baselines.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { Db } from '../../db';
import type { AppConfig } from '../config/schema';
import { UserError } from '../lib/errors';
import { addDays } from '../lib/dates';
import { COMPONENTS } from '../scoring/types';
import { type AlertHistory, type RuleOutcome, alertHistoryOutcomes, alertRuleOutcomes } from './alert-outcomes';
import { type ThinDate, behaviouralStarts, dataSpan, thinDates } from './dates';
import { type Headline, type SignalRow, byDate, headline, signalQuality } from './measure';
import { loadOutcomes, type Outcomes } from './outcomes';
import { type BacktestRow, type DateSummary, scoreDates } from './score-dates';
import { type Interval, clusterBootstrap, pooledAuc } from './stats';

export interface BacktestOptions {
  dates: string[];
  horizonDays: number;
  config: AppConfig;
  /** bootstrap resamples (default 1000) and seed (default 1) */
  bootstrap?: { reps?: number; seed?: number };
  onDate?: (done: number, total: number, s: DateSummary) => void;
}

export interface BacktestResult {
  from: string;
  to: string;
  dates: string[];
  horizonDays: number;
  /** last day of data: churn after it is unknown */
  dataEnd: string | null;
  /** dates whose horizon runs past the data (their labels may miss churn) */
  shortHorizon: string[];
  /** dates before the scored signal exists (behavioural sources not started, or usage windows not full) */
  thinDates: ThinDate[];
  accounts: number;
  undatedChurn: number;
  perDate: (DateSummary & { auc: number | null })[];
  headline: Headline;
  aucInterval: Interval | null;
  signals: SignalRow[];
  baselines: SignalRow[];
  rules: RuleOutcome[];
  alertHistory: AlertHistory;
  durationMs: number;
}

/** Seed of the random baseline: fixed, so a re-run gives the same figure. */
const RANDOM_BASELINE_SEED = 7;

export function runBacktest(db: Db, opts: BacktestOptions): { result: BacktestResult; rows: BacktestRow[] } {
  if (!opts.dates.length)
    throw new UserError('NO_DATES', 'backtest: no dates to score (the data has no month-end with a full horizon after it; pass --from/--to)');
  const t0 = performance.now();
  const outcomes: Outcomes = loadOutcomes(db);
  const span = dataSpan(db);
  const { rows, perDate } = scoreDates(db, { dates: opts.dates, horizonDays: opts.horizonDays, config: opts.config, outcomes, onDate: opts.onDate });
  const score = Float64Array.from(rows, (r) => r.score);
  const head = headline(
    rows,
    score,
    rows.map((r) => r.tier),
  );

  const g = byDate(rows, score);
  const accountIndex = new Map<string, number>();
  const cluster = Int32Array.from(rows, (r) => {
    let k = accountIndex.get(r.accountId);
    if (k === undefined) accountIndex.set(r.accountId, (k = accountIndex.size));
    return k;
  });
  const aucInterval = clusterBootstrap(cluster, accountIndex.size, (w) => pooledAuc(g, w), opts.bootstrap);

  const perDateAuc = perDate.map((d) => {
    const idx = rows.flatMap((r, i) => (r.date === d.date ? [i] : []));
    const sub = idx.map((i) => rows[i]);
    return {
      ...d,
      auc: pooledAuc(
        byDate(
          sub,
          idx.map((i) => score[i]),
        ),
      ),
    };
  });

  const signals: SignalRow[] = [];
  COMPONENTS.forEach((c, k) => signals.push(signalQuality(rows, 'component', c, (r) => (r.components[k] == null ? null : -r.components[k]!))));
  const partNames = [...new Set(rows.flatMap((r) => Object.keys(r.parts)))].sort();
  for (const p of partNames) signals.push(signalQuality(rows, 'sub-score', p, (r) => (p in r.parts ? -r.parts[p] : null)));
  const driverNames = [...new Set(rows.flatMap((r) => r.drivers))].sort();
  for (const d of driverNames) signals.push(signalQuality(rows, 'driver', d, (r) => (r.drivers.includes(d) ? 1 : 0)));

  const rnd = randomScores(rows.length, RANDOM_BASELINE_SEED);
  const baselines = [
    signalQuality(rows, 'baseline', 'days since last login', (r) => r.daysSinceLogin),
    signalQuality(rows, 'baseline', '30-day login trend', (r) => (r.loginTrendPct == null ? null : -r.loginTrendPct)),
    signalQuality(rows, 'baseline', 'random', (_r, i) => rnd[i]),
  ];

  const dataEnd = span?.last ?? null;
  const result: BacktestResult = {
    from: opts.dates[0],
    to: opts.dates[opts.dates.length - 1],
    dates: opts.dates,
    horizonDays: opts.horizonDays,
    dataEnd,
    shortHorizon: dataEnd ? opts.dates.filter((d) => addDays(d, opts.horizonDays) > dataEnd) : [],
    thinDates: thinDates(opts.dates, behaviouralStarts(db)),
    accounts: accountIndex.size,
    undatedChurn: outcomes.undated.size,
    perDate: perDateAuc,
    headline: head,
    aucInterval,
    signals,
    baselines,
    rules: alertRuleOutcomes(rows),
    alertHistory: alertHistoryOutcomes(db, outcomes, opts.dates[0], dataEnd ?? opts.dates[opts.dates.length - 1], opts.horizonDays),
    durationMs: Math.round(performance.now() - t0),
  };
  return { result, rows };
}

function randomScores(n: number, seed: number): Float64Array {
  const rng = xoroshiro128plus(seed);
  return Float64Array.from({ length: n }, () => uniformFloat64(rng));
}
