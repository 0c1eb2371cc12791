/**
 * "Live account" and "ARR as of a day", one definition for every surface (Home, lists, digests, metrics, CLI).
 * ARR on a day is event-sourced: the sum of the account's revenue events up to that day (never below 0). An
 * account with no revenue event by then carries its current ARR from its start (contract start, else signup),
 * unless it is churned. A live account has ARR > 0 that day, or no revenue data, is not churned and has started
 * (free pilots count as customers).
 */

export interface LiveFields {
  arr: number;
  lifecycle: string;
  /** contract start, else signup date (may be a timestamp) */
  startDay: string | null;
}

/** Revenue known up to the day: the events' sum, or null when the account has no event by then. */
export type RevenueToDate = number | null;

function started(a: LiveFields, day: string): boolean {
  return !(a.startDay && a.startDay.slice(0, 10) > day);
}

export function arrAsOf(a: LiveFields, revenue: RevenueToDate, day: string): number {
  if (revenue !== null) return Math.max(0, revenue);
  if (a.lifecycle === 'churned' || !started(a, day)) return 0;
  return a.arr;
}

export function isLiveAccount(a: LiveFields, revenue: RevenueToDate, day: string): boolean {
  if (revenue !== null) return revenue > 0;
  return a.lifecycle !== 'churned' && started(a, day);
}

/**
 * The same two definitions in SQL, over an alias `a` with the accounts columns and `rv_total` (the revenue
 * events' sum up to `@asOf`, REVENUE_TO_DATE_SQL; null when none).
 */
export const REVENUE_TO_DATE_SQL = (accountId: string) =>
  `(select sum(r.arr_delta) from revenue_events r where r.account_id = ${accountId} and r.occurred_on <= @asOf)`;
const STARTED_SQL = `(coalesce(a.contract_start, a.signup_date) is null or substr(coalesce(a.contract_start, a.signup_date), 1, 10) <= @asOf)`;
export const ARR_AS_OF_SQL = `(case when a.rv_total is not null then max(0, a.rv_total) when a.lifecycle = 'churned' or not ${STARTED_SQL} then 0 else a.arr end)`;
export const IS_LIVE_SQL = `(case when a.rv_total is not null then a.rv_total > 0 else a.lifecycle != 'churned' and ${STARTED_SQL} end)`;
