import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db';
import { evaluateAlerts } from '../../src/alerts/evaluate';
import { acknowledgeAlert } from '../../src/alerts/transitions';
import { enqueue } from '../../src/delivery/store/outbox';
import { outboxEnqueued } from '../../src/delivery/kick';
import { createFileTransport } from '../../src/delivery/transports/file';
import { createDeliveryWebClient, createSlackTransport } from '../../src/delivery/transports/slack';
import { type DrainOptions, drainOutbox, startOutboxWorker } from '../../src/delivery/worker';
import { fixedClock } from '../../src/lib/clock';
import { loadPlaybooks } from '../../src/playbooks/load';
import { assertWithinBlockKitLimits } from '../support/blockkit-limits';
import { testDb } from '../support/db';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack';
import { MANAGER, OWNER, outboxRows, seedAccount, seedScore, seedTeam, testConfig } from '../alerts/fixtures';

const T0 = '2026-11-23T10:00:00.000Z';
let fake: FakeSlack;
let db: Db;
let clock: ReturnType<typeof fixedClock>;
let logs: string[];
let sleeps: number[];
const playbooks = loadPlaybooks('playbooks');
const config = testConfig();

beforeAll(async () => {
  fake = await startFakeSlack();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.reset();
  db = testDb();
  clock = fixedClock(T0);
  logs = [];
  sleeps = [];
});

const transport = () => createSlackTransport(createDeliveryWebClient('xoxb-test', fake.url));
function opts(over: Partial<DrainOptions> = {}): DrainOptions {
  return {
    config: { perChannelIntervalMs: 0, backoffBaseMs: 1000, maxAttempts: 5, ...(over.config ?? {}) },
    clock,
    // waiting advances the fixed clock: no real time passes in these tests
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.advance(ms);
    },
    random: () => 1,
    log: (l) => logs.push(l),
    ...over,
  };
}
const post = (key: string, channel: string, text = key) =>
  enqueue(db, { idempotencyKey: key, method: 'chat.postMessage', args: { channel, text } }, clock()).id;
const row = (id: number) => outboxRows(db, `id = ${id}`)[0];

function openAlert() {
  seedTeam(db);
  seedAccount(db, 'acme', { name: 'Acme' });
  seedScore(db, 'acme', '2026-11-22', 40);
  evaluateAlerts(db, { config, playbooks, now: clock() });
}

describe('drainOutbox against the fake Slack API', () => {
  it('sends, records {channel, ts} on the row and on the message key, and stamps the outbox id into metadata', async () => {
    openAlert();
    const r = await drainOutbox(db, transport(), opts());
    expect(r).toMatchObject({ sent: 2, failed: 0, retried: 0 });
    const calls = fake.callsTo('chat.postMessage');
    expect(calls.map((c) => c.args.channel)).toEqual([OWNER, MANAGER]);
    expect(calls[0].token).toBe('xoxb-test');
    for (const c of calls) assertWithinBlockKitLimits(c.args, 'message');
    expect(calls[0].args.metadata).toEqual({ event_type: 'bellwether_alert', event_payload: { alert_id: 1, outbox_id: 1 } });
    expect(JSON.parse(row(1).result!)).toEqual({ channel: 'DOWNER1', ts: fake.messages[0].ts });
    const copies = db.$client
      .prepare('select m.recipient, s.channel, s.ts from alert_messages m join slack_messages s on s.key = m.message_key order by m.id')
      .all();
    expect(copies).toEqual([
      { recipient: OWNER, channel: 'DOWNER1', ts: fake.messages[0].ts },
      { recipient: MANAGER, channel: 'DMGR1', ts: fake.messages[1].ts },
    ]);
  });

  it('an acknowledgement becomes chat.update of every copy, addressed by the stored channel + ts', async () => {
    openAlert();
    await drainOutbox(db, transport(), opts());
    acknowledgeAlert(db, 1, { id: MANAGER, source: 'slack' }, { config, now: clock() });
    const r = await drainOutbox(db, transport(), opts());
    expect(r.sent).toBe(2);
    const ups = fake.callsTo('chat.update');
    expect(ups.map((u) => [u.args.channel, u.args.ts])).toEqual([
      ['DOWNER1', fake.messages[0].ts],
      ['DMGR1', fake.messages[1].ts],
    ]);
    expect(ups[0].args._resolve).toBeUndefined();
    for (const m of fake.messages) expect(JSON.stringify(m.blocks)).toContain(`Acknowledged by <@${MANAGER}>`);
  });

  it('a chat.update waits (without spending attempts) until its original post is delivered', async () => {
    openAlert();
    db.$client.prepare("update outbox set available_at = '2026-11-23T12:00:00.000Z' where id = 1").run(); // owner DM delayed
    db.$client.prepare("update outbox set status = 'sent' where id = 2").run();
    db.$client.prepare("update slack_messages set channel = 'DMGR1', ts = '1.2' where address = ?").run(MANAGER);
    fake.messages.push({ channel: 'DMGR1', ts: '1.2', text: 'x' });
    // the owner's copy is still pending → it is re-rendered in place; force the in-flight case instead:
    db.$client.prepare("update outbox set status = 'sending', claimed_by = 'other', claimed_at = ? where id = 1").run(T0);
    acknowledgeAlert(db, 1, { id: OWNER, source: 'slack' }, { config, now: clock() });
    const ownerUpdate = outboxRows(db, `method = 'chat.update' and channel = '${OWNER}'`)[0];
    await drainOutbox(db, transport(), opts());
    expect(row(ownerUpdate.id)).toMatchObject({ status: 'pending', attempts: 0, last_error: 'waiting for the original message' });
    expect(fake.callsTo('chat.update').map((c) => c.args.channel)).toEqual(['DMGR1']);
  });

  it('429: honours Retry-After, does not count it as an attempt, then delivers', async () => {
    const id = post('k1', 'C1');
    fake.failNext('chat.postMessage', { kind: 'ratelimited', retryAfterSec: 3 });
    const r1 = await drainOutbox(db, transport(), opts());
    expect(r1).toMatchObject({ sent: 0, retried: 1 });
    expect(row(id)).toMatchObject({ status: 'pending', attempts: 0, available_at: '2026-11-23T10:00:03.000Z' });
    expect(row(id).last_error).toContain('retry after 3000 ms');
    clock.advance(2999);
    expect((await drainOutbox(db, transport(), opts())).sent).toBe(0);
    clock.advance(1);
    expect((await drainOutbox(db, transport(), opts())).sent).toBe(1);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(2);
  });

  it('429 blocks the whole channel for Retry-After, other channels carry on', async () => {
    post('a1', 'C1');
    post('a2', 'C1');
    post('b1', 'C2');
    fake.failNext('chat.postMessage', { kind: 'ratelimited', retryAfterSec: 5 });
    const r = await drainOutbox(db, transport(), opts());
    expect(r).toMatchObject({ sent: 1, retried: 1 });
    expect(fake.callsTo('chat.postMessage').map((c) => c.args.channel)).toEqual(['C1', 'C2']);
    const all = await drainOutbox(db, transport(), opts({ until: 'empty' }));
    expect(all.sent).toBe(2);
    expect(fake.messages.filter((m) => m.channel === 'C1').map((m) => m.text)).toEqual(['a1', 'a2']); // order kept
  });

  it('5xx: exponential backoff with jitter until it succeeds', async () => {
    const id = post('k1', 'C1');
    fake.failNext('chat.postMessage', { kind: 'status', status: 500 }, 2);
    const r = await drainOutbox(db, transport(), opts({ until: 'empty' }));
    expect(r).toMatchObject({ sent: 1, retried: 2, failed: 0 });
    expect(row(id)).toMatchObject({ status: 'sent', attempts: 3 });
    expect(sleeps.reduce((a, b) => a + b, 0)).toBe(3000); // backoff 1s then 2s (random = 1: full jitter band)
    expect(clock().toISOString()).toBe('2026-11-23T10:00:03.000Z');
  });

  it('gives up after maxAttempts with the last reason', async () => {
    const id = post('k1', 'C1');
    fake.failNext('chat.postMessage', { kind: 'status', status: 503 }, 10);
    const r = await drainOutbox(db, transport(), opts({ until: 'empty', config: { maxAttempts: 3 } }));
    expect(r).toMatchObject({ sent: 0, failed: 1, retried: 2 });
    expect(row(id)).toMatchObject({ status: 'failed', attempts: 3, last_error: 'gave up after 3 attempts: HTTP 503' });
    expect(logs.join('\n')).toContain(`outbox #${id} chat.postMessage to C1 failed: gave up after 3 attempts`);
  });

  it.each(['channel_not_found', 'not_in_channel', 'user_not_found', 'account_inactive', 'invalid_blocks', 'is_archived'])(
    'permanent error %s: failed once with the reason, never retried',
    async (error) => {
      const id = post('k1', 'C1');
      fake.failNext('chat.postMessage', { kind: 'error', error });
      const r = await drainOutbox(db, transport(), opts({ until: 'empty' }));
      expect(r).toMatchObject({ sent: 0, failed: 1, retried: 0 });
      expect(row(id)).toMatchObject({ status: 'failed', attempts: 1, last_error: error });
      expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
      expect(logs[0]).toContain(error);
    },
  );

  it('updates of a copy whose post failed permanently fail with that reason', async () => {
    openAlert();
    fake.failNext('chat.postMessage', { kind: 'error', error: 'user_not_found' });
    await drainOutbox(db, transport(), opts());
    db.$client.prepare("update outbox set status = 'sending' where id = 1").run(); // as if in flight when the click came
    db.$client.prepare("update outbox set status = 'failed', last_error = 'user_not_found' where id = 1").run();
    acknowledgeAlert(db, 1, { id: MANAGER, source: 'slack' }, { config, now: clock() });
    await drainOutbox(db, transport(), opts());
    const ups = outboxRows(db, "method = 'chat.update'");
    expect(ups.map((u) => [u.channel, u.status])).toEqual([[MANAGER, 'sent']]); // failed copy gets no update at all
  });

  it('a newer chat.update supersedes an older one that has not gone out (a late retry never overwrites newer content)', async () => {
    openAlert();
    await drainOutbox(db, transport(), opts());
    acknowledgeAlert(db, 1, { id: OWNER, source: 'slack' }, { config, now: clock() });
    const older = outboxRows(db, "method = 'chat.update'").map((u) => u.id);
    fake.failNext('chat.update', { kind: 'status', status: 500 }, 2);
    await drainOutbox(db, transport(), opts()); // both updates fail once → backoff
    const { snoozeAlert } = await import('../../src/alerts/transitions');
    expect(snoozeAlert(db, 1, 7, { id: OWNER, source: 'slack' }, { config, now: clock() }).ok).toBe(true);
    clock.advance(60_000);
    const r = await drainOutbox(db, transport(), opts());
    expect(r.superseded).toBe(2);
    for (const id of older) expect(JSON.parse(row(id).result!)).toMatchObject({ skipped: expect.stringContaining('superseded by outbox #') });
    const final = fake.callsTo('chat.update').slice(-2);
    for (const c of final) expect(JSON.stringify(c.args.blocks)).toContain(':zzz: Snoozed until');
    for (const m of fake.messages) expect(JSON.stringify(m.blocks)).toContain(':zzz: Snoozed until');
  });

  it('paces each channel (~1/s) while different channels go in parallel', async () => {
    for (let i = 0; i < 3; i++) post(`a${i}`, 'C1');
    for (let i = 0; i < 3; i++) post(`b${i}`, 'C2');
    const inner = transport();
    const sends: [string, number][] = [];
    const recording = { ...inner, call: (m: string, a: Record<string, unknown>) => (sends.push([String(a.channel), clock().getTime()]), inner.call(m, a)) };
    const r = await drainOutbox(db, recording, opts({ config: { perChannelIntervalMs: 1000 } }));
    expect(r.sent).toBe(6);
    for (const ch of ['C1', 'C2']) {
      const times = sends.filter(([c]) => c === ch).map(([, t]) => t);
      expect(times).toHaveLength(3);
      for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(1000);
    }
    // the two lanes interleave rather than one channel finishing before the other starts
    expect(sends.map(([c]) => c).join(',')).not.toBe('C1,C1,C1,C2,C2,C2');
  });

  it('unsupported methods fail with a clear reason', async () => {
    const { id } = enqueue(db, { idempotencyKey: 'x', method: 'chat.delete', args: { channel: 'C1', ts: '1' } }, clock());
    await drainOutbox(db, transport(), opts());
    expect(row(id)).toMatchObject({ status: 'failed', last_error: 'unsupported method chat.delete' });
  });

  it('files.uploadV2 reads the file next to the outbox and uploads it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'up-'));
    const file = join(dir, 'chart.png');
    writeFileSync(file, Buffer.alloc(2048, 7));
    const { id } = enqueue(
      db,
      {
        idempotencyKey: 'f',
        method: 'files.uploadV2',
        args: { channel_id: 'C9', file_path: file, filename: 'chart.png', title: 'Chart', initial_comment: 'hi' },
        channel: 'C9',
      },
      clock(),
    );
    const missing = enqueue(
      db,
      { idempotencyKey: 'g', method: 'files.uploadV2', args: { channel_id: 'C9', file_path: join(dir, 'nope.png'), filename: 'n.png' }, channel: 'C9' },
      clock(),
    ).id;
    await drainOutbox(db, transport(), opts());
    expect(row(id).status).toBe('sent');
    expect(fake.callsTo('upload')[0].args.bytes).toBeGreaterThanOrEqual(2048);
    expect(fake.callsTo('files.completeUploadExternal')[0].args.channel_id).toBe('C9');
    expect(row(missing)).toMatchObject({ status: 'failed' });
    expect(row(missing).last_error).toContain('ENOENT');
  });

  it('startOutboxWorker delivers when kicked and stops cleanly', async () => {
    const w = startOutboxWorker(db, transport(), { config: { perChannelIntervalMs: 0, pollIntervalMs: 60_000 }, log: (l) => logs.push(l) });
    enqueue(db, { idempotencyKey: 'k1', method: 'chat.postMessage', args: { channel: 'C1', text: 'x' } }, new Date());
    outboxEnqueued();
    for (let i = 0; i < 200 && fake.callsTo('chat.postMessage').length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    await w.stop();
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
  });
});

describe('crash recovery of rows left in sending', () => {
  it('finds a post that reached Slack (by outbox id in metadata) and records it instead of sending again', async () => {
    const delivered = post('k1', OWNER);
    const lost = post('k2', OWNER);
    // a crashed worker claimed both; only the first reached Slack before the crash
    db.$client.prepare("update outbox set status = 'sending', claimed_by = 'dead', claimed_at = ?, attempts = 1").run(T0);
    const client = createDeliveryWebClient('xoxb-test', fake.url);
    await client.chat.postMessage({ channel: OWNER, text: 'k1', metadata: { event_type: 'bellwether_outbox', event_payload: { outbox_id: delivered } } });
    clock.advance(5 * 60_000);
    const r = await drainOutbox(db, transport(), opts());
    expect(r).toMatchObject({ recovered: 1, sent: 1 });
    expect(fake.callsTo('conversations.open').length).toBeGreaterThan(0); // DM: open it to read its history
    expect(fake.callsTo('conversations.history').length).toBeGreaterThan(0);
    expect(fake.messages.filter((m) => m.channel === 'DOWNER1').map((m) => m.text)).toEqual(['k1', 'k2']);
    expect(row(delivered)).toMatchObject({ status: 'sent' });
    expect(JSON.parse(row(delivered).result!)).toMatchObject({ recovered: true, ts: fake.messages[0].ts });
    expect(row(lost).status).toBe('sent');
  });

  it('leaves fresh claims alone (the lease has not expired)', async () => {
    const id = post('k1', 'C1');
    db.$client.prepare("update outbox set status = 'sending', claimed_by = 'alive', claimed_at = ?").run(T0);
    clock.advance(10_000);
    await drainOutbox(db, transport(), opts());
    expect(row(id).status).toBe('sending');
    expect(fake.callsTo('chat.postMessage')).toHaveLength(0);
  });
});

describe('offline file transport', () => {
  it('writes one {"method","args"} JSON line per call and the alert flow (post, then update) works end to end', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ob-')), 'data', 'outbox.jsonl');
    openAlert();
    await drainOutbox(db, createFileTransport(file), opts());
    acknowledgeAlert(db, 1, { id: OWNER, source: 'slack' }, { config, now: clock() });
    await drainOutbox(db, createFileTransport(file), opts());
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { method: string; args: Record<string, unknown> });
    expect(lines.map((l) => `${l.method} ${l.args.channel}`)).toEqual([
      `chat.postMessage ${OWNER}`,
      `chat.postMessage ${MANAGER}`,
      'chat.update DOWNER1',
      'chat.update DMGR1',
    ]);
    expect(Object.keys(lines[0]).sort()).toEqual(['args', 'method']);
    expect(lines[2].args.ts).toBe('1000000001.000000');
    // recovery in file mode: the line is there, so it is not written twice
    db.$client.prepare("update outbox set status = 'sending', claimed_by = 'dead', claimed_at = ? where id = 1").run(T0);
    clock.advance(10 * 60_000);
    const r = await drainOutbox(db, createFileTransport(file), opts());
    expect(r.recovered).toBe(1);
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(4);
  });
});

describe('window guard (real time, a few seconds)', () => {
  it('never exceeds the per-channel limit even with in-flight sends: 0 × 429 from a fake enforcing 4/s', async () => {
    const realDb = testDb();
    for (let i = 0; i < 10; i++) enqueue(realDb, { idempotencyKey: `w${i}`, method: 'chat.postMessage', args: { channel: 'CWIN', text: `m${i}` } }, new Date());
    fake.rateLimit({ perSecond: 4, retryAfterSec: 1 });
    const r = await drainOutbox(realDb, transport(), { config: { perChannelIntervalMs: 250, maxInFlightPerChannel: 2 }, until: 'empty', log: () => {} });
    fake.rateLimit(null);
    expect(r).toMatchObject({ sent: 10, retried: 0 });
    expect(fake.rateLimited).toBe(0);
    // (two in flight may swap neighbours under load; every message arrives exactly once)
    expect(fake.messages.map((m) => String(m.text)).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `m${i}`).sort());
  });
});
