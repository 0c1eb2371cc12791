/**
 * Exactly once under ambiguity: timeouts, 5xx before and after Slack acted, failed recovery checks, bookkeeping that
 * hits SQLITE_BUSY after a successful post, uploads. Real SQLite, real WebClient, the loopback fake Slack.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Db, createDb } from '../../db';
import { evaluateAlerts } from '../../src/alerts/evaluate';
import { acknowledgeAlert } from '../../src/alerts/transitions';
import { enqueue } from '../../src/delivery/store/outbox';
import { loadPlaybooks } from '../../src/playbooks/load';
import { MANAGER, OWNER, seedAccount, seedScore, seedTeam, testConfig } from '../alerts/fixtures';
import { createDeliveryWebClient, createSlackTransport } from '../../src/delivery/transports/slack';
import { type DrainOptions, drainOutbox, startOutboxWorker } from '../../src/delivery/worker';
import { fixedClock } from '../../src/lib/clock';
import { testDb } from '../support/db';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack';

const T0 = '2026-11-23T10:00:00.000Z';
let fake: FakeSlack;
let db: Db;
let clock: ReturnType<typeof fixedClock>;
let logs: string[];

beforeAll(async () => {
  fake = await startFakeSlack();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.reset();
  db = testDb();
  clock = fixedClock(T0);
  logs = [];
});

const transport = (timeoutMs = 10_000) =>
  createSlackTransport(createDeliveryWebClient('xoxb-test', fake.url, timeoutMs), { channelId: (n) => fake.channels.find((c) => `#${c.name}` === n)?.id });
function opts(over: Partial<DrainOptions> = {}): DrainOptions {
  return {
    config: { perChannelIntervalMs: 0, backoffBaseMs: 1000, maxAttempts: 5, ...(over.config ?? {}) },
    clock,
    sleep: async (ms) => void clock.advance(ms), // waits advance the fixed clock: no real time passes
    random: () => 1,
    log: (l) => logs.push(l),
    until: 'empty',
    ...over,
  };
}
const post = (key: string, channel: string, d: Db = db) =>
  enqueue(d, { idempotencyKey: key, method: 'chat.postMessage', args: { channel, text: key } }, clock()).id;
const row = (id: number, d: Db = db) => d.$client.prepare('select * from outbox where id = ?').get(id) as Record<string, unknown>;
const textsIn = (channel: string) => fake.messages.filter((m) => m.channel === channel).map((m) => m.text);

describe('an unknown outcome is checked in Slack before any resend', () => {
  it('5xx AFTER Slack posted: found by its outbox id, recorded, never posted twice', async () => {
    const id = post('k1', 'C1');
    fake.failNext('chat.postMessage', { kind: 'status-after', status: 500 });
    const r = await drainOutbox(db, transport(), opts());
    expect(r).toMatchObject({ sent: 0, recovered: 1, failed: 0 });
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
    expect(fake.callsTo('conversations.history')).toHaveLength(1);
    expect(textsIn('C1')).toEqual(['k1']);
    expect(row(id)).toMatchObject({ status: 'sent', unsure: 1 });
    expect(JSON.parse(String(row(id).result))).toMatchObject({ recovered: true, ts: fake.messages[0].ts });
  });

  it('a thread reply answered 5xx after posting is looked up in its thread (conversations.replies)', async () => {
    const parent = await createDeliveryWebClient('xoxb-test', fake.url).chat.postMessage({ channel: 'C1', text: 'parent' });
    const id = enqueue(db, { idempotencyKey: 'reply', method: 'chat.postMessage', args: { channel: 'C1', thread_ts: parent.ts, text: 'reply' } }, clock()).id;
    fake.failNext('chat.postMessage', { kind: 'status-after', status: 500 });
    const r = await drainOutbox(db, transport(), opts());
    expect(r).toMatchObject({ recovered: 1, sent: 0 });
    expect(fake.callsTo('conversations.replies')[0].args).toMatchObject({ channel: 'C1', ts: parent.ts });
    expect(textsIn('C1')).toEqual(['parent', 'reply']);
    expect(row(id).status).toBe('sent');
  });

  it('5xx BEFORE posting: the check finds nothing and it is sent once', async () => {
    const id = post('k1', 'C1');
    fake.failNext('chat.postMessage', { kind: 'status', status: 503 });
    const r = await drainOutbox(db, transport(), opts());
    expect(r).toMatchObject({ sent: 1, recovered: 0 });
    expect(fake.callsTo('conversations.history')).toHaveLength(1);
    expect(textsIn('C1')).toEqual(['k1']);
    expect(row(id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('a hung call times out (delivery.requestTimeoutMs) and other channels are not held up', async () => {
    const hung = post('hung', 'C1');
    const others = ['C2', 'C3', 'C4'].map((c) => post(`to-${c}`, c));
    fake.failNext('chat.postMessage', { kind: 'hang' });
    const t0 = Date.now();
    const r = await drainOutbox(db, transport(400), opts({ sleep: async (ms) => void clock.advance(ms) }));
    expect(r.sent + r.recovered).toBe(4);
    // The other channels went out while C1 hung (they did not wait for its timeout).
    const at = (ch: string) => fake.calls.find((c) => c.method === 'chat.postMessage' && c.args.channel === ch)!.at;
    for (const c of ['C2', 'C3', 'C4']) expect(at(c) - t0).toBeLessThan(300);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(390);
    expect(textsIn('C1')).toEqual(['hung']); // the hung call never took effect: checked (absent), then sent once
    expect(fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C1')).toHaveLength(2);
    expect(row(hung)).toMatchObject({ status: 'sent' });
    for (const id of others) expect(row(id)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('a failed recovery check is retried with backoff until Slack answers (never abandoned, never sent blind)', async () => {
    const id = post('k1', 'C1');
    fake.failNext('chat.postMessage', { kind: 'status-after', status: 502 });
    fake.failNext('conversations.history', { kind: 'status', status: 503 }, 4);
    const r = await drainOutbox(db, transport(), opts({ config: { maxAttempts: 2, perChannelIntervalMs: 0, backoffBaseMs: 1000 } }));
    expect(r).toMatchObject({ recovered: 1, sent: 0, failed: 0 });
    expect(fake.callsTo('conversations.history')).toHaveLength(5);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
    expect(logs.filter((l) => l.includes(`outbox #${id}: delivery check failed (HTTP 503)`))).toHaveLength(4);
    // Failed checks are not attempts: maxAttempts (2) did not cut it short after 4 of them.
    expect(row(id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('crash recovery works for rows enqueued with a #channel name (resolved to the id for conversations.history)', async () => {
    const id = enqueue(db, { idempotencyKey: 'esc', method: 'chat.postMessage', args: { channel: '#cs-escalations', text: 'esc' } }, clock()).id;
    db.$client.prepare("update outbox set status = 'sending', claimed_by = 'dead', claimed_at = ?, attempts = 1").run(T0);
    await createDeliveryWebClient('xoxb-test', fake.url).chat.postMessage({
      channel: '#cs-escalations',
      text: 'esc',
      metadata: { event_type: 'bellwether_outbox', event_payload: { outbox_id: id } },
    });
    clock.advance(5 * 60_000);
    // No resolution passed in (the CLI's transport): it lists the channels itself on first need.
    const r = await drainOutbox(db, createSlackTransport(createDeliveryWebClient('xoxb-test', fake.url)), opts());
    expect(r).toMatchObject({ recovered: 1, sent: 0 });
    expect(fake.callsTo('conversations.list')).toHaveLength(1);
    expect(fake.callsTo('conversations.history')[0].args.channel).toBe('C0ESCALATE');
    expect(textsIn('C0ESCALATE')).toEqual(['esc']);
    expect(row(id).status).toBe('sent');
  });
});

/** An open alert whose owner copy (outbox row `copy.id`) already reached Slack, though the outbox does not know it. */
async function alertWithOwnerCopyInSlack() {
  const config = testConfig();
  seedTeam(db);
  seedAccount(db, 'acme', { name: 'Acme' });
  seedScore(db, 'acme', '2026-11-22', 40);
  evaluateAlerts(db, { config, playbooks: loadPlaybooks('playbooks'), now: clock() });
  const copy = db.$client
    .prepare('select s.post_outbox_id id from alert_messages m join slack_messages s on s.key = m.message_key where m.recipient = ?')
    .get(OWNER) as { id: number };
  const args = JSON.parse(String(row(copy.id).args)) as { channel: string; text: string };
  await createDeliveryWebClient('xoxb-test', fake.url).chat.postMessage({
    ...args,
    metadata: { event_type: 'bellwether_alert', event_payload: { alert_id: 1, outbox_id: copy.id } },
  });
  return { config, copy };
}

describe('late answers and content changes while unsure', () => {
  it('a call that got no answer is checked only after it could still land (a late post is not sent twice)', async () => {
    const id = post('k1', 'C1');
    fake.failNext('chat.postMessage', { kind: 'hang' }); // no answer: the 200 ms request timeout cuts it
    const givenUpAt = clock().getTime(); // the fixed clock does not move while the real call times out
    let landedAt: number | null = null;
    const r = await drainOutbox(
      db,
      transport(200),
      opts({
        config: { perChannelIntervalMs: 0, requestTimeoutMs: 200, backoffBaseMs: 10 },
        sleep: async (ms) => {
          clock.advance(ms);
          // The hung request reaches Slack late, 1 ms before one request timeout has passed since the worker gave up
          // on it: the last moment the design covers. A check any earlier would miss it and post again.
          if (landedAt === null && clock().getTime() - givenUpAt >= 199) {
            landedAt = clock().getTime() - givenUpAt;
            await createDeliveryWebClient('xoxb-test', fake.url).chat.postMessage(fake.callsTo('chat.postMessage')[0].args as never);
          }
        },
      }),
    );
    expect(landedAt).not.toBeNull();
    expect(r).toMatchObject({ recovered: 1, sent: 0 });
    expect(textsIn('C1')).toEqual(['k1']);
    expect(fake.callsTo('conversations.history')).toHaveLength(1);
    expect(row(id).last_error).toBeNull();
  });

  it('a click while a copy is unsure updates it with chat.update instead of rewriting the pending post', async () => {
    // The owner's copy went out (old content) but the answer was lost: the row is pending and unsure.
    const { config, copy } = await alertWithOwnerCopyInSlack();
    db.$client.prepare('update outbox set unsure = 1 where id = ?').run(copy.id);
    acknowledgeAlert(db, 1, { id: MANAGER, source: 'slack' }, { config, now: clock(), interactive: true });
    const r = await drainOutbox(db, transport(), opts());
    expect(r).toMatchObject({ recovered: 1 });
    const owner = fake.messages.filter((m) => m.channel === 'DOWNER1');
    expect(owner).toHaveLength(1);
    expect(JSON.stringify(owner[0].blocks)).toContain(`Acknowledged by <@${MANAGER}>`);
    expect(fake.callsTo('chat.update').map((c) => c.args.channel)).toEqual(['DOWNER1']);
  });
});

describe('updates deferred behind a copy in doubt', () => {
  it('go out once crash recovery has settled the copy (found in Slack → its ts is known → chat.update)', async () => {
    // A crashed worker left the owner's copy in 'sending' after Slack had posted it; then someone acknowledged.
    const { config, copy } = await alertWithOwnerCopyInSlack();
    db.$client.prepare("update outbox set status = 'sending', claimed_by = 'dead', claimed_at = ?, attempts = 1 where id = ?").run(T0, copy.id);
    acknowledgeAlert(db, 1, { id: MANAGER, source: 'slack' }, { config, now: clock(), interactive: true });
    const update = db.$client.prepare("select id from outbox where method = 'chat.update' and channel = ?").get(OWNER) as { id: number };
    expect(update).toBeDefined();
    // Before recovery the update can only wait (the copy's ts is unknown).
    const early = await drainOutbox(db, transport(), opts({ until: undefined, config: { perChannelIntervalMs: 0, staleClaimMs: 10 * 60_000 } }));
    expect(early.sent).toBe(1); // the manager's copy; the owner's update is deferred
    expect(row(update.id)).toMatchObject({ status: 'pending', last_error: 'waiting for the original message' });
    clock.advance(5 * 60_000);
    const r = await drainOutbox(db, transport(), opts({ config: { perChannelIntervalMs: 0, staleClaimMs: 60_000 } }));
    expect(r.recovered).toBe(1);
    expect(row(update.id).status).toBe('sent');
    const owner = fake.messages.filter((m) => m.channel === 'DOWNER1');
    expect(owner).toHaveLength(1);
    expect(JSON.stringify(owner[0].blocks)).toContain(`Acknowledged by <@${MANAGER}>`);
  });
});

describe('uploads are never uploaded twice', () => {
  function upload(key: string) {
    const dir = mkdtempSync(join(tmpdir(), 'bw-up-'));
    const file = join(dir, 'chart.png');
    writeFileSync(file, Buffer.alloc(64, 1));
    return enqueue(
      db,
      {
        idempotencyKey: key,
        method: 'files.uploadV2',
        args: { channel_id: 'C0LEADERS', file_path: file, filename: 'chart.png', title: 'Chart' },
        channel: 'C0LEADERS',
      },
      clock(),
    ).id;
  }

  it('5xx after the file was shared: files.list finds it by the outbox id in its name', async () => {
    const id = upload('u1');
    fake.failNext('files.completeUploadExternal', { kind: 'status-after', status: 500 });
    const r = await drainOutbox(db, transport(), opts());
    expect(r).toMatchObject({ recovered: 1, sent: 0 });
    expect(fake.files).toHaveLength(1);
    expect(fake.files[0]).toMatchObject({ name: `chart.o${id}.png`, channels: ['C0LEADERS'] });
    expect(fake.callsTo('files.list')[0].args.channel).toBe('C0LEADERS');
    expect(JSON.parse(String(row(id).result))).toMatchObject({ recovered: true, file_ids: [fake.files[0].id] });
  });

  it('a crash mid-upload: recovery looks before uploading again (shared → recorded; not shared → uploaded once)', async () => {
    const shared = upload('u1');
    const notShared = upload('u2');
    // The first made it to Slack before the crash, the second did not.
    fake.files.push({ id: 'F999', name: `chart.o${shared}.png`, title: 'Chart', channels: ['C0LEADERS'], timestamp: Math.floor(Date.parse(T0) / 1000) });
    db.$client.prepare("update outbox set status = 'sending', claimed_by = 'dead', claimed_at = ?, attempts = 1").run(T0);
    clock.advance(5 * 60_000);
    const r = await drainOutbox(db, transport(), opts());
    expect(r).toMatchObject({ recovered: 1, sent: 1 });
    expect(fake.files.map((f) => f.name).sort()).toEqual([`chart.o${notShared}.png`, `chart.o${shared}.png`].sort());
    expect(fake.callsTo('files.completeUploadExternal')).toHaveLength(1);
  });
});

describe('bookkeeping that fails after a successful send', () => {
  it('SQLITE_BUSY after Slack posted: the result is kept and the write retried; never sent twice', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'bw-busy-')), 'b.db');
    const fileDb = createDb(file);
    fileDb.$client.pragma('busy_timeout = 0'); // fail at once instead of waiting: the worst case
    const id = post('k1', 'C1', fileDb);
    // Another connection (a long import, say) takes the write lock while the post is in flight.
    const other = new Database(file);
    fake.failNext('chat.postMessage', { kind: 'slow', ms: 150 });
    const drained = drainOutbox(fileDb, transport(), { config: { perChannelIntervalMs: 0 }, until: 'empty', log: (l) => logs.push(l) });
    await new Promise((r) => setTimeout(r, 60));
    other.exec('begin immediate');
    await new Promise((r) => setTimeout(r, 500));
    other.exec('commit');
    const r = await drained;
    other.close();
    expect(r).toMatchObject({ sent: 1, failed: 0, retried: 0 });
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
    expect(logs.some((l) => l.includes(`outbox #${id}: recording its outcome failed (database is locked)`))).toBe(true);
    expect(row(id, fileDb)).toMatchObject({ status: 'sent', attempts: 1 });
    fileDb.$client.close();
  });
});

describe('bookkeeping that fails after an unknown outcome', () => {
  it('SQLITE_BUSY when putting a timed-out post back: retried, the row never stays sending, checked, sent once', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'bw-busy-')), 'b.db');
    const fileDb = createDb(file);
    fileDb.$client.pragma('busy_timeout = 0');
    const id = post('k1', 'C1', fileDb);
    const other = new Database(file);
    fake.failNext('chat.postMessage', { kind: 'hang' });
    const drained = drainOutbox(fileDb, transport(150), {
      config: { perChannelIntervalMs: 0, requestTimeoutMs: 150, backoffBaseMs: 10 },
      until: 'empty',
      log: (l) => logs.push(l),
    });
    await new Promise((r) => setTimeout(r, 60));
    other.exec('begin immediate'); // held across the timeout
    await new Promise((r) => setTimeout(r, 400));
    other.exec('commit');
    const r = await drained;
    other.close();
    expect(r).toMatchObject({ sent: 1, failed: 0 });
    expect(logs.some((l) => l.includes(`outbox #${id}: recording its outcome failed (database is locked)`))).toBe(true);
    expect(fake.callsTo('conversations.history')).toHaveLength(1);
    expect(textsIn('C1')).toEqual(['k1']);
    expect(row(id, fileDb)).toMatchObject({ status: 'sent', attempts: 2 });
    fileDb.$client.close();
  });
});

describe('shutdown', () => {
  it('stop() returns within delivery.stopGraceMs although a call hangs; the row is checked at the next start', async () => {
    const id = post('k1', 'C1');
    fake.failNext('chat.postMessage', { kind: 'hang' });
    const w = startOutboxWorker(db, transport(60_000), { config: { perChannelIntervalMs: 0, stopGraceMs: 200, staleClaimMs: 0 }, log: (l) => logs.push(l) });
    for (let i = 0; i < 200 && fake.callsTo('chat.postMessage').length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    const t0 = Date.now();
    await w.stop();
    expect(Date.now() - t0).toBeLessThan(1500);
    expect(row(id).status).toBe('sending');
    // Next start (another worker id): the orphaned claim is checked, not found, and sent once.
    const r = await drainOutbox(db, transport(), { config: { perChannelIntervalMs: 0, staleClaimMs: 0 }, until: 'empty', log: () => {} });
    expect(r).toMatchObject({ sent: 1 });
    expect(fake.callsTo('conversations.history')).toHaveLength(1);
    expect(textsIn('C1')).toEqual(['k1']);
  });
});
