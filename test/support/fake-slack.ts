/**
 * A loopback fake of Slack's Web API: the only fake in the test suite. It records every call,
 * answers like Slack does, keeps posted messages so conversations.history works (crash recovery),
 * and can be told to answer errors, 5xx and 429 + Retry-After.
 */
import { once } from 'node:events';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mulberry32 } from '../../src/demo/prng';

export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  token?: string;
  at: number;
}

export type Fault =
  | { kind: 'error'; error: string }
  /** 5xx before posting: nothing happened */
  | { kind: 'status'; status: number }
  /** 5xx after posting: the call took effect (message recorded) but the caller is told it failed */
  | { kind: 'status-after'; status: number }
  | { kind: 'ratelimited'; retryAfterSec: number }
  /** never answer (the socket stays open until the client gives up or the fake closes) */
  | { kind: 'hang' }
  /**
   * answer normally, `ms` later. By default Slack also acts only then (it may land after the caller gave up);
   * `actFirst`: Slack acts at once and only the answer is late.
   */
  | { kind: 'slow'; ms: number; actFirst?: boolean };

/** Random faults on every write call (chat.*, files.completeUploadExternal), drawn from a seeded PRNG. */
export interface ChaosOptions {
  seed: number;
  /** probabilities per call; the rest are answered normally */
  p429?: number;
  p5xxBefore?: number;
  p5xxAfter?: number;
  pHang?: number;
  pSlow?: number;
  slowMs?: number;
  /**
   * Slow answers act at once (only the answer is late). A slow call that acts `slowMs` after the fake reads it can
   * land more than one request timeout after the caller gave up when the caller's process is starved (the fake shares
   * its event loop), which is beyond the window delivery promises to cover; acting at once keeps the chaos within it.
   */
  slowActsFirst?: boolean;
  retryAfterSec?: number;
  /**
   * Force each fault kind with a non-zero probability exactly once among the first N write calls, at positions drawn
   * from the seed, so every kind happens in every run however timing shifts the number of calls (the rest stay random).
   */
  eachKindWithin?: number;
}

export interface FakeChannel {
  id: string;
  name: string;
  is_private?: boolean;
  is_archived?: boolean;
  /** shared with another organisation (Slack Connect) */
  is_ext_shared?: boolean;
  /** shared with another workspace */
  is_shared?: boolean;
}

export interface FakeFile {
  id: string;
  name?: string;
  title?: string;
  channels: string[];
  timestamp: number;
}

export interface FakeUser {
  id: string;
  name?: string;
  email?: string;
  tz?: string;
  is_restricted?: boolean;
  is_ultra_restricted?: boolean;
  deleted?: boolean;
}

export interface StoredMessage {
  channel: string;
  ts: string;
  text?: string;
  blocks?: unknown;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  /** set on a thread reply: the parent's ts */
  thread_ts?: string;
}

export interface FakeSlack {
  /** Base URL to pass as slackApiUrl / SLACK_API_URL (ends with /api/). */
  url: string;
  calls: RecordedCall[];
  messages: StoredMessage[];
  users: Map<string, FakeUser>;
  /** conversations.list answers these (paged); seeded with #cs-leadership and #cs-escalations */
  channels: FakeChannel[];
  /** files shared by files.completeUploadExternal (files.list answers these) */
  files: FakeFile[];
  /** Add a channel, or replace the one with its id (conversations.list / conversations.info answer it). */
  upsertChannel(c: FakeChannel): void;
  callsTo(method: string): RecordedCall[];
  /** Queue faults for the next calls to `method` (FIFO, one per call). */
  failNext(method: string, fault: Fault, times?: number): void;
  /** Enforce at most `perSecond` chat.postMessage/chat.update per channel; excess gets 429 + Retry-After. */
  rateLimit(opts: { perSecond: number; retryAfterSec: number } | null): void;
  /** Random faults on write calls (null turns them off). */
  chaos(opts: ChaosOptions | null): void;
  /** Count of 429s answered. */
  rateLimited: number;
  /** Faults answered, by kind (chaos and failNext alike). */
  faultCounts: Record<string, number>;
  reset(): void;
  close(): Promise<void>;
}

const JSON_FIELDS = ['blocks', 'attachments', 'metadata', 'view', 'files', 'unfurl'];

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function parseArgs(req: IncomingMessage, body: Buffer): Record<string, unknown> {
  const type = req.headers['content-type'] ?? '';
  let args: Record<string, unknown> = {};
  if (type.includes('application/json')) {
    args = body.length ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {};
  } else if (type.includes('application/x-www-form-urlencoded')) {
    args = Object.fromEntries(new URLSearchParams(body.toString('utf8')));
  } else if (type.includes('multipart/form-data')) {
    args = { _multipart: true, _bytes: body.length };
  }
  for (const f of JSON_FIELDS) {
    const v = args[f];
    if (typeof v === 'string') {
      try {
        args[f] = JSON.parse(v);
      } catch {
        /* leave as string: the app sent something odd and the test will see it */
      }
    }
  }
  return args;
}

/** The channels a fresh fake workspace has (the config defaults name them). */
function defaultChannels(): FakeChannel[] {
  return [
    { id: 'C0LEADERS', name: 'cs-leadership' },
    { id: 'C0ESCALATE', name: 'cs-escalations', is_private: true },
    { id: 'C0GENERAL', name: 'general' },
  ];
}

/** The chaos fault kinds with their probabilities, in the order a random draw picks them. */
function chaosKinds(o: ChaosOptions): { p: number | undefined; fault: Fault }[] {
  return [
    { p: o.p429, fault: { kind: 'ratelimited', retryAfterSec: o.retryAfterSec ?? 1 } },
    { p: o.p5xxBefore, fault: { kind: 'status', status: 503 } },
    { p: o.p5xxAfter, fault: { kind: 'status-after', status: 500 } },
    { p: o.pHang, fault: { kind: 'hang' } },
    { p: o.pSlow, fault: { kind: 'slow', ms: o.slowMs ?? 500, actFirst: o.slowActsFirst } },
  ];
}

/** eachKindWithin: one call index in [0, N) per enabled kind, distinct, from the seeded PRNG. */
function forcedFaults(o: ChaosOptions, rand: () => number): Map<number, Fault> {
  const forced = new Map<number, Fault>();
  const kinds = chaosKinds(o).filter((k) => (k.p ?? 0) > 0);
  const n = o.eachKindWithin ?? 0;
  if (n <= 0) return forced;
  if (n < kinds.length) throw new Error(`eachKindWithin (${n}) must be at least the number of enabled fault kinds (${kinds.length})`);
  for (const k of kinds) {
    let i = Math.floor(rand() * n);
    while (forced.has(i)) i = (i + 1) % n;
    forced.set(i, k.fault);
  }
  return forced;
}

export async function startFakeSlack(): Promise<FakeSlack> {
  const calls: RecordedCall[] = [];
  const messages: StoredMessage[] = [];
  const users = new Map<string, FakeUser>();
  const faults = new Map<string, Fault[]>();
  const uploads = new Map<string, { bytes: number; filename?: string }>();
  const channels: FakeChannel[] = defaultChannels();
  const files: FakeFile[] = [];
  let chaos: (ChaosOptions & { rand: () => number; forced: Map<number, Fault>; calls: number }) | null = null;
  let limit: { perSecond: number; retryAfterSec: number } | null = null;
  const windowByChannel = new Map<string, number[]>();
  let tsCounter = 0;
  let fileCounter = 0;
  let port = 0;

  const fake: FakeSlack = {
    url: '',
    calls,
    messages,
    users,
    channels,
    files,
    upsertChannel(c) {
      const i = channels.findIndex((x) => x.id === c.id);
      if (i >= 0) channels[i] = c;
      else channels.push(c);
    },
    rateLimited: 0,
    faultCounts: {},
    callsTo: (m) => calls.filter((c) => c.method === m),
    failNext(method, fault, times = 1) {
      const q = faults.get(method) ?? [];
      for (let i = 0; i < times; i++) q.push(fault);
      faults.set(method, q);
    },
    rateLimit(opts) {
      limit = opts;
      windowByChannel.clear();
    },
    chaos(opts) {
      if (!opts) {
        chaos = null;
        return;
      }
      const rand = mulberry32(opts.seed);
      chaos = { ...opts, rand, forced: forcedFaults(opts, rand), calls: 0 };
    },
    reset() {
      calls.length = 0;
      messages.length = 0;
      files.length = 0;
      faults.clear();
      limit = null;
      chaos = null;
      fake.rateLimited = 0;
      fake.faultCounts = {};
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  }

  function nextTs(): string {
    tsCounter += 1;
    return `${1_700_000_000 + tsCounter}.${String(tsCounter).padStart(6, '0')}`;
  }

  function channelFor(args: Record<string, unknown>): string {
    const ch = String(args.channel ?? '');
    // Posting to a user id opens (or reuses) their DM, as Slack does; a #name is answered with the channel's id.
    if (ch.startsWith('#')) return channels.find((c) => `#${c.name}` === ch)?.id ?? ch;
    return /^[UW]/.test(ch) ? `D${ch.slice(1)}` : ch;
  }

  function answer(method: string, args: Record<string, unknown>): unknown {
    switch (method) {
      case 'auth.test':
        return { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T0001', team: 'Fake' };
      case 'chat.postMessage': {
        const channel = channelFor(args);
        const msg: StoredMessage = {
          channel,
          ts: nextTs(),
          text: args.text as string | undefined,
          blocks: args.blocks,
          metadata: args.metadata as StoredMessage['metadata'],
          ...(args.thread_ts ? { thread_ts: String(args.thread_ts) } : {}),
        };
        messages.push(msg);
        return { ok: true, channel, ts: msg.ts, message: { text: msg.text, ts: msg.ts, metadata: msg.metadata } };
      }
      case 'chat.update': {
        const m = messages.find((x) => x.channel === args.channel && x.ts === args.ts);
        if (!m) return { ok: false, error: 'message_not_found' };
        m.text = args.text as string | undefined;
        m.blocks = args.blocks;
        return { ok: true, channel: m.channel, ts: m.ts };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: nextTs() };
      case 'conversations.open': {
        const u = String(args.users ?? '').split(',')[0];
        return { ok: true, channel: { id: `D${u.slice(1)}` } };
      }
      case 'conversations.history': {
        const ch = String(args.channel ?? '');
        if (ch.startsWith('#')) return { ok: false, error: 'channel_not_found' }; // Slack wants an id here
        const oldest = args.oldest ? Number(args.oldest) : 0;
        const list = messages
          .filter((m) => m.channel === ch && Number(m.ts) >= oldest)
          .reverse()
          .map((m) => ({ type: 'message', ts: m.ts, text: m.text, metadata: m.metadata }));
        return page(list, args, 'messages');
      }
      case 'conversations.replies': {
        const ch = String(args.channel ?? '');
        const parent = String(args.ts ?? '');
        const list = messages
          .filter((m) => m.channel === ch && (m.ts === parent || m.thread_ts === parent))
          .map((m) => ({ type: 'message', ts: m.ts, thread_ts: m.thread_ts ?? m.ts, text: m.text, metadata: m.metadata }));
        return list.length ? page(list, args, 'messages') : { ok: false, error: 'thread_not_found' };
      }
      case 'conversations.list': {
        const types = String(args.types ?? 'public_channel').split(',');
        const list = channels.filter(
          (c) => types.includes(c.is_private ? 'private_channel' : 'public_channel') && !(c.is_archived && String(args.exclude_archived) === 'true'),
        );
        return page(list, args, 'channels');
      }
      case 'files.list': {
        const ch = args.channel ? String(args.channel) : null;
        const from = args.ts_from ? Number(args.ts_from) : 0;
        const list = files.filter((f) => (!ch || f.channels.includes(ch)) && f.timestamp >= from).reverse();
        const count = Number(args.count ?? 100);
        const pageNo = Number(args.page ?? 1);
        return {
          ok: true,
          files: list.slice((pageNo - 1) * count, pageNo * count),
          paging: { count, total: list.length, page: pageNo, pages: Math.max(1, Math.ceil(list.length / count)) },
        };
      }
      case 'conversations.info': {
        const id = String(args.channel ?? '');
        // Slack takes only ids here: a #name is not found, as in the real API.
        if (!/^[CGD][A-Z0-9]+$/.test(id)) return { ok: false, error: 'channel_not_found' };
        const c = channels.find((x) => x.id === id) ?? { id, name: id.toLowerCase() };
        return {
          ok: true,
          channel: {
            id,
            name: c.name ?? id.toLowerCase(),
            is_channel: id.startsWith('C'),
            is_ext_shared: Boolean(c.is_ext_shared),
            is_shared: Boolean(c.is_shared),
          },
        };
      }
      case 'users.info': {
        const u = users.get(String(args.user));
        return u ? { ok: true, user: { ...u, profile: { email: u.email } } } : { ok: false, error: 'user_not_found' };
      }
      case 'users.lookupByEmail': {
        const u = [...users.values()].find((x) => x.email === args.email);
        return u ? { ok: true, user: { ...u, profile: { email: u.email } } } : { ok: false, error: 'users_not_found' };
      }
      case 'views.publish':
      case 'views.open':
      case 'views.update':
      case 'views.push':
        return { ok: true, view: { id: `V${nextTs().replace('.', '')}`, ...(args.view as object) } };
      case 'files.getUploadURLExternal': {
        fileCounter += 1;
        const id = `F${String(fileCounter).padStart(6, '0')}`;
        uploads.set(id, { bytes: 0, filename: args.filename as string | undefined });
        return { ok: true, upload_url: `http://127.0.0.1:${port}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal': {
        const done = (args.files as { id: string; title?: string }[] | undefined) ?? [];
        const ch = args.channel_id ? String(args.channel_id) : null;
        for (const f of done) {
          files.push({ id: f.id, name: uploads.get(f.id)?.filename, title: f.title, channels: ch ? [ch] : [], timestamp: Math.floor(Date.now() / 1000) });
        }
        return { ok: true, files: done.map((f) => ({ id: f.id, title: f.title, size: uploads.get(f.id)?.bytes ?? 0 })) };
      }
      default:
        return { ok: true };
    }
  }

  /** Cursor paging like Slack's: `cursor` is an offset, `limit` the page size. */
  function page<T>(list: T[], args: Record<string, unknown>, field: string): unknown {
    const start = Number(args.cursor ?? 0) || 0;
    const size = Number(args.limit ?? 0) || list.length || 1;
    const next = start + size < list.length ? String(start + size) : '';
    return { ok: true, [field]: list.slice(start, start + size), has_more: next !== '', response_metadata: { next_cursor: next } };
  }

  function chaosFault(method: string): Fault | undefined {
    if (!chaos || !(method.startsWith('chat.') || method === 'files.completeUploadExternal')) return undefined;
    const forced = chaos.forced.get(chaos.calls++);
    let x = chaos.rand(); // one draw per call, forced or not: the random faults do not depend on where forced ones fall
    if (forced) return forced;
    const kinds = chaosKinds(chaos);
    for (const k of kinds) {
      x -= k.p ?? 0;
      if (x < 0) return k.fault;
    }
    return undefined;
  }

  const server: Server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://x');
      const body = await readBody(req);
      if (url.pathname.startsWith('/upload/')) {
        const id = url.pathname.slice('/upload/'.length);
        const u = uploads.get(id);
        if (u) u.bytes = body.length;
        calls.push({ method: 'upload', args: { file_id: id, bytes: body.length }, at: Date.now() });
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(`OK - ${body.length}`);
        return;
      }
      const method = url.pathname.replace(/^\/api\//, '');
      const args = parseArgs(req, body);
      const auth = req.headers.authorization;
      const token = typeof auth === 'string' ? auth.replace(/^Bearer /, '') : (args.token as string | undefined);
      delete args.token;
      calls.push({ method, args, token, at: Date.now() });

      const q = faults.get(method);
      const fault = q?.shift() ?? chaosFault(method);
      if (fault) fake.faultCounts[fault.kind] = (fake.faultCounts[fault.kind] ?? 0) + 1;
      if (fault?.kind === 'error') return send(res, 200, { ok: false, error: fault.error });
      if (fault?.kind === 'status') return send(res, fault.status, { ok: false, error: 'internal_error' });
      if (fault?.kind === 'ratelimited') {
        fake.rateLimited += 1;
        return send(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(fault.retryAfterSec) });
      }
      if (fault?.kind === 'hang') return; // the response is never written
      if (fault?.kind === 'status-after') {
        answer(method, args);
        return send(res, fault.status, { ok: false, error: 'internal_error' });
      }
      if (fault?.kind === 'slow' && !fault.actFirst) await new Promise((r) => setTimeout(r, fault.ms));
      if (limit && (method === 'chat.postMessage' || method === 'chat.update')) {
        const ch = channelFor(args);
        const now = Date.now();
        const w = (windowByChannel.get(ch) ?? []).filter((t) => now - t < 1000);
        if (w.length >= limit.perSecond) {
          fake.rateLimited += 1;
          windowByChannel.set(ch, w);
          return send(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(limit.retryAfterSec) });
        }
        w.push(now);
        windowByChannel.set(ch, w);
      }
      if (fault?.kind === 'slow' && fault.actFirst) {
        const body = answer(method, args);
        await new Promise((r) => setTimeout(r, fault.ms));
        return send(res, 200, body);
      }
      return send(res, 200, answer(method, args));
    } catch (e) {
      send(res, 500, { ok: false, error: String(e) });
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
  fake.url = `http://127.0.0.1:${port}/api/`;
  return fake;
}
