/** Reading score history: trends (change vs 7 and 30 days ago) and an account's series. */
import type { Db } from '../../db';
import { stmt } from '../accounts/statements';
import { addDays } from '../lib/dates';

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

/** The nearest score on or before @to and not before @from (one index seek on (account_id, as_of)). */
const nearest = (to: string, from?: string) =>
  `(SELECT score FROM health_scores WHERE account_id = a.id AND as_of <= @${to}${from ? ` AND as_of >= @${from}` : ''} ORDER BY as_of DESC LIMIT 1)`;

const TRENDS_SQL = `
SELECT a.id AS accountId,
  (SELECT as_of FROM health_scores WHERE account_id = a.id AND as_of <= @asOf ORDER BY as_of DESC LIMIT 1) AS scoredOn,
  ${nearest('asOf')} AS score, ${nearest('d7', 'd14')} AS s7, ${nearest('d30', 'd60')} AS s30
FROM accounts a`;

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
  const params = { asOf, d7: addDays(asOf, -7), d14: addDays(asOf, -TREND_MAX_AGE.d7), d30: addDays(asOf, -30), d60: addDays(asOf, -TREND_MAX_AGE.d30) };
  const out = new Map<string, ScoreTrend>();
  const add = (r: { accountId: string; scoredOn: string | null; score: number | null; s7: number | null; s30: number | null }) =>
    out.set(r.accountId, {
      accountId: r.accountId,
      score: r.score,
      scoredOn: r.scoredOn,
      delta7: r.score != null && r.s7 != null ? r.score - r.s7 : null,
      delta30: r.score != null && r.s30 != null ? r.score - r.s30 : null,
    });
  type Row = Parameters<typeof add>[0];
  if (accountIds === 'all') {
    for (const r of db.$client.prepare(TRENDS_SQL).iterate(params) as Iterable<Row>) add(r);
  } else {
    const one = stmt(db, `${TRENDS_SQL} WHERE a.id = @id`); // prepared once: the card asks for one account per request
    for (const id of accountIds) {
      const r = one.get({ ...params, id }) as Row | undefined;
      if (r) add(r);
    }
  }
  return out;
}

export interface HistoryPoint {
  asOf: string;
  score: number;
  tier: string;
}

/** An account's scores between two dates (inclusive), oldest first. */
export function scoreHistory(db: Db, accountId: string, from: string, to: string): HistoryPoint[] {
  return db.$client
    .prepare('SELECT as_of AS asOf, score, tier FROM health_scores WHERE account_id = ? AND as_of >= ? AND as_of <= ? ORDER BY as_of')
    .all(accountId, from, to) as HistoryPoint[];
}
