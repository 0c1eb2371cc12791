/** Reading the outbox for people and gauges: counts, listings, what a piece of work queued. Never changes a row. */
import { and, count, desc, eq, gt, gte, inArray, lt, lte, min, sql } from 'drizzle-orm';
import type { Db } from '../../../db';
import { outbox } from '../../../db/schema';

export type OutboxRecord = typeof outbox.$inferSelect;

/** What a piece of work added to the outbox: new messages, updates of messages already sent, and anything else. */
export interface QueuedCounts {
  posts: number;
  updates: number;
  other: number;
}

/** The outbox's high-water mark: rows with a larger id were queued after this call. */
export function outboxMark(db: Db): number {
  return db
    .select({ id: sql<number>`coalesce(max(${outbox.id}), 0)` })
    .from(outbox)
    .get()!.id;
}

/** Rows queued after `mark` (and up to `until`), by kind; a deduplicated enqueue adds no row, so it is not counted. */
export function queuedSince(db: Db, mark: number, until = Number.MAX_SAFE_INTEGER): QueuedCounts {
  const rows = db
    .select({ method: outbox.method, n: count() })
    .from(outbox)
    .where(and(gt(outbox.id, mark), lte(outbox.id, until)))
    .groupBy(outbox.method)
    .all();
  const out: QueuedCounts = { posts: 0, updates: 0, other: 0 };
  for (const r of rows) {
    if (r.method === 'chat.postMessage') out.posts += r.n;
    else if (r.method === 'chat.update') out.updates += r.n;
    else out.other += r.n;
  }
  return out;
}

/** "3 new message(s), 1 update(s)" (plus "n other call(s)" when there are any). */
export function describeQueued(q: QueuedCounts): string {
  return `${q.posts} new message(s), ${q.updates} update(s)${q.other ? `, ${q.other} other call(s)` : ''}`;
}

export interface OutboxListing {
  counts: Record<string, number>;
  rows: Pick<OutboxRecord, 'id' | 'status' | 'method' | 'channel' | 'attempts' | 'availableAt' | 'sentAt' | 'lastError' | 'alertId'>[];
}

/** Rows by status (statuses without rows are left out). */
export function outboxCounts(db: Db): Record<string, number> {
  const rows = db.select({ status: outbox.status, n: count() }).from(outbox).groupBy(outbox.status).all();
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** The outbox for humans: counts by status and the latest rows (failed ones with their reason). */
export function listOutbox(db: Db, opts: { failedOnly?: boolean; limit?: number } = {}): OutboxListing {
  const rows = db
    .select({
      id: outbox.id,
      status: outbox.status,
      method: outbox.method,
      channel: outbox.channel,
      attempts: outbox.attempts,
      availableAt: outbox.availableAt,
      sentAt: outbox.sentAt,
      lastError: outbox.lastError,
      alertId: outbox.alertId,
    })
    .from(outbox)
    .where(opts.failedOnly ? eq(outbox.status, 'failed') : undefined)
    .orderBy(desc(outbox.id))
    .limit(opts.limit ?? 50)
    .all();
  return { counts: outboxCounts(db), rows };
}

/** The oldest creation time of rows still waiting (pending) or in flight (sending), by status. */
export function oldestWaiting(db: Db): Map<string, string> {
  const rows = db
    .select({ status: outbox.status, oldest: min(outbox.createdAt) })
    .from(outbox)
    .where(inArray(outbox.status, ['pending', 'sending']))
    .groupBy(outbox.status)
    .all();
  return new Map(rows.filter((r) => r.oldest !== null).map((r) => [r.status, r.oldest!]));
}

/** Rows created in [from, to) that ended failed (permanent errors or retries exhausted). */
export function failedBetween(db: Db, fromIso: string, toIso: string): number {
  return db
    .select({ n: count() })
    .from(outbox)
    .where(and(eq(outbox.status, 'failed'), gte(outbox.createdAt, fromIso), lt(outbox.createdAt, toIso)))
    .get()!.n;
}

/** Rows still pending and when the first of them comes due. */
export function pendingSummary(db: Db): { count: number; nextAt: string | null } {
  const r = db
    .select({ n: count(), next: min(outbox.availableAt) })
    .from(outbox)
    .where(eq(outbox.status, 'pending'))
    .get()!;
  return { count: r.n, nextAt: r.next ?? null };
}

/** Sent calls by Web API method, method order. */
export function sentByMethod(db: Db): Record<string, number> {
  const rows = db
    .select({ method: outbox.method, n: count() })
    .from(outbox)
    .where(eq(outbox.status, 'sent'))
    .groupBy(outbox.method)
    .orderBy(outbox.method)
    .all();
  return Object.fromEntries(rows.map((r) => [r.method, r.n]));
}

/** The status of each row (ids without a row are left out). */
export function statusesOf(db: Db, ids: number[]): Map<number, string> {
  if (!ids.length) return new Map();
  const rows = db.select({ id: outbox.id, status: outbox.status }).from(outbox).where(inArray(outbox.id, ids)).all();
  return new Map(rows.map((r) => [r.id, r.status]));
}
