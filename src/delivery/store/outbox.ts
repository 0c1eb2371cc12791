import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db';
import { outbox } from '../../../db/schema';

export interface OutboxIntent {
  /** Same key = same intent: enqueueing it again is a no-op (e.g. `alert:42:notify:U123:v3`). */
  idempotencyKey: string;
  method: string; // chat.postMessage, chat.update, views.publish, files.uploadV2 …
  args: Record<string, unknown>;
  /** pacing key: the channel or user the call writes to */
  channel?: string;
  alertId?: number;
  /** earliest send time (ISO); defaults to now */
  availableAt?: string;
  /** 1 = caused by a click: the worker sends it ahead of any backlog (default 0) */
  priority?: number;
}

/**
 * Record an intent to call Slack. Every Slack write goes through here; a worker delivers.
 * Returns the outbox row id (existing one when the key was already enqueued).
 */
export function enqueue(db: Db, intent: OutboxIntent, now: Date = new Date()): { id: number; created: boolean } {
  const iso = now.toISOString();
  const inserted = db
    .insert(outbox)
    .values({
      idempotencyKey: intent.idempotencyKey,
      method: intent.method,
      args: intent.args,
      channel: intent.channel ?? (typeof intent.args.channel === 'string' ? intent.args.channel : null),
      alertId: intent.alertId,
      availableAt: intent.availableAt ?? iso,
      createdAt: iso,
      priority: intent.priority ?? 0,
    })
    .onConflictDoNothing({ target: outbox.idempotencyKey })
    .returning({ id: outbox.id })
    .all();
  if (inserted.length) return { id: inserted[0].id, created: true };
  const existing = db.select({ id: outbox.id }).from(outbox).where(eq(outbox.idempotencyKey, intent.idempotencyKey)).get();
  return { id: existing!.id, created: false };
}

/**
 * New content for a post that has not gone out yet, in place. False when the row was claimed meanwhile or an earlier
 * attempt may already have posted it (unsure): then the message needs an update instead.
 */
export function replacePendingContent(db: Db, id: number, content: { text: string; blocks?: unknown[] }): boolean {
  const args = content.blocks
    ? sql`json_set(${outbox.args}, '$.text', ${content.text}, '$.blocks', json(${JSON.stringify(content.blocks)}))`
    : sql`json_set(${outbox.args}, '$.text', ${content.text})`;
  const r = db
    .update(outbox)
    .set({ args })
    .where(and(eq(outbox.id, id), eq(outbox.status, 'pending'), eq(outbox.unsure, 0)))
    .run();
  return r.changes === 1;
}
