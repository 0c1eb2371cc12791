/** Stage: claim and record — every outbox state change is a compare-and-swap on the row; the table is the truth. */
import type { Db } from '../../../db';
import { stmt } from '../../accounts/statements';
import { recordPosted } from './messages';

export interface OutboxRow {
  id: number;
  idempotency_key: string;
  method: string;
  args: string;
  channel: string | null;
  status: string;
  attempts: number;
  available_at: string;
  claimed_at: string | null;
  claimed_by: string | null;
  last_error: string | null;
  result: string | null;
  alert_id: number | null;
  priority: number;
  unsure: number;
  created_at: string;
}

export function getRow(db: Db, id: number): OutboxRow | undefined {
  return stmt(db, 'select * from outbox where id = ?').get(id) as OutboxRow | undefined;
}

/** Channels (pacing keys) with due rows: those with a click's update first, then oldest first. '' = rows without a channel. */
export function dueChannels(db: Db, nowIso: string, limit: number): { key: string; priority: number }[] {
  return stmt(
    db,
    `select coalesce(channel, '') key, max(priority) priority, min(id) first from outbox
      where status = 'pending' and available_at <= ? group by 1 order by 2 desc, 3 limit ?`,
  ).all(nowIso, limit) as { key: string; priority: number }[];
}

/**
 * The next due rows of one channel: a click's updates first, then id order (posts before the updates that follow
 * them; an update whose post has not gone out yet is deferred by prepare, so jumping the queue never reorders them).
 */
export function dueInChannel(db: Db, key: string, nowIso: string, limit: number): number[] {
  const rows = stmt(
    db,
    `select id from outbox where status = 'pending' and available_at <= ? and coalesce(channel, '') = ? order by priority desc, id limit ?`,
  ).all(nowIso, key, limit) as { id: number }[];
  return rows.map((r) => r.id);
}

/** CAS pending → sending. Returns the claimed row (fresh args) or undefined if someone else got it. */
export function claim(db: Db, id: number, workerId: string, nowIso: string): OutboxRow | undefined {
  const res = stmt(
    db,
    `update outbox set status = 'sending', claimed_at = ?, claimed_by = ?, attempts = attempts + 1
     where id = ? and status = 'pending' and available_at <= ?`,
  ).run(nowIso, workerId, id, nowIso);
  return res.changes === 1 ? getRow(db, id) : undefined;
}

export function markSent(db: Db, row: OutboxRow, result: Record<string, unknown>, nowIso: string): void {
  db.$client
    .transaction(() => {
      stmt(
        db,
        `update outbox set status = 'sent', sent_at = ?, result = ?, last_error = null, claimed_at = null where id = ? and status = 'sending'`,
      ).run(nowIso, JSON.stringify(result), row.id);
      const ts = typeof result.ts === 'string' ? result.ts : null;
      const channel = typeof result.channel === 'string' ? result.channel : null;
      if (row.method === 'chat.postMessage' && ts) recordPosted(db, row.id, channel, ts);
    })
    .immediate();
}

export function markFailed(db: Db, row: OutboxRow, reason: string): void {
  stmt(db, `update outbox set status = 'failed', last_error = ?, claimed_at = null where id = ? and status = 'sending'`).run(reason, row.id);
}

/**
 * Back to pending for a later try. `refund` undoes the attempt count (rate limits and deferrals are not failures).
 * `unsure` (default: unchanged) marks that the last attempt may have reached Slack: check before sending again.
 */
export function release(db: Db, row: OutboxRow, availableAtIso: string, lastError: string | null, refund: boolean, unsure?: boolean): void {
  stmt(
    db,
    `update outbox set status = 'pending', available_at = ?, last_error = ?, claimed_at = null, claimed_by = null,
       attempts = attempts - ?, unsure = coalesce(?, unsure) where id = ? and status = 'sending'`,
  ).run(availableAtIso, lastError, refund ? 1 : 0, unsure === undefined ? null : unsure ? 1 : 0, row.id);
}

/**
 * Slack said 429 for this channel: hold every pending row of the channel until Retry-After, in the table (the truth),
 * so a restarted worker respects it too and the channel's order is kept (the rate-limited row goes first again).
 */
export function holdChannel(db: Db, key: string, untilIso: string): void {
  stmt(db, `update outbox set available_at = ? where status = 'pending' and coalesce(channel, '') = ? and available_at < ?`).run(
    untilIso,
    key,
    untilIso,
  );
}

/** Rows stuck in 'sending' by another worker for longer than the lease: their sender presumably crashed. */
export function staleSending(db: Db, workerId: string, cutoffIso: string): OutboxRow[] {
  return stmt(
    db,
    `select * from outbox where status = 'sending' and (claimed_by is null or claimed_by != ?) and (claimed_at is null or claimed_at <= ?) order by id`,
  ).all(workerId, cutoffIso) as OutboxRow[];
}

/** Take over an orphaned 'sending' row (CAS on the old claim so two recovering workers cannot both take it). */
export function takeOver(db: Db, row: OutboxRow, workerId: string, nowIso: string): boolean {
  const res = stmt(
    db,
    `update outbox set claimed_by = ?, claimed_at = ? where id = ? and status = 'sending' and claimed_by is ? and claimed_at is ?`,
  ).run(workerId, nowIso, row.id, row.claimed_by, row.claimed_at);
  return res.changes === 1;
}

export function hasPending(db: Db): { pending: number; nextAt: string | null; sending: number } {
  return stmt(
    db,
    `select coalesce(sum(status = 'pending'), 0) pending, min(case when status = 'pending' then available_at end) nextAt,
            coalesce(sum(status = 'sending'), 0) sending from outbox where status in ('pending', 'sending')`,
  ).get() as { pending: number; nextAt: string | null; sending: number };
}

/** A later chat.update of the same message (by key) that is not failed: this one is superseded by it. */
export function newerUpdateOf(db: Db, key: string, id: number): number | undefined {
  const r = stmt(
    db,
    `select id from outbox where id > ? and method = 'chat.update' and status != 'failed'
       and json_extract(args, '$._resolve.key') = ? limit 1`,
  ).get(id, key) as { id: number } | undefined;
  return r?.id;
}
