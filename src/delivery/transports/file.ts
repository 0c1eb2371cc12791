import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type Transport, isUploadOf } from '../transport';

/** Synthetic message ts for posts carrying an outbox id: derived from the id, so recovery can rebuild it. */
const TS_BASE = 1_000_000_000;

function outboxIdOf(args: Record<string, unknown>): number | undefined {
  const id = (args.metadata as { event_payload?: { outbox_id?: unknown } } | undefined)?.event_payload?.outbox_id;
  return typeof id === 'number' ? id : undefined;
}

const dmChannel = (ch: string) => (/^[UW][A-Z0-9]+$/.test(ch) ? `D${ch.slice(1)}` : ch);

/**
 * Offline transport: every Web API call becomes one JSON line {"method", "args"} in the outbox file, and the call
 * "succeeds" with a synthetic channel/ts so the rest of the pipeline (message keys, chat.update) works unchanged.
 * The append is synchronous, so after a crash a line either exists or not: findPosted can tell.
 */
export function createFileTransport(outboxFilePath: string): Transport {
  let seq = 0;
  mkdirSync(dirname(outboxFilePath), { recursive: true });
  const freshTs = () => {
    seq += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(seq % 1_000_000).padStart(6, '0')}`;
  };
  /** The JSON records of the outbox file that contain `needle` (a torn last line from a crash is skipped: not delivered). */
  function* records(needle: string): Generator<{ method: string; args: Record<string, unknown> }> {
    if (!existsSync(outboxFilePath)) return;
    for (const line of readFileSync(outboxFilePath, 'utf8').split('\n')) {
      if (!line.includes(needle)) continue;
      try {
        yield JSON.parse(line) as { method: string; args: Record<string, unknown> };
      } catch {
        /* torn line */
      }
    }
  }
  return {
    kind: 'file',
    async call(method, args) {
      appendFileSync(outboxFilePath, `${JSON.stringify({ method, args })}\n`);
      if (method === 'files.uploadV2') return { channel: String(args.channel_id ?? '') };
      const channel = dmChannel(String(args.channel ?? args.user_id ?? ''));
      if (method === 'chat.update') return { channel, ts: String(args.ts) };
      const oid = outboxIdOf(args);
      return { channel, ts: oid === undefined ? freshTs() : `${TS_BASE + oid}.000000` };
    },
    async findPosted(channel, outboxId) {
      for (const rec of records(`"outbox_id":${outboxId}`)) {
        if (outboxIdOf(rec.args) === outboxId) return { channel: dmChannel(channel), ts: `${TS_BASE + outboxId}.000000` };
      }
      return null;
    },
    async findUploaded(channel, outboxId) {
      for (const rec of records(`.o${outboxId}`)) {
        if (rec.method === 'files.uploadV2' && isUploadOf(String(rec.args.filename ?? ''), outboxId)) return { channel, file_ids: [] };
      }
      return null;
    },
  };
}
