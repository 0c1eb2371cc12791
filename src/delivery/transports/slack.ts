import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { LogLevel, WebClient } from '@slack/web-api';
import { observeSlackCall } from '../../observability/metrics';
import { ChannelDirectory } from '../channel-names';
import { classifyError } from '../classify';
import { type SendResult, type Transport, isUploadOf } from '../transport';

/** Slack Web API request timeout when the config does not set one. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/**
 * A WebClient for the delivery pipeline: no built-in retries and 429s rejected, because the outbox owns retries,
 * backoff and Retry-After (a hidden retry inside the client would break pacing and crash-safety accounting).
 * Every call times out: a hung call becomes an unknown outcome the worker checks, never a stalled channel.
 */
export function createDeliveryWebClient(token: string, slackApiUrl?: string, timeoutMs = DEFAULT_REQUEST_TIMEOUT_MS): WebClient {
  return new WebClient(token, {
    ...(slackApiUrl ? { slackApiUrl } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logLevel: LogLevel.ERROR,
    timeout: timeoutMs,
  });
}

export interface SlackTransportOptions {
  /**
   * `#name` → channel id, for rows enqueued with a name (the online service passes its start-up resolution;
   * default: one paged conversations.list on first need, cached).
   */
  channelId?: (name: string) => string | undefined | Promise<string | undefined>;
}

interface ListedFile {
  id?: string;
  name?: string;
}

interface HistoryMessage {
  ts?: string;
  metadata?: { event_payload?: Record<string, unknown> };
}

const HISTORY_PAGES = 5;

export function createSlackTransport(client: WebClient, opts: SlackTransportOptions = {}): Transport {
  const directory = new ChannelDirectory(client);
  const channelId =
    opts.channelId ??
    (async (name: string) => {
      await directory.load();
      return directory.idOf(name);
    });
  async function conversationFor(channel: string): Promise<string> {
    // conversations.history needs an id: a #name can never be checked, so its row would stay unsure forever.
    if (channel.startsWith('#')) return (await channelId(channel)) ?? channel;
    if (!/^[UW][A-Z0-9]+$/.test(channel)) return channel;
    const r = (await client.conversations.open({ users: channel })) as { channel?: { id?: string } };
    return r.channel?.id ?? channel;
  }

  async function send(method: string, args: Record<string, unknown>): Promise<SendResult> {
    switch (method) {
      case 'chat.postMessage': {
        const r = await client.chat.postMessage(args as never);
        return { channel: r.channel, ts: r.ts };
      }
      case 'chat.update': {
        const r = await client.chat.update(args as never);
        return { channel: r.channel, ts: r.ts };
      }
      case 'chat.postEphemeral': {
        const r = await client.chat.postEphemeral(args as never);
        return { channel: String(args.channel ?? ''), ts: r.message_ts };
      }
      case 'views.publish': {
        const r = await client.views.publish(args as never);
        return { view_id: r.view?.id };
      }
      case 'files.uploadV2': {
        const path = String(args.file_path ?? '');
        const file = await readFile(path);
        const r = (await client.filesUploadV2({
          channel_id: String(args.channel_id),
          file,
          filename: String(args.filename ?? basename(path)),
          ...(args.title ? { title: String(args.title) } : {}),
          ...(args.initial_comment ? { initial_comment: String(args.initial_comment) } : {}),
        } as never)) as { files?: { files?: { id?: string }[] }[] };
        const ids = (r.files ?? []).flatMap((f) => (f.files ?? []).map((x) => x.id)).filter(Boolean);
        return { channel: String(args.channel_id), file_ids: ids };
      }
      default:
        return (await client.apiCall(method, args)) as unknown as SendResult;
    }
  }

  return {
    kind: 'slack',
    async call(method, args) {
      const t0 = performance.now();
      try {
        const r = await send(method, args);
        observeSlackCall(method, 'ok', (performance.now() - t0) / 1000);
        return r;
      } catch (e) {
        observeSlackCall(method, classifyError(e).kind, (performance.now() - t0) / 1000);
        throw e;
      }
    },
    async findPosted(channel, outboxId, threadTs) {
      const conv = await conversationFor(channel);
      let cursor: string | undefined;
      for (let page = 0; page < HISTORY_PAGES; page++) {
        const r = (
          threadTs
            ? await client.conversations.replies({ channel: conv, ts: threadTs, limit: 200, include_all_metadata: true, cursor } as never)
            : await client.conversations.history({ channel: conv, limit: 200, include_all_metadata: true, cursor } as never)
        ) as {
          messages?: HistoryMessage[];
          response_metadata?: { next_cursor?: string };
        };
        const hit = (r.messages ?? []).find((m) => Number(m.metadata?.event_payload?.outbox_id) === outboxId);
        if (hit?.ts) return { channel: conv, ts: hit.ts };
        cursor = r.response_metadata?.next_cursor || undefined;
        if (!cursor) break;
      }
      return null;
    },
    async findUploaded(channel, outboxId, sinceMs) {
      const conv = await conversationFor(channel);
      for (let page = 1; page <= HISTORY_PAGES; page++) {
        const r = (await client.files.list({ channel: conv, ts_from: String(Math.floor(sinceMs / 1000) - 60), count: 200, page } as never)) as {
          files?: ListedFile[];
          paging?: { pages?: number };
        };
        const hits = (r.files ?? []).filter((f) => isUploadOf(f.name, outboxId)).map((f) => String(f.id));
        if (hits.length) return { channel: conv, file_ids: hits };
        if (page >= Number(r.paging?.pages ?? 1)) break;
      }
      return null;
    },
  };
}
