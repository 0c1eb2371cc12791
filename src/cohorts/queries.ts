/**
 * Every SQL statement the cohort layer runs, in one place (small local reads until the shared stores land).
 * Accounts, revenue events and churn outcomes come from loadPortfolio / loadOutcomes (one definition each);
 * these are only what the cohort layer needs on top: signup days, first-value days and churn explanations.
 */
import type { Db } from '../../db';
import { stmt } from '../accounts/statements';
import { addDays } from '../lib/dates';
import { defaultScoring, latestScore } from '../scoring/store';

export interface SignupRow {
  id: string;
  /** signup day (signup_date, else contract_start); null when neither is known */
  signup: string | null;
  /** first day on or after signup with at least N key events, up to asOf; null if none yet */
  firstValue: string | null;
}

/** Each account's signup day and first day with `keyEvents` or more key events (usage_daily), as of `asOf`. */
export function signupsAndFirstValue(db: Db, keyEvents: number, asOf: string): SignupRow[] {
  return db.$client
    .prepare(
      `select a.id, substr(coalesce(a.signup_date, a.contract_start), 1, 10) as signup,
              (select min(u.day) from usage_daily u
                where u.account_id = a.id and u.key_events >= ? and u.day <= ?
                  and u.day >= substr(coalesce(a.signup_date, a.contract_start), 1, 10)) as firstValue
         from accounts a order by a.id`,
    )
    .all(keyEvents, asOf) as SignupRow[];
}

/** First day with a key-event count on record (null: the data has no key events at all). */
export function keyEventsStart(db: Db): string | null {
  const r = db.$client.prepare('select min(day) as day from usage_daily where key_events is not null').get() as { day: string | null };
  return r.day;
}

/** The note recorded on an account's churn event(s) that day (churn reason), or null. */
export function churnNote(db: Db, accountId: string, day: string): string | null {
  const r = stmt(
    db,
    `select note from revenue_events where account_id = ? and kind = 'churn' and substr(occurred_on, 1, 10) = ?
          and note is not null and trim(note) != '' order by id limit 1`,
  ).get(accountId, day) as { note: string } | undefined;
  return r?.note ?? null;
}

/** The ranked driver ids of the account's last health score before `day` (null: never scored before it). */
export function lastDriversBefore(db: Db, accountId: string, day: string): string[] | null {
  // The scores store owns health_scores (compact rows); the driver ids need no config, so the default renders them.
  const s = latestScore(db, accountId, defaultScoring(), addDays(day, -1));
  return s ? s.drivers.map((d) => d.id) : null;
}
