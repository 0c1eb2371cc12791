/**
 * Stage: prepare a claimed row for sending.
 * - fills in channel/ts of the alert message a chat.update or thread reply refers to (known only once the post went out);
 * - drops a chat.update a newer one supersedes (a late retry must never overwrite newer content);
 * - stamps the outbox id into message metadata, so after a crash we can find out whether a post reached Slack.
 */
import { basename } from 'node:path';
import type { Db } from '../../db';
import { stmt } from '../accounts/statements';
import type { OutboxRow } from './rows';
import { SUPPORTED_METHODS, uploadFilename } from './transport';

export type Prepared =
  | { kind: 'send'; args: Record<string, unknown> }
  | { kind: 'defer'; untilMs: number; reason: string }
  | { kind: 'fail'; reason: string }
  | { kind: 'skip'; reason: string };

interface ResolveRef {
  alert_message_id: number;
  as: 'ts' | 'thread_ts';
}

export const DEFAULT_EVENT_TYPE = 'bellwether_outbox';

export function prepare(db: Db, row: OutboxRow, nowMs: number): Prepared {
  if (!SUPPORTED_METHODS.has(row.method)) return { kind: 'fail', reason: `unsupported method ${row.method}` };
  let args: Record<string, unknown>;
  try {
    args = JSON.parse(row.args) as Record<string, unknown>;
  } catch {
    return { kind: 'fail', reason: 'args are not valid JSON' };
  }
  const ref = args._resolve as ResolveRef | undefined;
  if (ref) {
    delete args._resolve;
    if (row.method === 'chat.update') {
      const newer = stmt(
        db,
        `select id from outbox where id > ? and method = 'chat.update' and status != 'failed'
           and json_extract(args, '$._resolve.alert_message_id') = ? limit 1`,
      ).get(row.id, ref.alert_message_id) as { id: number } | undefined;
      if (newer) return { kind: 'skip', reason: `superseded by outbox #${newer.id}` };
    }
    const m = stmt(db, 'select channel, ts, outbox_id from alert_messages where id = ?').get(ref.alert_message_id) as
      | { channel: string | null; ts: string | null; outbox_id: number | null }
      | undefined;
    if (!m) return { kind: 'fail', reason: 'the alert message it refers to no longer exists' };
    if (m.ts && m.channel) {
      args.channel = m.channel;
      args[ref.as] = m.ts;
    } else {
      const post = m.outbox_id
        ? (stmt(db, 'select status, available_at, last_error from outbox where id = ?').get(m.outbox_id) as
            | { status: string; available_at: string; last_error: string | null }
            | undefined)
        : undefined;
      if (!post || post.status === 'failed') return { kind: 'fail', reason: `original message was not delivered${post?.last_error ? `: ${post.last_error}` : ''}` };
      // Wait for the original post (not an attempt: nothing was tried).
      return { kind: 'defer', untilMs: Math.max(nowMs + 1000, Date.parse(post.available_at)), reason: 'waiting for the original message' };
    }
  }
  if (row.method === 'chat.postMessage') {
    const md = (args.metadata as { event_type?: string; event_payload?: Record<string, unknown> } | undefined) ?? {};
    args.metadata = { event_type: md.event_type ?? DEFAULT_EVENT_TYPE, event_payload: { ...(md.event_payload ?? {}), outbox_id: row.id } };
  }
  if (row.method === 'files.uploadV2') {
    args.filename = uploadFilename(String(args.filename ?? basename(String(args.file_path ?? 'file'))), row.id);
  }
  return { kind: 'send', args };
}
