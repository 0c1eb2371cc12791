/**
 * The customer-activity store: reads of the per-account event tables — usage_daily (everything but the scoring
 * features, which read it in their own measured pass), tickets, nps_responses, revenue_events, signals, outreach
 * and account_snapshots' dates. Drizzle's query builder throughout; the per-card and per-alert reads are prepared
 * once per connection.
 */
import { and, asc, count, desc, eq, gt, gte, inArray, isNotNull, isNull, lt, lte, max, min, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db';
import { accounts, accountSnapshots, npsResponses, outreach, revenueEvents, signals, tickets, usageDaily } from '../../db/schema';
import { prepared, stmt } from '../../db/statement-cache';
import type Database from 'better-sqlite3';

export type OutreachRow = typeof outreach.$inferSelect;
export type UsageDayRow = Pick<typeof usageDaily.$inferSelect, 'day' | 'activeUsers' | 'keyEvents' | 'logins'>;

const id = sql.placeholder('id');

// ── the account card ──────────────────────────────────────────────────────────

/** An account's usage days in [from, to]. */
export function usageDays(db: Db, accountId: string, from: string, to: string): UsageDayRow[] {
  return prepared(db, 'activity.usageDays', () =>
    db
      .select({ day: usageDaily.day, activeUsers: usageDaily.activeUsers, keyEvents: usageDaily.keyEvents, logins: usageDaily.logins })
      .from(usageDaily)
      .where(and(eq(usageDaily.accountId, id), gte(usageDaily.day, sql.placeholder('from')), lte(usageDaily.day, sql.placeholder('to'))))
      .prepare(),
  ).all({ id: accountId, from, to });
}

/** Open tickets, of which high or urgent, of which escalated. */
export function openTicketCounts(db: Db, accountId: string): { open: number; highOpen: number; escalatedOpen: number } {
  const r = prepared(db, 'activity.openTickets', () =>
    db
      .select({
        open: count(),
        highOpen: sql<number>`coalesce(sum(${tickets.priority} in ('high','urgent')), 0)`,
        escalatedOpen: sql<number>`coalesce(sum(${tickets.escalated}), 0)`,
      })
      .from(tickets)
      .where(and(eq(tickets.accountId, id), isNull(tickets.closedAt)))
      .prepare(),
  ).get({ id: accountId });
  return r ?? { open: 0, highOpen: 0, escalatedOpen: 0 };
}

/** The account's newest outreach (ties: the later logged). */
export function lastOutreach(db: Db, accountId: string): OutreachRow | undefined {
  return prepared(db, 'activity.lastOutreach', () =>
    db.select().from(outreach).where(eq(outreach.accountId, id)).orderBy(desc(outreach.occurredAt), desc(outreach.id)).limit(1).prepare(),
  ).get({ id: accountId });
}

/** Expansion signal kinds the card and the expansion rule count as an open opportunity. */
const OPPORTUNITY_SIGNALS = ['expansion_opportunity', 'feature_limit_hit'] as const;

/** Expansion ARR booked after `since`, and open opportunity signals. */
export function expansionActivity(db: Db, accountId: string, since: string): { bookedArr: number; openSignals: number } {
  const booked = prepared(db, 'activity.expansionBooked', () =>
    db
      .select({ v: sql<number>`coalesce(sum(${revenueEvents.arrDelta}), 0)` })
      .from(revenueEvents)
      .where(and(eq(revenueEvents.accountId, id), eq(revenueEvents.kind, 'expansion'), gt(revenueEvents.occurredOn, sql.placeholder('since'))))
      .prepare(),
  ).get({ id: accountId, since });
  const open = prepared(db, 'activity.openOpportunities', () =>
    db
      .select({ n: count() })
      .from(signals)
      .where(and(eq(signals.accountId, id), inArray(signals.kind, [...OPPORTUNITY_SIGNALS]), isNull(signals.resolvedAt)))
      .prepare(),
  ).get({ id: accountId });
  return { bookedArr: booked?.v ?? 0, openSignals: open?.n ?? 0 };
}

// ── alert facts for one account ───────────────────────────────────────────────

/** Logins in (mid, to] and in (from, mid]; n = days with login data in (from, to]. */
export function loginWindows(db: Db, accountId: string, w: { from: string; mid: string; to: string }): { recent: number; previous: number; n: number } {
  const r = prepared(db, 'activity.loginWindows', () =>
    db
      .select({
        recent: sql<number>`coalesce(sum(case when ${usageDaily.day} > ${sql.placeholder('mid')} then ${usageDaily.logins} end), 0)`,
        previous: sql<number>`coalesce(sum(case when ${usageDaily.day} <= ${sql.placeholder('mid')} then ${usageDaily.logins} end), 0)`,
        n: count(usageDaily.logins),
      })
      .from(usageDaily)
      .where(and(eq(usageDaily.accountId, id), gt(usageDaily.day, sql.placeholder('from')), lte(usageDaily.day, sql.placeholder('to'))))
      .prepare(),
  ).get({ id: accountId, ...w });
  return r ?? { recent: 0, previous: 0, n: 0 };
}

/**
 * The last day with a login and the first day with login data, up to asOf. Logins NULL (a source without
 * them) is no login data, not "never logged in": first stays null then.
 */
export function loginSpan(db: Db, accountId: string, asOf: string): { lastLogin: string | null; first: string | null } {
  const r = prepared(db, 'activity.loginSpan', () =>
    db
      .select({
        lastLogin: sql<string | null>`max(case when ${usageDaily.logins} > 0 then ${usageDaily.day} end)`,
        first: sql<string | null>`min(case when ${usageDaily.logins} is not null then ${usageDaily.day} end)`,
      })
      .from(usageDaily)
      .where(and(eq(usageDaily.accountId, id), lte(usageDaily.day, sql.placeholder('asOf'))))
      .prepare(),
  ).get({ id: accountId, asOf });
  return r ?? { lastLogin: null, first: null };
}

/** Unresolved signals that occurred from `since` to the day `asOf` (inclusive), newest first. */
export function openSignalsBetween(db: Db, accountId: string, since: string, asOf: string): { kind: string; occurredAt: string; detail: string | null }[] {
  return prepared(db, 'activity.openSignalsBetween', () =>
    db
      .select({ kind: signals.kind, occurredAt: signals.occurredAt, detail: signals.detail })
      .from(signals)
      .where(
        and(
          eq(signals.accountId, id),
          isNull(signals.resolvedAt),
          gte(signals.occurredAt, sql.placeholder('since')),
          sql`substr(${signals.occurredAt}, 1, 10) <= ${sql.placeholder('asOf')}`,
        ),
      )
      .orderBy(desc(signals.occurredAt))
      .prepare(),
  ).all({ id: accountId, since, asOf });
}

// ── data span and freshness ───────────────────────────────────────────────────

export const ACTIVITY_SOURCES = ['usage', 'snapshot', 'tickets', 'nps', 'revenue', 'signals'] as const;
export type ActivitySource = (typeof ACTIVITY_SOURCES)[number];

/** Each source's date column; `day` = a YYYY-MM-DD column, otherwise an ISO date or instant. */
const DATE_COLUMNS = {
  usage: { table: usageDaily, col: usageDaily.day, day: true },
  snapshot: { table: accountSnapshots, col: accountSnapshots.asOf, day: true },
  tickets: { table: tickets, col: tickets.openedAt, day: false },
  nps: { table: npsResponses, col: npsResponses.respondedAt, day: false },
  revenue: { table: revenueEvents, col: revenueEvents.occurredOn, day: false },
  signals: { table: signals, col: signals.occurredAt, day: false },
} as const;

/**
 * The source's latest date on or before the day `asOf` (as stored: a day or an instant), null without one.
 * One index end each (MAX over an indexed date column).
 */
export function latestActivity(db: Db, source: ActivitySource, asOf: string, next: string): string | null {
  const c = DATE_COLUMNS[source];
  return (
    prepared(db, `activity.latest.${source}`, () =>
      db
        .select({ v: max(c.col) })
        .from(c.table)
        .where(c.day ? lte(c.col, sql.placeholder('asOf')) : lt(c.col, sql.placeholder('next')))
        .prepare(),
    ).get({ asOf, next })?.v ?? null
  );
}

/** First and last day (YYYY-MM-DD) a source has data; nulls without any. */
export function activityBounds(db: Db, source: ActivitySource): { first: string | null; last: string | null } {
  const c = DATE_COLUMNS[source];
  const r = db
    .select({ first: sql<string | null>`substr(min(${c.col}), 1, 10)`, last: sql<string | null>`substr(max(${c.col}), 1, 10)` })
    .from(c.table)
    .get();
  return { first: r?.first ?? null, last: r?.last ?? null };
}

// ── cohorts ───────────────────────────────────────────────────────────────────

/** First day with a key-event count on record (null: the data has no key events at all). */
export function keyEventsStart(db: Db): string | null {
  return (
    db
      .select({ day: min(usageDaily.day) })
      .from(usageDaily)
      .where(isNotNull(usageDaily.keyEvents))
      .get()?.day ?? null
  );
}

/** Each account's signup day (signup_date, else contract_start) and first day on or after it, up to asOf, with at least `keyEvents` key events. */
export function signupsAndFirstValue(db: Db, keyEvents: number, asOf: string): { id: string; signup: string | null; firstValue: string | null }[] {
  const signup = sql<string | null>`substr(coalesce(${accounts.signupDate}, ${accounts.contractStart}), 1, 10)`;
  return db
    .select({ id: accounts.id, signup, firstValue: min(usageDaily.day) })
    .from(accounts)
    .leftJoin(
      usageDaily,
      and(eq(usageDaily.accountId, accounts.id), gte(usageDaily.keyEvents, keyEvents), lte(usageDaily.day, asOf), gte(usageDaily.day, signup)),
    )
    .groupBy(accounts.id)
    .orderBy(asc(accounts.id))
    .all();
}

/** The note on an account's first churn event that day (the churn reason), or null. */
export function churnNote(db: Db, accountId: string, day: string): string | null {
  return (
    prepared(db, 'activity.churnNote', () =>
      db
        .select({ note: revenueEvents.note })
        .from(revenueEvents)
        .where(
          and(
            eq(revenueEvents.accountId, id),
            eq(revenueEvents.kind, 'churn'),
            sql`substr(${revenueEvents.occurredOn}, 1, 10) = ${sql.placeholder('day')}`,
            isNotNull(revenueEvents.note),
            ne(sql`trim(${revenueEvents.note})`, ''),
          ),
        )
        .orderBy(asc(revenueEvents.id))
        .limit(1)
        .prepare(),
    ).get({ id: accountId, day })?.note ?? null
  );
}

// ── portfolio metrics and validation ──────────────────────────────────────────

/** Revenue events on or before the day, by account, then day, then id. */
export function revenueEventsUpTo(db: Db, asOf: string) {
  return db
    .select({
      accountId: revenueEvents.accountId,
      day: revenueEvents.occurredOn,
      kind: revenueEvents.kind,
      arrDelta: revenueEvents.arrDelta,
      expansionType: revenueEvents.expansionType,
    })
    .from(revenueEvents)
    .where(lte(revenueEvents.occurredOn, asOf))
    .orderBy(asc(revenueEvents.accountId), asc(revenueEvents.occurredOn), asc(revenueEvents.id))
    .all();
}

/** Churn, new and reactivation events up to the day (as days), by account then date. */
export function lifecycleRevenueEvents(db: Db, asOf: string): { id: string; day: string; kind: 'churn' | 'new' | 'reactivation' }[] {
  const day = sql<string>`substr(${revenueEvents.occurredOn}, 1, 10)`;
  return db
    .select({ id: revenueEvents.accountId, day, kind: sql<'churn' | 'new' | 'reactivation'>`${revenueEvents.kind}` })
    .from(revenueEvents)
    .where(and(inArray(revenueEvents.kind, ['churn', 'new', 'reactivation']), lte(day, asOf)))
    .orderBy(asc(revenueEvents.accountId), asc(revenueEvents.occurredOn))
    .all();
}

/** The account of every outreach logged in [from, to). */
export function outreachAccountsBetween(db: Db, from: string, to: string): string[] {
  return db
    .select({ accountId: outreach.accountId })
    .from(outreach)
    .where(and(gte(outreach.occurredAt, from), lt(outreach.occurredAt, to)))
    .all()
    .map((r) => r.accountId);
}

/** Each account's newest outreach (ISO instant) before `before`. */
export function lastTouchesBefore(db: Db, before: string): Map<string, string> {
  const rows = db
    .select({ accountId: outreach.accountId, at: max(outreach.occurredAt) })
    .from(outreach)
    .where(lt(outreach.occurredAt, before))
    .groupBy(outreach.accountId)
    .all();
  return new Map(rows.map((r) => [r.accountId, r.at as string]));
}

/**
 * Record one outreach, once per idempotency key: a second insert with a used key writes nothing and returns the
 * earlier row's id with `created: false`.
 */
export function insertOutreachOnce(db: Db, row: typeof outreach.$inferInsert): { id: number; created: boolean } {
  const [ins] = db.insert(outreach).values(row).onConflictDoNothing({ target: outreach.idempotencyKey }).returning({ id: outreach.id }).all();
  if (ins) return { id: ins.id, created: true };
  const earlier = db
    .select({ id: outreach.id })
    .from(outreach)
    .where(eq(outreach.idempotencyKey, row.idempotencyKey ?? ''))
    .get();
  if (!earlier) throw new Error(`outreach for ${row.accountId} was not saved and no earlier row has its idempotency key`);
  return { id: earlier.id, created: false };
}

/**
 * The account a revenue event is booked on now, or undefined when it is new: a per-row lookup on the import path,
 * which holds the raw client (a re-import may move an event to another account; both accounts' rollups refresh).
 */
export function revenueEventAccount(client: Database.Database, eventId: string): string | undefined {
  return stmt({ $client: client }, 'select account_id from revenue_events where id = ?').pluck().get(eventId) as string | undefined;
}
