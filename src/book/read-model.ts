/**
 * The book read model: every surface that shows a book of accounts (App Home, /health lists, the CSM and
 * leadership digests, the CLI) reads it here, so a number is the same everywhere. Definitions come from
 * src/domain (live account, ARR as of a day, at risk, renews within, untouched since, severity order).
 *
 * loadBook returns every live account in scope; bookSummary and bookPage answer the App Home with SQL
 * aggregates and LIMIT (its measured hot path, bench:home; test/book/read-model.test.ts holds them equal to
 * summarizeBook / filterBook over loadBook). Revenue to date and last touch come from account_rollups (one row per
 * account, kept at write time) wherever the row holds on the book's day, else from the events themselves
 * (test/book/account-rollups.test.ts holds the two paths equal).
 */
import type { Db } from '../../db';
import type { AlertSeverity, AlertStatus, RenewalStatus } from '../../db/schema';
import { type GroupReasonLine, reasonsOfGroups } from '../alerts/group-store';
import { stmt } from '../../db/statement-cache';
import { rollupJoinSql, rollupLastTouchSql, rollupRevenueToDateSql } from './account-rollups';
import { addDays } from '../lib/dates';
import { ARR_AS_OF_SQL, IS_LIVE_SQL, REVENUE_TO_DATE_SQL } from '../domain/live';
import { renewsWithin, renewsWithinSql } from '../domain/renewal';
import { atRiskSql, isAtRiskTier } from '../domain/risk';
import { severityRankSql } from '../domain/severity';
import { DEFAULT_NO_TOUCH_DAYS, isUntouched, untouchedCutoff } from '../domain/touch';
import { type ChurnLikelihoods, churnLikelihood, expectedArrAtRisk } from '../domain/churn-likelihood';
import { TIERS, type Tier } from '../scoring/types';
import { type BookFilter, HOME_RENEWALS_DAYS, HOME_RENEWING_AT_RISK_DAYS } from '../domain/book-filters';
import { type BookScope, scopeSql, scopeParams } from './scope';

export interface BookRow {
  id: string;
  name: string;
  /** ARR as of the book's day (src/domain/live) */
  arr: number;
  segment: string | null;
  renewalDate: string | null;
  renewalStatus: RenewalStatus;
  ownerEmail: string | null;
  ownerSlackId: string | null;
  score: number | null;
  tier: Tier | null;
  scoreAsOf: string | null;
  /** latest score 7–14 days before the current one */
  prev7: number | null;
  /** last outreach logged up to the end of the book's day */
  lastTouchAt: string | null;
  /** the account's live alert group (most severe if an opportunity is live too) with its ranked reasons, or null */
  group?: BookGroup | null;
}

/** An alert group as the lists show it: its severity, state and reasons (highest first). */
export interface BookGroup {
  id: number;
  severity: AlertSeverity;
  status: AlertStatus;
  reasons: GroupReasonLine[];
}

export interface BookAlert {
  id: number;
  accountId: string;
  accountName: string;
  severity: AlertSeverity;
  status: AlertStatus;
  title: string;
  slaDueAt: string | null;
  /** the group's reasons, highest severity first */
  reasons: GroupReasonLine[];
}

export interface BookSummary {
  accounts: number;
  totalArr: number;
  atRiskArr: number;
  byTier: Record<Tier | 'Unscored', number>;
  openAlerts: number;
}

export { BOOK_FILTER_LABELS, BOOK_FILTERS, type BookFilter, HOME_RENEWALS_DAYS, HOME_RENEWING_AT_RISK_DAYS } from '../domain/book-filters';

export interface FilterOptions {
  segment?: string;
  renewalDays?: number;
  /**
   * Order by expected ARR at risk (ARR × the churn likelihood of the account's tier, src/domain/churn-likelihood)
   * instead of the filter's natural order: the default for lists that show more than one owner. Ties and accounts
   * with nothing expected at risk (unscored) follow by ARR, then id, as rankByExpectedArrAtRisk ranks them.
   */
  expectedRisk?: ChurnLikelihoods;
}

/** Last outreach up to the end of the day (the per-event definition the rollup stands for). */
const LAST_TOUCH_SQL = (id: string) => `(select max(o.occurred_at) from outreach o where o.account_id = ${id} and o.occurred_at < @touchEnd)`;

/**
 * Live accounts in scope as of a day, with the day's score (the newest at or before it), the week-earlier
 * score, ARR as of the day and last touch. Today's books read latest_scores; a past day falls back to
 * health_scores for the accounts scored since. Revenue to date and last touch come from account_rollups where
 * they hold on the day (no event after it: every account as of today), else from the events themselves.
 */
const BASE_SQL = (scope: BookScope) => `
  select a.id, a.name, ${ARR_AS_OF_SQL} arr, a.segment, a.renewal_date, a.renewal_status, a.owner_email, a.owner_slack_id, a.last_touch,
         ls.as_of ls_as_of, ls.score ls_score, ls.tier ls_tier, ls.prev7_score ls_prev7,
         case when ls.as_of > @asOf then (select x.id from health_scores x where x.account_id = a.id and x.as_of <= @asOf order by x.as_of desc limit 1) end hid
  from (select a.id, a.name, a.arr, a.segment, a.renewal_date, a.renewal_status, a.owner_email, a.owner_slack_id, a.lifecycle, a.contract_start, a.signup_date,
               ${rollupRevenueToDateSql('ru', REVENUE_TO_DATE_SQL('a.id'))} rv_total, ${rollupLastTouchSql('ru', LAST_TOUCH_SQL('a.id'))} last_touch
        from accounts a ${rollupJoinSql('ru', 'a.id')} where ${scopeSql(scope)} limit -1) a
  left join latest_scores ls on ls.account_id = a.id
  where ${IS_LIVE_SQL}`;
// (limit -1 keeps the revenue sum a column computed once per account, not inlined at each use)

/** Score columns resolved from the base: latest_scores when it is not after the day, else the older row. */
export const SCORED_SQL = (scope: BookScope) => `
  select b.id, b.name, b.arr, b.segment, b.renewal_date, b.renewal_status, b.owner_email, b.owner_slack_id, b.last_touch,
         case when b.hid is not null then h.score when b.ls_as_of <= @asOf then b.ls_score end score,
         case when b.hid is not null then h.tier when b.ls_as_of <= @asOf then b.ls_tier end tier,
         case when b.hid is not null then h.as_of when b.ls_as_of <= @asOf then b.ls_as_of end as_of,
         case when b.hid is not null then (select p.score from health_scores p where p.account_id = b.id and p.as_of <= date(h.as_of, '-7 days') and p.as_of >= date(h.as_of, '-14 days') order by p.as_of desc limit 1)
              when b.ls_as_of <= @asOf then b.ls_prev7 end prev7
  from (${BASE_SQL(scope)}) b left join health_scores h on h.id = b.hid`;

export function params(scope: BookScope, asOf: string) {
  return { ...scopeParams(scope), asOf, touchEnd: addDays(asOf, 1) };
}

function toRow(r: Record<string, unknown>): BookRow {
  return {
    id: String(r.id),
    name: String(r.name),
    arr: Number(r.arr),
    segment: (r.segment as string | null) ?? null,
    renewalDate: (r.renewal_date as string | null) ?? null,
    renewalStatus: r.renewal_status as RenewalStatus,
    ownerEmail: (r.owner_email as string | null) ?? null,
    ownerSlackId: (r.owner_slack_id as string | null) ?? null,
    score: r.score == null ? null : Number(r.score),
    tier: (r.tier as Tier | null) ?? null,
    scoreAsOf: (r.as_of as string | null) ?? null,
    prev7: r.prev7 == null ? null : Number(r.prev7),
    lastTouchAt: (r.last_touch as string | null) ?? null,
  };
}

/** Every live account in scope as of `asOf`, each with its live alert group. */
export function loadBook(db: Db, scope: BookScope, asOf: string): BookRow[] {
  const rows = stmt(db, `select s.* from (${SCORED_SQL(scope)}) s`).all(params(scope, asOf)) as Record<string, unknown>[];
  const groups = liveGroupsByAccount(db, scope);
  return rows.map((r) => ({ ...toRow(r), group: groups.get(String(r.id)) ?? null }));
}

/** The book's headline numbers in one SQL aggregate (equal to summarizeBook(loadBook(...))). */
export function bookSummary(db: Db, scope: BookScope, asOf: string): BookSummary {
  return summaryPass(db, scope, asOf).summary;
}

/** One aggregate pass: counts and ARR by tier, and (given a filter) how many accounts match it. */
function summaryPass(db: Db, scope: BookScope, asOf: string, filter?: BookFilter): { summary: BookSummary; matched: number } {
  const f = filter ? filterSql(filter, asOf, {}) : { where: '0', order: '' };
  // One row of conditional sums, not GROUP BY tier: no sort of the whole book (bench:home)
  const r = stmt(
    db,
    `select count(*) n, coalesce(sum(s.arr), 0) arr, coalesce(sum(case when ${atRiskSql('s.tier')} then s.arr else 0 end), 0) at_risk,
            coalesce(sum(case when ${f.where} then 1 else 0 end), 0) matched, ${TIERS.map((t, i) => `count(case when s.tier = '${t}' then 1 end) t${i}`).join(', ')}
     from (${SCORED_SQL(scope)}) s`,
  ).get(filterParams(scope, asOf, {})) as Record<string, number>;
  const byTier = Object.fromEntries(TIERS.map((t, i) => [t, r[`t${i}`]])) as BookSummary['byTier'];
  byTier.Unscored = r.n - TIERS.reduce((n, t) => n + byTier[t], 0); // no score, or a tier no longer configured
  const [accounts, totalArr, atRiskArr, matched] = [r.n, r.arr, r.at_risk, r.matched];
  return { summary: { accounts, totalArr, atRiskArr, byTier, openAlerts: countOpenAlerts(db, scope) }, matched };
}

export function summarizeBook(rows: BookRow[], openAlerts: number): BookSummary {
  const byTier = Object.fromEntries([...TIERS, 'Unscored'].map((t) => [t, 0])) as BookSummary['byTier'];
  let totalArr = 0;
  let atRiskArr = 0;
  for (const r of rows) {
    byTier[r.tier && (TIERS as readonly string[]).includes(r.tier) ? r.tier : 'Unscored'] += 1;
    totalArr += r.arr;
    if (isAtRisk(r)) atRiskArr += r.arr;
  }
  return { accounts: rows.length, totalArr, atRiskArr, byTier, openAlerts };
}

export function isAtRisk(r: Pick<BookRow, 'tier'>): boolean {
  return isAtRiskTier(r.tier);
}

/** ASCII case folding, as SQLite's NOCASE: JS and SQL orders agree exactly. */
const fold = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byName = (a: BookRow, b: BookRow) => cmp(fold(a.name), fold(b.name)) || cmp(a.name, b.name) || cmp(a.id, b.id);
const byRisk = (a: BookRow, b: BookRow) => (a.score ?? 101) - (b.score ?? 101) || b.arr - a.arr || byName(a, b);
const byRenewal = (a: BookRow, b: BookRow) => cmp(a.renewalDate ?? '', b.renewalDate ?? '') || byRisk(a, b);
const RISK_ORDER_SQL = `coalesce(s.score, 101) asc, s.arr desc, s.name collate nocase asc, s.name asc, s.id asc`;
const RENEWAL_ORDER_SQL = `coalesce(s.renewal_date, '') asc, ${RISK_ORDER_SQL}`;

/** Apply a Home / command filter and its natural order (risk first, or soonest renewal first). */
export function filterBook(rows: BookRow[], filter: BookFilter, asOf: string, opts: FilterOptions = {}): BookRow[] {
  const natural = filterNatural(rows, filter, asOf, opts);
  const table = opts.expectedRisk;
  if (!table) return natural;
  const expected = (r: BookRow) => expectedArrAtRisk(r.arr, churnLikelihood(table, r.tier));
  return natural.sort((a, b) => expected(b) - expected(a) || b.arr - a.arr || cmp(a.id, b.id));
}

function filterNatural(rows: BookRow[], filter: BookFilter, asOf: string, opts: FilterOptions): BookRow[] {
  const seg = opts.segment?.toLowerCase();
  const inSeg = (r: BookRow) => !seg || (r.segment ?? '').toLowerCase() === seg;
  switch (filter) {
    case 'all':
      return rows.filter(inSeg).sort(byRisk);
    case 'at_risk':
      return rows.filter((r) => inSeg(r) && isAtRisk(r)).sort(byRisk);
    case 'at_risk_renewing':
      return rows.filter((r) => inSeg(r) && isAtRisk(r) && renewsWithin(r, asOf, HOME_RENEWING_AT_RISK_DAYS)).sort(byRenewal);
    case 'no_touch_30':
      return rows.filter((r) => inSeg(r) && isUntouched(r.lastTouchAt, asOf, DEFAULT_NO_TOUCH_DAYS)).sort(byRisk);
    case 'renewals_90':
      return rows.filter((r) => inSeg(r) && renewsWithin(r, asOf, opts.renewalDays ?? HOME_RENEWALS_DAYS)).sort(byRenewal);
  }
}

/** A filter's test and natural order in SQL over the scored book `s` (parameters: filterParams). */
function filterSql(filter: BookFilter, asOf: string, opts: FilterOptions): { where: string; order: string } {
  const renewing = (days: number) => renewsWithinSql('s', '@asOf', `'${addDays(asOf, days)}'`);
  const seg = `(@segment is null or lower(coalesce(s.segment, '')) = @segment)`;
  const [where, order] = {
    all: ['1', RISK_ORDER_SQL],
    at_risk: [atRiskSql('s.tier'), RISK_ORDER_SQL],
    at_risk_renewing: [`${atRiskSql('s.tier')} and ${renewing(HOME_RENEWING_AT_RISK_DAYS)}`, RENEWAL_ORDER_SQL],
    // untouched: no outreach in [cutoff, end of day), i.e. last touch as of the day before the cutoff or none
    no_touch_30: [`(s.last_touch is null or s.last_touch < @touchCutoff)`, RISK_ORDER_SQL],
    renewals_90: [renewing(opts.renewalDays ?? HOME_RENEWALS_DAYS), RENEWAL_ORDER_SQL],
  }[filter];
  return { where: `(${seg} and ${where})`, order: opts.expectedRisk ? EXPECTED_ORDER_SQL : order };
}

/** Expected ARR at risk in SQL: max(0, ARR) × the tier's churn likelihood (parameters @churn<i>, in TIERS order). */
const EXPECTED_SQL = `(max(0, s.arr) * (case s.tier ${TIERS.map((t, i) => `when '${t}' then @churn${i}`).join(' ')} else 0 end))`;
const EXPECTED_ORDER_SQL = `${EXPECTED_SQL} desc, s.arr desc, s.id asc`;

function filterParams(scope: BookScope, asOf: string, opts: FilterOptions) {
  const churn = Object.fromEntries(TIERS.map((t, i) => [`churn${i}`, opts.expectedRisk?.rates[t] ?? 0]));
  return { ...params(scope, asOf), ...churn, segment: opts.segment?.toLowerCase() ?? null, touchCutoff: untouchedCutoff(asOf, DEFAULT_NO_TOUCH_DAYS) };
}

/** The page's rows: a top-N sort (ORDER BY … LIMIT), then live groups for those rows only. */
function pageRows(db: Db, scope: BookScope, asOf: string, filter: BookFilter, page: { offset: number; limit: number }, opts: FilterOptions): BookRow[] {
  const f = filterSql(filter, asOf, opts);
  const raw = stmt(db, `select s.* from (${SCORED_SQL(scope)}) s where ${f.where} order by ${f.order} limit @limit offset @offset`).all({
    ...filterParams(scope, asOf, opts),
    offset: page.offset,
    limit: page.limit,
  }) as Record<string, unknown>[];
  const rows = raw.map(toRow);
  const groups = liveGroupsByAccount(
    db,
    scope,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ ...r, group: groups.get(r.id) ?? null }));
}

/**
 * One page of a filtered book in SQL (count + ORDER BY … LIMIT), with live groups for that page only.
 * Equal to filterBook(loadBook(...)).slice(offset, offset + limit).
 */
export function bookPage(
  db: Db,
  scope: BookScope,
  asOf: string,
  filter: BookFilter,
  page: { offset: number; limit: number },
  opts: FilterOptions = {},
): { total: number; rows: BookRow[] } {
  const f = filterSql(filter, asOf, opts);
  const total = (stmt(db, `select count(*) n from (${SCORED_SQL(scope)}) s where ${f.where}`).get(filterParams(scope, asOf, opts)) as { n: number }).n;
  return { total, rows: pageRows(db, scope, asOf, filter, page, opts) };
}

/**
 * What the App Home shows, in two passes over the book: the summary with the filter's match count in one
 * aggregate, then the page (a page past the end shows the last one). Equal to bookSummary + bookPage.
 */
export function bookHome(
  db: Db,
  scope: BookScope,
  asOf: string,
  filter: BookFilter,
  page: { index: number; size: number },
  opts: Pick<FilterOptions, 'expectedRisk'> = {},
): { summary: BookSummary; total: number; page: number; rows: BookRow[] } {
  const { summary, matched } = summaryPass(db, scope, asOf, filter);
  const index = Math.min(Math.max(0, page.index), Math.max(0, Math.ceil(matched / page.size) - 1));
  return { summary, total: matched, page: index, rows: pageRows(db, scope, asOf, filter, { offset: index * page.size, limit: page.size }, opts) };
}

/** Each in-scope account's live alert group (the most severe, should more than one be live) with its reasons. */
function liveGroupsByAccount(db: Db, scope: BookScope, onlyIds?: string[]): Map<string, BookGroup> {
  const rows = stmt(
    db,
    `select al.id, al.account_id, al.severity, al.status from alerts al join accounts a on a.id = al.account_id
     where al.status != 'resolved' and ${scopeSql(scope)} and (@ids is null or al.account_id in (select value from json_each(@ids)))
     order by ${severityRankSql('al.severity')} asc, al.id asc`,
  ).all({ ...scopeParams(scope), ids: onlyIds ? JSON.stringify(onlyIds) : null }) as {
    id: number;
    account_id: string;
    severity: AlertSeverity;
    status: AlertStatus;
  }[];
  const reasons = reasonsOfGroups(
    db,
    rows.map((r) => r.id),
  );
  // ascending: the most severe group per account is written last and wins
  return new Map(rows.map((r) => [r.account_id, { id: r.id, severity: r.severity, status: r.status, reasons: reasons.get(r.id) ?? [] }]));
}

function countOpenAlerts(db: Db, scope: BookScope): number {
  return (
    stmt(db, `select count(*) n from alerts al join accounts a on a.id = al.account_id where al.status != 'resolved' and ${scopeSql(scope)}`).get(
      scopeParams(scope),
    ) as { n: number }
  ).n;
}

export function loadOpenAlerts(db: Db, scope: BookScope, limit = 5): { total: number; alerts: BookAlert[] } {
  const total = countOpenAlerts(db, scope);
  const rows = stmt(
    db,
    `select al.id, al.account_id, a.name, al.severity, al.status, al.title, al.sla_due_at from alerts al join accounts a on a.id = al.account_id
     where al.status != 'resolved' and ${scopeSql(scope)}
     order by ${severityRankSql('al.severity')} desc, al.opened_at desc limit @limit`,
  ).all({ ...scopeParams(scope), limit }) as Record<string, unknown>[];
  const reasons = reasonsOfGroups(
    db,
    rows.map((r) => Number(r.id)),
  );
  return {
    total,
    alerts: rows.map((r) => ({
      id: Number(r.id),
      accountId: String(r.account_id),
      accountName: String(r.name),
      severity: r.severity as AlertSeverity,
      status: r.status as AlertStatus,
      title: String(r.title),
      slaDueAt: (r.sla_due_at as string | null) ?? null,
      reasons: reasons.get(Number(r.id)) ?? [],
    })),
  };
}
