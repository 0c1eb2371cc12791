/** backtest_runs: the summary of each backtest, and the latest one for the digest's and card's trust statements. */
import type { Db } from '../../db';
import { scoringFingerprint } from '../config/fingerprint';
import type { ScoringConfig } from '../config/sections/scoring';
import { parseJsonOr } from '../lib/json';
import type { Tier } from '../scoring/types';
import type { BacktestResult } from './backtest';
import type { Rate } from './measure';

/** What Slack says about how far the score can be trusted (the latest backtest). */
export interface BacktestSummary {
  ranAt: string;
  from: string;
  to: string;
  dates: number;
  horizonDays: number;
  accountDates: number;
  churners: number;
  auc: number | null;
  aucLow: number | null;
  aucHigh: number | null;
  lift10: number | null;
  /** share of churners that were Thriving or Healthy */
  surpriseChurn: number | null;
  tierChurn: Partial<Record<Tier, Rate>>;
  /** scoringFingerprint of the config the run scored with (null: recorded before fingerprints) */
  configFingerprint: string | null;
}

/** Save a run with the fingerprint of the scoring config it ran with (scoringFingerprint). */
export function saveBacktestRun(db: Db, r: BacktestResult, ranAt: string, configFingerprint: string): number {
  const h = r.headline;
  const tierChurn = Object.fromEntries(h.tiers.map((t) => [t.tier, { rows: t.rows, churners: t.churners, rate: t.rate }]));
  const res = db.$client
    .prepare(
      `INSERT INTO backtest_runs (ran_at, from_date, to_date, dates, horizon_days, account_dates, churners, auc, auc_low, auc_high, lift10, precision, recall, surprise_churn, tier_churn, config_fingerprint)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      ranAt,
      r.from,
      r.to,
      r.dates.length,
      r.horizonDays,
      h.rows,
      h.churners,
      h.auc,
      r.aucInterval?.low ?? null,
      r.aucInterval?.high ?? null,
      h.lift10,
      h.precision,
      h.recall,
      h.surprise.share,
      JSON.stringify(tierChurn),
      configFingerprint,
    );
  return Number(res.lastInsertRowid);
}

/** The latest run; with a fingerprint, the latest run scored with that config. */
export function latestBacktest(db: Db, configFingerprint?: string): BacktestSummary | null {
  const r = (
    configFingerprint === undefined
      ? db.$client.prepare('SELECT * FROM backtest_runs ORDER BY ran_at DESC, id DESC LIMIT 1').get()
      : db.$client.prepare('SELECT * FROM backtest_runs WHERE config_fingerprint = ? ORDER BY ran_at DESC, id DESC LIMIT 1').get(configFingerprint)
  ) as Record<string, unknown> | undefined;
  if (!r) return null;
  const n = (v: unknown): number | null => (v == null ? null : Number(v));
  return {
    ranAt: String(r.ran_at),
    from: String(r.from_date),
    to: String(r.to_date),
    dates: Number(r.dates),
    horizonDays: Number(r.horizon_days),
    accountDates: Number(r.account_dates),
    churners: Number(r.churners),
    auc: n(r.auc),
    aucLow: n(r.auc_low),
    aucHigh: n(r.auc_high),
    lift10: n(r.lift10),
    surpriseChurn: n(r.surprise_churn),
    tierChurn: parseJsonOr<Partial<Record<Tier, Rate>>>(r.tier_churn, {}),
    configFingerprint: (r.config_fingerprint as string | null) ?? null,
  };
}

/** What Slack may quote for the live scoring config. */
export interface Validation {
  /** the latest run scored with the live scoring config; null: none */
  run: BacktestSummary | null;
  /** backtests exist, but none was scored with the live scoring config (a proposed config, or an older one) */
  otherConfig: boolean;
}

export function validationFor(db: Db, scoring: ScoringConfig): Validation {
  const run = latestBacktest(db, scoringFingerprint(scoring));
  return { run, otherConfig: !run && db.$client.prepare('SELECT 1 FROM backtest_runs LIMIT 1').get() !== undefined };
}
