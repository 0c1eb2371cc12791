/** Reading score history: trends (change vs 7 and 30 days ago) and an account's series. */
import type { Db } from '../../db';
import { addDays } from '../lib/dates';
import { trendRows } from './store';

export interface ScoreTrend {
  accountId: string;
  /** latest score on or before the as-of date, null when never scored */
  score: number | null;
  /** as-of date of that score */
  scoredOn: string | null;
  /** change vs the nearest score on or before as-of − 7 days (no older than 14 days); null without such history */
  delta7: number | null;
  delta30: number | null;
}

/**
 * A trend compares with a score no older than twice its window (7-day trend: 7–14 days back; 30-day: 30–60):
 * against a score from a year before, "change in 7 days" would be a false statement, so it is not shown.
 */
export const TREND_MAX_AGE = { d7: 14, d30: 60 } as const;

/**
 * Trend per account from history: the score on or before `asOf` and its change vs the nearest rows on or
 * before asOf − 7 and asOf − 30 days (within TREND_MAX_AGE). Each lookup is one index seek on (account_id, as_of).
 */
export function scoreTrends(db: Db, accountIds: readonly string[] | 'all', asOf: string): Map<string, ScoreTrend> {
  const dates = { asOf, d7: addDays(asOf, -7), d14: addDays(asOf, -TREND_MAX_AGE.d7), d30: addDays(asOf, -30), d60: addDays(asOf, -TREND_MAX_AGE.d30) };
  const out = new Map<string, ScoreTrend>();
  for (const r of trendRows(db, accountIds, dates)) {
    out.set(r.accountId, {
      accountId: r.accountId,
      score: r.score,
      scoredOn: r.scoredOn,
      delta7: r.score != null && r.s7 != null ? r.score - r.s7 : null,
      delta30: r.score != null && r.s30 != null ? r.score - r.s30 : null,
    });
  }
  return out;
}

export { type HistoryPoint, scoreHistory } from './store';
