/**
 * Stage: claim and record — every outbox state change is a compare-and-swap on the row; the table is the truth.
 * Drizzle's query builder throughout; the per-message path (due → claim → record sent) uses drizzle prepared
 * queries built once per connection, since building a query on every call cost 4× the hand-written floor
 * (`npm run bench:outbox-claim`).
 */
import { and, asc, desc, eq, getTableColumns, gt, isNull, lt, lte, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../../../db';
import { outbox } from '../../../db/schema';
import { recordPosted } from './messages';
import { prepared } from './prepared';

/** An outbox row as the worker handles it: args as stored (JSON text), parsed by prepare so a corrupt row fails alone. */
export type OutboxRow = Omit<typeof outbox.$inferSelect, 'args'> & { args: string };

const rowColumns = { ...getTableColumns(outbox), args: sql<string>`${outbox.args}` };
/** The pacing key: the channel, '' for rows without one (views.publish). */
const laneKey = sql<string>`coalesce(${outbox.channel}, '')`;

export function getRow(db: Db, id: number): OutboxRow | undefined {
  return prepared(db, 'outbox.getRow', () =>
    db
      .select(rowColumns)
      .from(outbox)
      .where(eq(outbox.id, sql.placeholder('id')))
      .prepare(),
  ).get({ id });
}

/** Channels (pacing keys) with due rows: those with a click's update first, then oldest first. '' = rows without a channel. */
export function dueChannels(db: Db, nowIso: string, limit: number): { key: string; priority: number }[] {
  const priority = sql<number>`max(${outbox.priority})`;
  return db
    .select({ key: laneKey, priority })
    .from(outbox)
    .where(and(eq(outbox.status, 'pending'), lte(outbox.availableAt, nowIso)))
    .groupBy(laneKey)
    .orderBy(desc(priority), sql`min(${outbox.id})`)
    .limit(limit)
    .all();
}

/**
 * The next due rows of one channel: a click's updates first, then id order (posts before the updates that follow
 * them; an update whose post has not gone out yet is deferred by prepare, so jumping the queue never reorders them).
 */
export function dueInChannel(db: Db, key: string, nowIso: string, limit: number): number[] {
  const q = prepared(db, 'outbox.dueInChannel', () =>
    db
      .select({ id: outbox.id })
      .from(outbox)
      .where(and(eq(outbox.status, 'pending'), lte(outbox.availableAt, sql.placeholder('now')), eq(laneKey, sql.placeholder('key'))))
      .orderBy(desc(outbox.priority), asc(outbox.id))
      .limit(sql.placeholder('limit'))
      .prepare(),
  );
  return q.all({ now: nowIso, key, limit }).map((r) => r.id);
}

/** CAS pending → sending. Returns the claimed row (fresh args) or undefined if someone else got it. */
export function claim(db: Db, id: number, workerId: string, nowIso: string): OutboxRow | undefined {
  const q = prepared(db, 'outbox.claim', () =>
    db
      .update(outbox)
      .set({
        status: 'sending',
        claimedAt: sql`${sql.placeholder('now')}`,
        claimedBy: sql`${sql.placeholder('worker')}`,
        attempts: sql`${outbox.attempts} + 1`,
      })
      .where(and(eq(outbox.id, sql.placeholder('id')), eq(outbox.status, 'pending'), lte(outbox.availableAt, sql.placeholder('now'))))
      .prepare(),
  );
  const res = q.run({ now: nowIso, worker: workerId, id });
  return res.changes === 1 ? getRow(db, id) : undefined;
}

export function markSent(db: Db, row: OutboxRow, result: Record<string, unknown>, nowIso: string): void {
  db.transaction(
    () => {
      // Prepared on the connection (db): the transaction runs on that same connection.
      const q = prepared(db, 'outbox.markSent', () =>
        db
          .update(outbox)
          .set({ status: 'sent', sentAt: sql`${sql.placeholder('now')}`, result: sql`${sql.placeholder('result')}`, lastError: null, claimedAt: null })
          .where(and(eq(outbox.id, sql.placeholder('id')), eq(outbox.status, 'sending')))
          .prepare(),
      );
      q.run({ now: nowIso, result: JSON.stringify(result), id: row.id });
      const ts = typeof result.ts === 'string' ? result.ts : null;
      const channel = typeof result.channel === 'string' ? result.channel : null;
      if (row.method === 'chat.postMessage' && ts) recordPosted(db, row.id, channel, ts);
    },
    { behavior: 'immediate' },
  );
}

export function markFailed(db: Db, row: OutboxRow, reason: string): void {
  db.update(outbox)
    .set({ status: 'failed', lastError: reason, claimedAt: null })
    .where(and(eq(outbox.id, row.id), eq(outbox.status, 'sending')))
    .run();
}

/**
 * Back to pending for a later try. `refund` undoes the attempt count (rate limits and deferrals are not failures).
 * `unsure` (default: unchanged) marks that the last attempt may have reached Slack: check before sending again.
 */
export function release(db: Db, row: OutboxRow, availableAtIso: string, lastError: string | null, refund: boolean, unsure?: boolean): void {
  db.update(outbox)
    .set({
      status: 'pending',
      availableAt: availableAtIso,
      lastError,
      claimedAt: null,
      claimedBy: null,
      attempts: sql`${outbox.attempts} - ${refund ? 1 : 0}`,
      ...(unsure === undefined ? {} : { unsure: unsure ? 1 : 0 }),
    })
    .where(and(eq(outbox.id, row.id), eq(outbox.status, 'sending')))
    .run();
}

/**
 * Slack said 429 for this channel: hold every pending row of the channel until Retry-After, in the table (the truth),
 * so a restarted worker respects it too and the channel's order is kept (the rate-limited row goes first again).
 */
export function holdChannel(db: Db, key: string, untilIso: string): void {
  db.update(outbox)
    .set({ availableAt: untilIso })
    .where(and(eq(outbox.status, 'pending'), eq(laneKey, key), lt(outbox.availableAt, untilIso)))
    .run();
}

/** Rows stuck in 'sending' by another worker for longer than the lease: their sender presumably crashed. */
export function staleSending(db: Db, workerId: string, cutoffIso: string): OutboxRow[] {
  return db
    .select(rowColumns)
    .from(outbox)
    .where(
      and(
        eq(outbox.status, 'sending'),
        or(isNull(outbox.claimedBy), ne(outbox.claimedBy, workerId)),
        or(isNull(outbox.claimedAt), lte(outbox.claimedAt, cutoffIso)),
      ),
    )
    .orderBy(outbox.id)
    .all();
}

/** Take over an orphaned 'sending' row (CAS on the old claim so two recovering workers cannot both take it). */
export function takeOver(db: Db, row: OutboxRow, workerId: string, nowIso: string): boolean {
  const same = (col: typeof outbox.claimedBy | typeof outbox.claimedAt, v: string | null) => (v === null ? isNull(col) : eq(col, v));
  const res = db
    .update(outbox)
    .set({ claimedBy: workerId, claimedAt: nowIso })
    .where(and(eq(outbox.id, row.id), eq(outbox.status, 'sending'), same(outbox.claimedBy, row.claimedBy), same(outbox.claimedAt, row.claimedAt)))
    .run();
  return res.changes === 1;
}

export function hasPending(db: Db): { pending: number; nextAt: string | null; sending: number } {
  return db
    .select({
      pending: sql<number>`coalesce(sum(${outbox.status} = 'pending'), 0)`,
      nextAt: sql<string | null>`min(case when ${outbox.status} = 'pending' then ${outbox.availableAt} end)`,
      sending: sql<number>`coalesce(sum(${outbox.status} = 'sending'), 0)`,
    })
    .from(outbox)
    .where(or(eq(outbox.status, 'pending'), eq(outbox.status, 'sending')))
    .get()!;
}

/** A later chat.update of the same message (by key) that is not failed: this one is superseded by it. */
export function newerUpdateOf(db: Db, key: string, id: number): number | undefined {
  return db
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(gt(outbox.id, id), eq(outbox.method, 'chat.update'), ne(outbox.status, 'failed'), sql`json_extract(${outbox.args}, '$._resolve.key') = ${key}`))
    .limit(1)
    .get()?.id;
}
