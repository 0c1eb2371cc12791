/**
 * Churn likelihood and expected ARR at risk: how likely an account is to churn, from the historical churn rate of
 * its health tier, and the ARR that likelihood puts at stake. The intervention estimate and every book list that
 * ranks accounts by risk use these definitions.
 */
import type { ChurnLikelihoodConfig } from '../config/sections/churn-likelihood';
import { TIERS, type Tier } from './tier';
import type { BacktestSummary, Validation } from '../validation/store';

/** A tier's backtest churn rate needs this many account-dates behind it before it is used (or quoted). */
export const MIN_TIER_ROWS_TO_QUOTE = 20;

export interface ChurnLikelihoods {
  /** 'backtest': the latest backtest of the live scoring config; 'default': the config's default table */
  source: 'backtest' | 'default';
  /** churn likelihood per health tier, 0–1 */
  rates: Record<Tier, number>;
  /** churn horizon the rates refer to, in days */
  horizonDays: number;
  /** the backtest the rates come from (source 'backtest') */
  backtest: Pick<BacktestSummary, 'ranAt' | 'from' | 'to' | 'horizonDays'> | null;
  /** tiers the backtest had too few account-dates for, taken from the default table */
  defaultedTiers: Tier[];
  /** backtests exist, but none scored with the live scoring config (so the default table is used) */
  otherConfig: boolean;
}

/** The default table's horizon (config `churnLikelihood.defaults`). */
export const DEFAULT_HORIZON_DAYS = 90;

/**
 * The tier churn rates to use: those of the latest backtest whose scoring-config fingerprint matches the live
 * config (`validation.run`; a backtest of another config measured another score), tier by tier where it has at
 * least MIN_TIER_ROWS_TO_QUOTE account-dates; otherwise the configured default table.
 */
export function churnLikelihoods(validation: Validation, config: ChurnLikelihoodConfig): ChurnLikelihoods {
  const b = validation.run;
  const defaults = config.defaults;
  if (!b) {
    return {
      source: 'default',
      rates: { ...defaults },
      horizonDays: DEFAULT_HORIZON_DAYS,
      backtest: null,
      defaultedTiers: [],
      otherConfig: validation.otherConfig,
    };
  }
  const rates = { ...defaults };
  const defaultedTiers: Tier[] = [];
  for (const tier of TIERS) {
    const t = b.tierChurn[tier];
    if (t && t.rate !== null && t.rows >= MIN_TIER_ROWS_TO_QUOTE) rates[tier] = t.rate;
    else defaultedTiers.push(tier);
  }
  // Every tier too thin: the backtest says nothing usable, so say "default table" rather than pretend.
  if (defaultedTiers.length === TIERS.length) {
    return { source: 'default', rates, horizonDays: DEFAULT_HORIZON_DAYS, backtest: null, defaultedTiers: [], otherConfig: false };
  }
  return {
    source: 'backtest',
    rates,
    horizonDays: b.horizonDays,
    backtest: { ranAt: b.ranAt, from: b.from, to: b.to, horizonDays: b.horizonDays },
    defaultedTiers,
    otherConfig: false,
  };
}

/** Churn likelihood of an account in `tier`; an unscored account has none (null). */
export function churnLikelihood(table: ChurnLikelihoods, tier: Tier | null | undefined): number | null {
  return tier ? table.rates[tier] : null;
}

/** Expected ARR at risk = ARR × churn likelihood (of the account's health tier). Unscored accounts: 0. */
export function expectedArrAtRisk(arr: number, likelihood: number | null): number {
  return likelihood === null ? 0 : Math.max(0, arr) * likelihood;
}

export interface RiskRanked<T> {
  account: T;
  likelihood: number;
  expectedArrAtRisk: number;
}

/**
 * Accounts by expected ARR at risk, largest first (ties: larger ARR, then account id), leaving out unscored
 * accounts and those with nothing at stake. The order book lists and the intervention estimate use.
 */
export function rankByExpectedArrAtRisk<T extends { accountId: string; arr: number; tier: Tier | null }>(
  accounts: readonly T[],
  table: ChurnLikelihoods,
): Array<RiskRanked<T>> {
  const out: Array<RiskRanked<T>> = [];
  for (const a of accounts) {
    const likelihood = churnLikelihood(table, a.tier);
    if (likelihood === null) continue;
    const expected = expectedArrAtRisk(a.arr, likelihood);
    if (expected <= 0) continue;
    out.push({ account: a, likelihood, expectedArrAtRisk: expected });
  }
  return out.sort(
    (x, y) =>
      y.expectedArrAtRisk - x.expectedArrAtRisk ||
      y.account.arr - x.account.arr ||
      (x.account.accountId < y.account.accountId ? -1 : x.account.accountId > y.account.accountId ? 1 : 0),
  );
}
