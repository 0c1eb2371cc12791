/**
 * Churn outcomes for validation: when each account churned, from dated facts only.
 *
 * A churn is a `churn` revenue event not followed by a `new`/`reactivation` within 30 days (the design's
 * definition: cancelled and not reactivated within 30 days). An account whose lifecycle is `churned` but
 * has no churn event takes the day its lifecycle changed (account_history); without that it has no date,
 * and is left out of validation rather than guessed.
 */
import type { Db } from '../../db';
import { churnedWithoutChurnEvent } from '../accounts/store';
import { lifecycleRevenueEvents } from '../activity/store';
import { addDays } from '../lib/dates';
import { CHURN_GRACE_DAYS } from '../scoring/features';

export interface AccountOutcome {
  /** effective churn days, oldest first */
  churns: string[];
  /** days the account started or came back (new, reactivation), oldest first */
  starts: string[];
}

export interface Outcomes {
  byAccount: Map<string, AccountOutcome>;
  /** accounts marked churned with no date on record: left out of every date */
  undated: Set<string>;
}

/** `asOf` (optional) leaves out everything recorded after that day, so outcomes as of a past date never see the future. */
export function loadOutcomes(db: Db, asOf = '9999-12-31'): Outcomes {
  const byAccount = new Map<string, AccountOutcome>();
  const get = (id: string) => {
    let o = byAccount.get(id);
    if (!o) byAccount.set(id, (o = { churns: [], starts: [] }));
    return o;
  };
  const rows = lifecycleRevenueEvents(db, asOf);
  const rawChurns = new Map<string, string[]>();
  for (const r of rows) {
    if (r.kind === 'churn') {
      const l = rawChurns.get(r.id) ?? [];
      l.push(r.day);
      rawChurns.set(r.id, l);
    } else get(r.id).starts.push(r.day);
  }
  for (const [id, days] of rawChurns) {
    const starts = byAccount.get(id)?.starts ?? [];
    for (const c of days) {
      const back = addDays(c, CHURN_GRACE_DAYS);
      if (!starts.some((s) => s > c && s <= back)) get(id).churns.push(c);
    }
  }

  // Lifecycle churn without a churn event: dated by the change recorded in account_history.
  const undated = new Set<string>();
  const marked = churnedWithoutChurnEvent(db);
  for (const m of marked) {
    if (m.changed && m.changed > asOf) continue; // still a customer on asOf
    if (m.changed) get(m.id).churns.push(m.changed);
    else undated.add(m.id);
  }
  return { byAccount, undated };
}

/** Churned on or before T and not started again since (so not a customer to score at T). */
export function churnedAt(o: AccountOutcome | undefined, t: string): boolean {
  if (!o) return false;
  let last: string | null = null;
  for (const c of o.churns) if (c <= t) last = c;
  if (!last) return false;
  return !o.starts.some((s) => s > last! && s <= t);
}

/** First churn in (T, T + horizon], or null. */
export function churnWithin(o: AccountOutcome | undefined, t: string, horizonDays: number): string | null {
  if (!o) return null;
  const end = addDays(t, horizonDays);
  for (const c of o.churns) if (c > t && c <= end) return c;
  return null;
}
