/**
 * Lanes: a new channel's lane starts at once (kick while draining), and a click's chat.update goes ahead of any
 * backlog — over signed HTTP into the real Bolt app, the outbox, the long-running worker, the fake Slack API.
 * Real time, paced sends (a few seconds).
 */
import { LogLevel } from '@slack/bolt';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db';
import { ActionIds } from '../../blocks/action-ids';
import { evaluateAlerts } from '../../src/alerts/evaluate';
import { getAlert } from '../../src/alerts/store';
import { enqueue } from '../../src/delivery/store/outbox';
import { outboxEnqueued } from '../../src/delivery/kick';
import { createDeliveryWebClient, createSlackTransport } from '../../src/delivery/transports/slack';
import { type OutboxWorker, drainOutbox, startOutboxWorker } from '../../src/delivery/worker';
import { fixedClock } from '../../src/lib/clock';
import { loadPlaybooks } from '../../src/playbooks/load';
import { type SlackAppHandle, createSlackApp } from '../../src/slack/app';
import { MANAGER, OWNER, seedAccount, seedScore, seedTeam, testConfig } from '../alerts/fixtures';
import { testDb } from '../support/db';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack';
import { messageClick } from '../support/block-actions';
import { postInteraction } from '../support/signed-request';

const SECRET = 'lanes-test-secret';
let fake: FakeSlack;
let db: Db;
let worker: OutboxWorker | undefined;
const transport = () => createSlackTransport(createDeliveryWebClient('xoxb-test', fake.url));

beforeAll(async () => {
  fake = await startFakeSlack();
});
afterAll(() => fake.close());
beforeEach(async () => {
  await worker?.stop();
  worker = undefined;
  fake.reset();
  db = testDb();
});

async function until(cond: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
const postsTo = (ch: string) => fake.callsTo('chat.postMessage').filter((c) => c.args.channel === ch);
const backlog = (channel: string, n: number) => {
  for (let i = 0; i < n; i++)
    enqueue(db, { idempotencyKey: `${channel}:${i}`, method: 'chat.postMessage', args: { channel, text: `${channel} ${i}` } }, new Date());
};

describe('lanes', () => {
  it('a row for a new channel, enqueued while another channel drains, starts its lane at once', async () => {
    backlog('C1', 15);
    worker = startOutboxWorker(db, transport(), { config: { perChannelIntervalMs: 100, pollIntervalMs: 60_000 }, log: () => {} });
    await until(() => postsTo('C1').length >= 2, 'C1 draining');
    enqueue(db, { idempotencyKey: 'c2', method: 'chat.postMessage', args: { channel: 'C2', text: 'new channel' } }, new Date());
    outboxEnqueued();
    await until(() => postsTo('C2').length === 1, 'C2');
    // C1 is still draining: C2 did not wait for C1's lane to finish (before: it did, 1.5 s later).
    expect(postsTo('C1').length).toBeLessThan(10);
    await until(() => postsTo('C1').length === 15, 'C1 done');
  });

  it('a click (signed HTTP) → its chat.update goes ahead of a backlog in the same DM and while every lane is busy', async () => {
    const config = testConfig();
    seedTeam(db);
    seedAccount(db, 'acme', { name: 'Acme' });
    seedScore(db, 'acme', '2026-11-22', 40);
    const now = new Date('2026-11-23T10:00:00Z');
    evaluateAlerts(db, { config, playbooks: loadPlaybooks('playbooks'), now });
    await drainOutbox(db, transport(), { config: { perChannelIntervalMs: 0 }, log: () => {} }); // the alert copies are out
    const copy = db.$client
      .prepare('select s.channel, s.ts from alert_messages m join slack_messages s on s.key = m.message_key where m.alert_id = 1 and m.recipient = ?')
      .get(OWNER) as { channel: string; ts: string };
    for (const id of [OWNER, MANAGER]) fake.users.set(id, { id });
    // A backlog: 30 DMs to the clicker, 30 to each of two channels; only two lanes may run at once.
    backlog(OWNER, 30);
    backlog('C1', 30);
    backlog('C2', 30);
    const slack: SlackAppHandle = createSlackApp({
      db,
      config,
      env: { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.url, PORT: 0 },
      clock: fixedClock(now),
      logLevel: LogLevel.ERROR,
    });
    const url = `http://127.0.0.1:${(await slack.start(0)).port}/slack/events`;
    try {
      worker = startOutboxWorker(db, transport(), { config: { perChannelIntervalMs: 100, maxConcurrentChannels: 2, pollIntervalMs: 60_000 }, log: () => {} });
      await until(() => fake.callsTo('chat.postMessage').length >= 6, 'backlog draining');
      const ack = { type: 'button', action_id: ActionIds.acknowledge, value: '1', text: { type: 'plain_text', text: 'Acknowledge' } };
      const r = await postInteraction(
        url,
        SECRET,
        messageClick({ user: OWNER, channel: copy.channel, ts: copy.ts, action: ack, responseUrl: `${fake.url}response/owner` }),
      );

      expect(r.status).toBe(200);
      expect(getAlert(db, 1)!.status).toBe('acknowledged');
      const clickedAt = fake.calls.length;
      await until(() => fake.callsTo('chat.update').length === 2, 'both copies updated');
      const updates = db.$client.prepare("select priority from outbox where method = 'chat.update'").all() as { priority: number }[];
      expect(updates).toEqual([{ priority: 1 }, { priority: 1 }]);
      // Both updates (the clicker's DM and the manager's, a channel with no lane yet) went out within the next few
      // calls, not behind the 90-message backlog.
      const after = fake.calls.slice(clickedAt).filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.update');
      const lastUpdate = after.map((c) => c.method).lastIndexOf('chat.update');
      expect(lastUpdate).toBeLessThan(6);
      const remaining = (db.$client.prepare("select count(*) n from outbox where status = 'pending' and method = 'chat.postMessage'").get() as { n: number }).n;
      expect(remaining).toBeGreaterThan(50);
    } finally {
      await worker?.stop();
      worker = undefined;
      await slack.stop();
    }
  });
});
