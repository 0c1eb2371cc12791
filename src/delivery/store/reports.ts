import type { Db } from '../../../db';

/** What a piece of work added to the outbox: new messages, updates of messages already sent, and anything else. */
export interface QueuedCounts {
  posts: number;
  updates: number;
  other: number;
}

/** The outbox's high-water mark: rows with a larger id were queued after this call. */
export function outboxMark(db: Db): number {
  return (db.$client.prepare('select coalesce(max(id), 0) id from outbox').get() as { id: number }).id;
}

/** Rows queued after `mark` (and up to `until`), by kind; a deduplicated enqueue adds no row, so it is not counted. */
export function queuedSince(db: Db, mark: number, until = Number.MAX_SAFE_INTEGER): QueuedCounts {
  const r = db.$client
    .prepare(
      `select coalesce(sum(method = 'chat.postMessage'), 0) posts, coalesce(sum(method = 'chat.update'), 0) updates,
              coalesce(sum(method not in ('chat.postMessage', 'chat.update')), 0) other
       from outbox where id > ? and id <= ?`,
    )
    .get(mark, until) as QueuedCounts;
  return { posts: r.posts, updates: r.updates, other: r.other };
}

/** "3 new message(s), 1 update(s)" (plus "n other call(s)" when there are any). */
export function describeQueued(q: QueuedCounts): string {
  return `${q.posts} new message(s), ${q.updates} update(s)${q.other ? `, ${q.other} other call(s)` : ''}`;
}
