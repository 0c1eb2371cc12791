/**
 * How far the score can be trusted, in words (pure): the latest backtest's figures for the leadership
 * digest, and a tier's historical churn rate for the account card.
 */
import { MIN_TIER_ROWS_TO_QUOTE } from '../src/domain/churn-likelihood';
import type { Tier } from '../src/domain/tier';
import type { BacktestView } from './view-models/common';

export const NOT_VALIDATED = 'Not validated yet: run `bellwether backtest` to measure how well the score predicts churn.';
/** Backtests exist, but none scored with the live config's scoring section (e.g. one run with a proposed config). */
export const NOT_VALIDATED_FOR_CONFIG =
  'Not validated with the current scoring config: run `bellwether backtest` to measure how well the score predicts churn.';

const p0 = (x: number) => `${Math.round(x * 100)}%`;

/**
 * One sentence for the digest: AUC, lift and surprise churn with the date range, or "not validated yet" (or,
 * when `otherConfig`, not validated with the current scoring config). `b` must be a run of the live config.
 */
export function trustStatement(b: BacktestView | null | undefined, otherConfig = false): string {
  if (!b || b.auc == null) return otherConfig ? NOT_VALIDATED_FOR_CONFIG : NOT_VALIDATED;
  const ci = b.aucLow != null && b.aucHigh != null ? ` (95% CI ${b.aucLow.toFixed(2)}–${b.aucHigh.toFixed(2)})` : '';
  const lift = b.lift10 != null ? `; the lowest-scored 10% churned ${b.lift10.toFixed(1)}× as often as average` : '';
  const surprise = b.surpriseChurn != null ? `; ${p0(b.surpriseChurn)} of churners were Thriving or Healthy (surprise churn)` : '';
  const verdict = b.auc >= 0.7 ? 'ranks churners well' : b.auc >= 0.6 ? 'ranks churners somewhat better than chance' : 'is barely better than chance';
  return `Backtest ${b.from} to ${b.to}, churn within ${b.horizonDays} days: AUC ${b.auc.toFixed(2)}${ci}, where 0.5 is chance — the score ${verdict}${lift}${surprise}.`;
}

/** "At-Risk accounts churned 18% within 90 days in your history", or null when the backtest is too thin. */
export function tierChurnStatement(tier: Tier, b: BacktestView | null | undefined): string | null {
  const t = b?.tierChurn[tier];
  if (!b || !t || t.rate == null || t.rows < MIN_TIER_ROWS_TO_QUOTE) return null;
  return `${tier} accounts churned ${p0(t.rate)} within ${b.horizonDays} days in your history (backtest ${b.from} to ${b.to}, ${t.rows} account-dates).`;
}
