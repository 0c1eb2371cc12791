/**
 * Message identity, owned by delivery. A caller names a message by a key of its own choosing (`alert:42:U123`) and
 * asks to post as K, update K or reply in K's thread; it never sees a channel or ts. Delivery keeps (key, channel, ts)
 * in slack_messages: the post's outbox row at once, channel and ts once Slack answered (markSent, crash recovery).
 * An update or reply queued before the post went out names K in `_resolve`; the worker fills in channel/ts when it
 * sends (prepare), and waits while the post is still on its way.
 */
import { eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../db';
import { outbox, slackMessages } from '../../../db/schema';
import { enqueue, replacePendingContent } from './outbox';
import { prepared } from './prepared';

export type SlackMessageRow = typeof slackMessages.$inferSelect;

/** Where a queued update or reply points: the message key, and which argument its ts fills. */
export interface MessageRef {
  key: string;
  as: 'ts' | 'thread_ts';
}

/** Slack content of a message (chat.postMessage / chat.update). */
export interface MessageContent {
  text: string;
  blocks?: unknown[];
}

interface WriteOptions {
  /** earliest send time; default now */
  availableAt?: Date;
  /** 1 = caused by a click: sent ahead of any backlog */
  priority?: number;
  /** the alert this write is about (shown by `bellwether outbox`) */
  alertId?: number;
}

/** The state of K's post: 'none' = no such message, 'failed' = it never reached Slack (nothing to update or reply to). */
export type MessageState = 'none' | 'pending' | 'sending' | 'sent' | 'failed';

/**
 * Post as K to `address` (a user id opens a DM). Once per key: posting K again is a no-op (returns false), so the
 * caller's retry or a second run never makes a second message. Runs in the caller's transaction.
 */
export function postAs(
  db: Db,
  key: string,
  address: string,
  content: MessageContent & { extra?: Record<string, unknown> },
  opts: WriteOptions = {},
  now = new Date(),
): boolean {
  const created = db
    .insert(slackMessages)
    .values({ key, address, createdAt: now.toISOString() })
    .onConflictDoNothing({ target: slackMessages.key })
    .returning({ key: slackMessages.key })
    .all();
  if (!created.length) return false;
  const { id } = enqueue(
    db,
    {
      idempotencyKey: `${key}:post`,
      method: 'chat.postMessage',
      args: { channel: address, text: content.text, ...(content.blocks ? { blocks: content.blocks } : {}), ...content.extra },
      channel: address,
      alertId: opts.alertId,
      availableAt: opts.availableAt?.toISOString(),
      priority: opts.priority,
    },
    now,
  );
  db.update(slackMessages).set({ postOutboxId: id }).where(eq(slackMessages.key, key)).run();
  return true;
}

/**
 * Show new content in K. A post still waiting to go out takes the content in place (no update needed: returns
 * 'replaced'); a sent or in-flight post gets a chat.update (`revision` makes re-asking for the same content a no-op;
 * an older update that is still queued is dropped when this one exists; the same revision again: 'unchanged').
 * A message that never reached Slack: 'none'.
 */
export function updateMessage(
  db: Db,
  key: string,
  content: MessageContent,
  revision: string,
  opts: WriteOptions = {},
  now = new Date(),
): 'replaced' | 'queued' | 'unchanged' | 'none' {
  const m = messageOf(db, key);
  const state = m ? postState(db, m) : 'none';
  if (!m || state === 'none' || state === 'failed') return 'none';
  // The post may have been claimed between the read and the write, or an earlier attempt may already have posted
  // the old content (unsure): then it needs an update after all.
  if (state === 'pending' && m.postOutboxId !== null && replacePendingContent(db, m.postOutboxId, content)) return 'replaced';
  const created = enqueueAt(db, m, 'chat.update', `${key}:update:${revision}`, 'ts', content, opts, now);
  return created ? 'queued' : 'unchanged';
}

/** Reply in K's thread (`replyKey` names the reply: asking again is a no-op). True when a reply was queued now. */
export function replyInThread(db: Db, key: string, replyKey: string, content: MessageContent, opts: WriteOptions = {}, now = new Date()): boolean {
  const m = messageOf(db, key);
  if (!m) return false;
  const state = postState(db, m);
  if (state === 'none' || state === 'failed') return false;
  return enqueueAt(db, m, 'chat.postMessage', `${key}:reply:${replyKey}`, 'thread_ts', content, opts, now);
}

/** Queue a call on message m: its channel and ts (as `as`) are filled in by the worker once the post is out. */
function enqueueAt(
  db: Db,
  m: SlackMessageRow,
  method: 'chat.update' | 'chat.postMessage',
  idempotencyKey: string,
  as: MessageRef['as'],
  content: MessageContent,
  opts: WriteOptions,
  now: Date,
): boolean {
  const ref: MessageRef = { key: m.key, as };
  return enqueue(
    db,
    {
      idempotencyKey,
      method,
      args: { channel: m.address, _resolve: ref, text: content.text, ...(content.blocks ? { blocks: content.blocks } : {}) },
      channel: m.address,
      alertId: opts.alertId,
      availableAt: opts.availableAt?.toISOString(),
      priority: opts.priority,
    },
    now,
  ).created;
}

export function messageOf(db: Db, key: string): SlackMessageRow | undefined {
  return db.select().from(slackMessages).where(eq(slackMessages.key, key)).get();
}

/** The state of each key's post (keys without a message are left out). */
export function messageStates(db: Db, keys: string[]): Map<string, MessageState> {
  if (!keys.length) return new Map();
  const rows = db
    .select({ key: slackMessages.key, postOutboxId: slackMessages.postOutboxId, status: outbox.status })
    .from(slackMessages)
    .leftJoin(outbox, eq(outbox.id, slackMessages.postOutboxId))
    .where(inArray(slackMessages.key, keys))
    .all();
  return new Map(rows.map((r) => [r.key, r.postOutboxId === null || r.status === null ? 'none' : r.status]));
}

function postState(db: Db, m: SlackMessageRow): MessageState {
  return messageStates(db, [m.key]).get(m.key) ?? 'none';
}

/** Slack answered the post of outbox row `postOutboxId`: remember where the message is. */
export function recordPosted(db: Db, postOutboxId: number, channel: string | null, ts: string): void {
  const q = prepared(db, 'slack_messages.recordPosted', () =>
    db
      .update(slackMessages)
      .set({ channel: sql`${sql.placeholder('channel')}`, ts: sql`${sql.placeholder('ts')}` })
      .where(eq(slackMessages.postOutboxId, sql.placeholder('post')))
      .prepare(),
  );
  q.run({ channel, ts, post: postOutboxId });
}

/**
 * Where K is, for a queued update or reply: its channel and ts once posted; otherwise the post row to wait for
 * (undefined post = never queued).
 */
export function locate(
  db: Db,
  key: string,
): { found: false } | { found: true; channel: string | null; ts: string | null; post?: { status: string; availableAt: string; lastError: string | null } } {
  const r = db
    .select({ channel: slackMessages.channel, ts: slackMessages.ts, status: outbox.status, availableAt: outbox.availableAt, lastError: outbox.lastError })
    .from(slackMessages)
    .leftJoin(outbox, eq(outbox.id, slackMessages.postOutboxId))
    .where(eq(slackMessages.key, key))
    .get();
  if (!r) return { found: false };
  return {
    found: true,
    channel: r.channel,
    ts: r.ts,
    post: r.status && r.availableAt ? { status: r.status, availableAt: r.availableAt, lastError: r.lastError } : undefined,
  };
}
