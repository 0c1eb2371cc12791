/**
 * Accounts plus their revenue history, loaded once per metrics run. ARR on any day is reconstructed
 * from revenue_events (event-sourced); accounts without any revenue event carry their current ARR
 * from their contract start (or always, when unknown) unless they are marked churned.
 */
import type { Db } from '../../db';
import type { RevenueKind } from '../../db/schema';
import { arrAsOf, isLiveAccount } from '../domain/live';
import { accountsWithStart } from '../accounts/store';
import { revenueEventsUpTo } from '../activity/store';

export interface AccountRow {
  id: string;
  name: string;
  ownerEmail: string | null;
  ownerSlackId: string | null;
  segment: string | null;
  industry: string | null;
  arr: number;
  renewalDate: string | null;
  renewalStatus: string;
  lifecycle: string;
  startDay: string | null;
}

export interface RevenueEventRow {
  accountId: string;
  day: string;
  kind: RevenueKind;
  arrDelta: number;
  expansionType: string | null;
}

export interface Portfolio {
  /** events after this day are not loaded: metrics as of a date never see the future */
  asOf: string;
  accounts: AccountRow[];
  byId: Map<string, AccountRow>;
  /** per account, sorted by day */
  events: Map<string, RevenueEventRow[]>;
}

export function loadPortfolio(db: Db, asOf: string): Portfolio {
  const accounts: AccountRow[] = accountsWithStart(db);
  const rows: RevenueEventRow[] = revenueEventsUpTo(db, asOf);
  const events = new Map<string, RevenueEventRow[]>();
  for (const r of rows) {
    let list = events.get(r.accountId);
    if (!list) events.set(r.accountId, (list = []));
    list.push(r);
  }
  return { asOf, accounts, byId: new Map(accounts.map((a) => [a.id, a])), events };
}

/** ARR of one account at the end of `day` (the one definition: src/domain/live). */
export function arrAt(p: Portfolio, a: AccountRow, day: string): number {
  return arrAsOf(a, revenueTo(p, a, day), day);
}

/**
 * The account's revenue events' sum up to `day`, or null when it has no revenue data (no event up to the
 * portfolio's day; for `day` = that day this is the read model's REVENUE_TO_DATE_SQL).
 */
function revenueTo(p: Portfolio, a: AccountRow, day: string): number | null {
  const evs = p.events.get(a.id);
  if (!evs?.length) return null;
  let sum = 0;
  for (const e of evs) {
    if (e.day > day) break;
    sum += e.arrDelta;
  }
  return sum;
}

/** ARR of every account with ARR > 0 on `day`. */
export function arrMap(p: Portfolio, day: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const a of p.accounts) {
    const v = arrAt(p, a, day);
    if (v > 0) m.set(a.id, v);
  }
  return m;
}

/** Accounts that count as customers on `day` (src/domain/live): ARR > 0, or no revenue data and not churned (e.g. free pilots). */
export function isLive(p: Portfolio, a: AccountRow, day: string, _arr?: Map<string, number>): boolean {
  return isLiveAccount(a, revenueTo(p, a, day), day);
}
