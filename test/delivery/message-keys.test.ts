/**
 * Message keys: a caller posts as K, updates K and replies in K's thread without ever handling a ts; delivery keeps
 * (key, channel, ts). Round trips against the loopback fake Slack, including lost answers (unsure posts found by
 * their metadata) and a worker that died mid-send, so every message exists once and every update lands on it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db';
import { locate, messageOf, messageStates, postAs, replyInThread, updateMessage } from '../../src/delivery/store/messages';
import { createDeliveryWebClient, createSlackTransport } from '../../src/delivery/transports/slack';
import { type DrainOptions, drainOutbox } from '../../src/delivery/worker';
import { fixedClock } from '../../src/lib/clock';
import { testDb } from '../support/db';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack';

const T0 = '2026-11-23T10:00:00.000Z';
const K = 'case:7:UALICE';
let fake: FakeSlack;
let db: Db;
let clock: ReturnType<typeof fixedClock>;

beforeAll(async () => {
  fake = await startFakeSlack();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.reset();
  db = testDb();
  clock = fixedClock(T0);
});

const transport = () => createSlackTransport(createDeliveryWebClient('xoxb-test', fake.url));
const opts = (over: Partial<DrainOptions> = {}): DrainOptions => ({
  config: { perChannelIntervalMs: 0, backoffBaseMs: 1000, maxAttempts: 5, staleClaimMs: 60_000 },
  clock,
  sleep: async (ms) => void clock.advance(ms), // waits advance the fixed clock: no real time passes
  random: () => 1,
  log: () => undefined,
  until: 'empty',
  ...over,
});
const drain = () => drainOutbox(db, transport(), opts());
const dm = () => fake.messages.filter((m) => m.channel === 'DALICE');
const topLevel = () => dm().filter((m) => !m.thread_ts);
const post = (text = 'v1') => postAs(db, K, 'UALICE', { text }, {}, clock());

describe('post as K, update K, reply in K’s thread', () => {
  it('round trip: the post’s channel and ts are kept under K, and the update and reply find them', async () => {
    expect(post()).toBe(true);
    await drain();
    const m = messageOf(db, K)!;
    expect(m).toMatchObject({ key: K, address: 'UALICE', channel: 'DALICE', ts: topLevel()[0].ts });

    expect(updateMessage(db, K, { text: 'v2' }, 'r2', {}, clock())).toBe('queued');
    expect(replyInThread(db, K, 'nudge', { text: 'a reply' }, {}, clock())).toBe(true);
    await drain();
    expect(topLevel()).toHaveLength(1);
    expect(topLevel()[0].text).toBe('v2');
    const replies = dm().filter((x) => x.thread_ts);
    expect(replies).toEqual([expect.objectContaining({ text: 'a reply', thread_ts: m.ts })]);
    expect(fake.callsTo('chat.update')[0].args).toMatchObject({ channel: 'DALICE', ts: m.ts, text: 'v2' });
  });

  it('posting K again, or asking for the same revision or reply again, queues nothing', async () => {
    expect(post()).toBe(true);
    expect(post('other')).toBe(false);
    await drain();
    expect(updateMessage(db, K, { text: 'v2' }, 'r2', {}, clock())).toBe('queued');
    expect(updateMessage(db, K, { text: 'v2' }, 'r2', {}, clock())).toBe('unchanged');
    expect(replyInThread(db, K, 'nudge', { text: 'hi' }, {}, clock())).toBe(true);
    expect(replyInThread(db, K, 'nudge', { text: 'hi' }, {}, clock())).toBe(false);
    await drain();
    expect(fake.callsTo('chat.postMessage')).toHaveLength(2); // the post and one reply
    expect(fake.callsTo('chat.update')).toHaveLength(1);
  });

  it('an update before the post went out changes the waiting post in place (no chat.update)', async () => {
    post('v1');
    expect(updateMessage(db, K, { text: 'v2' }, 'r2', {}, clock())).toBe('replaced');
    await drain();
    expect(topLevel().map((x) => x.text)).toEqual(['v2']);
    expect(fake.callsTo('chat.update')).toHaveLength(0);
  });

  it('of two updates queued while the post is in flight only the newer is sent', async () => {
    post('v1');
    db.$client.prepare("update outbox set status = 'sending', claimed_by = 'me', claimed_at = ? where id = 1").run(T0);
    updateMessage(db, K, { text: 'v2' }, 'r2', {}, clock());
    updateMessage(db, K, { text: 'v3' }, 'r3', {}, clock());
    db.$client.prepare("update outbox set status = 'pending', claimed_by = null, claimed_at = null where id = 1").run();
    const r = await drain();
    expect(r.superseded).toBe(1);
    expect(fake.callsTo('chat.update').map((c) => c.args.text)).toEqual(['v3']);
    expect(topLevel().map((x) => x.text)).toEqual(['v3']);
  });

  it('a post whose answer was lost (5xx after Slack posted) is found by its metadata; update and reply land on it', async () => {
    post('v1');
    fake.failNext('chat.postMessage', { kind: 'status-after', status: 500 });
    updateMessage(db, K, { text: 'v2' }, 'r2', {}, clock()); // in place: the post is unsure, so this is an update
    replyInThread(db, K, 'nudge', { text: 'a reply' }, {}, clock());
    const r = await drain();
    expect(r).toMatchObject({ recovered: 1, failed: 0 });
    expect(topLevel()).toHaveLength(1); // never posted twice
    const m = messageOf(db, K)!;
    expect(m.ts).toBe(topLevel()[0].ts);
    expect(topLevel()[0].text).toBe('v2');
    expect(dm().filter((x) => x.thread_ts)).toEqual([expect.objectContaining({ text: 'a reply', thread_ts: m.ts })]);
  });

  it('a worker that died after Slack took the post: recovery finds it, K gets its ts, nothing is posted again', async () => {
    post('v1');
    // The dead worker's send reached Slack (carrying its outbox id), then the process died before recording it.
    const landed = await createDeliveryWebClient('xoxb-test', fake.url).chat.postMessage({
      channel: 'UALICE',
      text: 'v1',
      metadata: { event_type: 'bellwether_outbox', event_payload: { outbox_id: 1 } },
    });
    db.$client.prepare("update outbox set status = 'sending', attempts = 1, claimed_by = 'dead', claimed_at = '2026-11-23T09:00:00.000Z' where id = 1").run();
    replyInThread(db, K, 'nudge', { text: 'a reply' }, {}, clock());
    await drain();
    expect(topLevel()).toHaveLength(1);
    expect(messageOf(db, K)).toMatchObject({ channel: 'DALICE', ts: landed.ts });
    expect(
      dm()
        .filter((x) => x.thread_ts)
        .map((x) => x.thread_ts),
    ).toEqual([landed.ts]);
  });

  it('a post that failed for good has nothing to update or reply to; a queued reply fails with the reason', async () => {
    post('v1');
    replyInThread(db, K, 'early', { text: 'queued before the failure' }, {}, clock());
    fake.failNext('chat.postMessage', { kind: 'error', error: 'channel_not_found' });
    const r = await drain();
    expect(r.failed).toBe(2);
    expect(messageStates(db, [K]).get(K)).toBe('failed');
    expect(updateMessage(db, K, { text: 'v2' }, 'r2', {}, clock())).toBe('none');
    expect(replyInThread(db, K, 'late', { text: 'x' }, {}, clock())).toBe(false);
    expect(db.$client.prepare('select last_error from outbox where id = 2').get()).toEqual({
      last_error: 'original message was not delivered: channel_not_found',
    });
    expect(locate(db, 'no-such-key')).toEqual({ found: false });
  });
});
