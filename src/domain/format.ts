/**
 * Money and percent as people read them. Two money styles, each with one definition: compact for Slack
 * surfaces (cards, Home, lists, digests: "$1.2M", "$45k") and exact for the CLI's plain lines ("$1,234,567").
 */

/** Compact money: "$950", "$12.5k", "$450k", "$1.2M", "$12M", "$1.5B"; negatives with a minus sign. */
export function money(n: number): string {
  const abs = Math.abs(n);
  const sign = n < 0 ? '−' : '';
  if (abs >= 1_000_000_000) return `${sign}$${(abs / 1_000_000_000).toFixed(abs >= 10_000_000_000 ? 0 : 1).replace(/\.0$/, '')}B`;
  if (abs >= 1_000_000) return `${sign}$${(abs / 1_000_000).toFixed(abs >= 10_000_000 ? 0 : 1).replace(/\.0$/, '')}M`;
  if (abs >= 1_000) return `${sign}$${(abs / 1_000).toFixed(abs >= 100_000 ? 0 : 1).replace(/\.0$/, '')}k`;
  return `${sign}$${Math.round(abs)}`;
}

/** Exact whole dollars with thousands separators, for CLI output. */
export function moneyExact(n: number): string {
  return `$${Math.round(n).toLocaleString('en-US')}`;
}

/** A 0..1 share as a whole percent ("37%"). */
export function pct(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** A 0..1 share as a percent with `digits` decimals ("98.7%"): portfolio rates and backtest figures. */
export function pctPrecise(share: number, digits = 1): string {
  return `${(share * 100).toFixed(digits)}%`;
}

/** A change in percentage points ("1.2 pts"), magnitude only. */
export function points(pts: number, digits = 1): string {
  return `${Math.abs(pts).toFixed(digits)} pts`;
}

/** Whole counts with thousands separators ("1,234,567"), for CLI and progress lines. */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}
