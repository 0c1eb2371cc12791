/**
 * What the cohort layer reads beyond loadPortfolio / loadOutcomes, from the activity and scores stores.
 * Accounts, revenue events and churn outcomes come from loadPortfolio / loadOutcomes (one definition each);
 * these are only what it needs on top: signup days, first-value days and churn explanations.
 */
import type { Db } from '../../db';
import { addDays } from '../lib/dates';
import { defaultScoring, latestScore } from '../scoring/store';

export { churnNote, keyEventsStart } from '../activity/store';
import { signupsAndFirstValue as storedSignups } from '../activity/store';

export interface SignupRow {
  id: string;
  /** signup day (signup_date, else contract_start); null when neither is known */
  signup: string | null;
  /** first day on or after signup with at least N key events, up to asOf; null if none yet */
  firstValue: string | null;
}

/** Each account's signup day and first day with `keyEvents` or more key events (usage_daily), as of `asOf`. */
export function signupsAndFirstValue(db: Db, keyEvents: number, asOf: string): SignupRow[] {
  return storedSignups(db, keyEvents, asOf);
}

/** The ranked driver ids of the account's last health score before `day` (null: never scored before it). */
export function lastDriversBefore(db: Db, accountId: string, day: string): string[] | null {
  // The scores store owns health_scores (compact rows); the driver ids need no config, so the default renders them.
  const s = latestScore(db, accountId, defaultScoring(), addDays(day, -1));
  return s ? s.drivers.map((d) => d.id) : null;
}
