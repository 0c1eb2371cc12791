/**
 * Stage: prepare a claimed row for sending.
 * - fills in channel/ts of the message (by key) a chat.update or thread reply refers to (known only once the post went out);
 * - drops a chat.update a newer one supersedes (a late retry must never overwrite newer content);
 * - stamps the outbox id into message metadata, so after a crash we can find out whether a post reached Slack.
 */
import { basename } from 'node:path';
import type { Db } from '../../db';
import { type MessageRef, locate } from './store/messages';
import { newerUpdateOf, type OutboxRow } from './store/rows';
import { SUPPORTED_METHODS, uploadFilename } from './transport';

export type Prepared =
  | { kind: 'send'; args: Record<string, unknown> }
  | { kind: 'defer'; untilMs: number; reason: string }
  | { kind: 'fail'; reason: string }
  | { kind: 'skip'; reason: string };

export const DEFAULT_EVENT_TYPE = 'bellwether_outbox';

export function prepare(db: Db, row: OutboxRow, nowMs: number): Prepared {
  if (!SUPPORTED_METHODS.has(row.method)) return { kind: 'fail', reason: `unsupported method ${row.method}` };
  let args: Record<string, unknown>;
  try {
    args = JSON.parse(row.args) as Record<string, unknown>;
  } catch {
    return { kind: 'fail', reason: 'args are not valid JSON' };
  }
  const ref = args._resolve as MessageRef | undefined;
  if (ref) {
    delete args._resolve;
    if (row.method === 'chat.update') {
      const newer = newerUpdateOf(db, ref.key, row.id);
      if (newer !== undefined) return { kind: 'skip', reason: `superseded by outbox #${newer}` };
    }
    const m = locate(db, ref.key);
    if (!m.found) return { kind: 'fail', reason: `the message it refers to (${ref.key}) no longer exists` };
    if (m.ts && m.channel) {
      args.channel = m.channel;
      args[ref.as] = m.ts;
    } else {
      const post = m.post;
      if (!post || post.status === 'failed')
        return { kind: 'fail', reason: `original message was not delivered${post?.lastError ? `: ${post.lastError}` : ''}` };
      // Wait for the original post (not an attempt: nothing was tried).
      return { kind: 'defer', untilMs: Math.max(nowMs + 1000, Date.parse(post.availableAt)), reason: 'waiting for the original message' };
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
