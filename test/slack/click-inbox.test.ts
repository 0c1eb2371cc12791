/**
 * No click is lost while another connection holds the write lock (a long import): signed block_actions
 * into the real Bolt app over HTTP, a real SQLite file, a second connection holding BEGIN IMMEDIATE.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogLevel } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, closeDb, createDb } from '../../db';
import { evaluateAlerts } from '../../src/alerts/evaluate';
import { fixedClock } from '../../src/lib/clock';
import { loadPlaybooks } from '../../src/playbooks/load';
import { type SlackAppHandle, createSlackApp } from '../../src/slack/app';
import { ClickInboxStore } from '../../src/slack/inbox/store';
import { OWNER, seedAccount, seedScore, seedTeam, testConfig } from '../alerts/fixtures';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack';
import { acknowledgeClick } from '../support/alert-click';
import { ActionIds } from '../../blocks/action-ids';
import { messageClick } from '../support/block-actions';
import { postInteraction } from '../support/signed-request';

const SECRET = 'inbox-test-secret';
const NOW = new Date('2026-11-23T10:42:00Z');
const config = testConfig();
let dir: string;
let file: string;
let db: Db;
let fake: FakeSlack;

function startApp(): Promise<{ slack: SlackAppHandle; url: string }> {
  const slack = createSlackApp({
    db,
    config,
    env: { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.url, PORT: 0 },
    clock: fixedClock(NOW),
    logLevel: LogLevel.ERROR,
  });
  return slack.start(0).then(({ port }) => ({ slack, url: `http://127.0.0.1:${port}/slack/events` }));
}

const ackClick = (url: string, alertId: number) => postInteraction(url, SECRET, acknowledgeClick(OWNER, alertId, `${fake.url}response/${alertId}`));

const status = (id: number) => (db.$client.prepare('select status from alerts where id = ?').get(id) as { status: string }).status;

async function until(check: () => boolean, what: string, ms = 10_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

let alertIds: number[];
beforeAll(async () => {
  fake = await startFakeSlack();
  dir = mkdtempSync(join(tmpdir(), 'bw-inbox-'));
  file = join(dir, 'b.db');
  db = createDb(file);
  seedTeam(db);
  for (let i = 0; i < 6; i++) {
    seedAccount(db, `acct-${i}`);
    seedScore(db, `acct-${i}`, '2026-11-22', 20);
  }
  evaluateAlerts(db, { config, playbooks: loadPlaybooks('playbooks'), now: new Date('2026-11-23T10:00:00Z') });
  alertIds = db.$client.prepare("select id from alerts where status = 'open' order by id").pluck().all() as number[];
  expect(alertIds.length).toBeGreaterThanOrEqual(6);
});
afterAll(async () => {
  await fake.close();
  closeDb(db);
  rmSync(dir, { recursive: true, force: true });
});

describe('the click inbox', () => {
  it('answers clicks at once while an import holds the write lock, and applies every one when it is released', async () => {
    const { slack, url } = await startApp();
    expect(await slack.replayed()).toBe(0);
    const holder = createDb(file, { migrate: false });
    holder.$client.exec('BEGIN IMMEDIATE');
    const clicked = alertIds.slice(0, 4);
    const answers = await Promise.all(clicked.map((id) => ackClick(url, id)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    for (const id of clicked) expect(status(id)).toBe('open'); // nothing could be written yet
    expect(slack.deps.inbox.counts()).toMatchObject({ pending: 4, done: 0 });

    holder.$client.exec('COMMIT'); // the import finishes
    await until(() => clicked.every((id) => status(id) === 'acknowledged'), 'the saved clicks to apply');
    await until(() => slack.deps.inbox.counts().done === 4, 'the inbox to record them');
    const events = db.$client.prepare(`select count(*) n from alert_events where kind = 'acknowledged' and alert_id in (${clicked.join(',')})`).get() as {
      n: number;
    };
    expect(events.n).toBe(4); // each applied exactly once
    closeDb(holder);
    await slack.stop();
  });

  it('a click saved by a process that stopped before applying it is applied by the next start', async () => {
    const first = await startApp();
    const holder = createDb(file, { migrate: false });
    holder.$client.exec('BEGIN IMMEDIATE');
    const id = alertIds[4];
    expect((await ackClick(first.url, id)).status).toBe(200);
    await first.slack.stop(); // goes away with the click still pending (the lock never came free)
    holder.$client.exec('COMMIT');
    closeDb(holder);
    const store = new ClickInboxStore(`${file}-inbox`);
    expect(store.pending().map((c) => c.click)).toEqual([{ kind: 'acknowledge', alertId: id }]);
    store.close();
    expect(status(id)).toBe('open');

    const second = await startApp();
    expect(await second.slack.replayed()).toBe(1);
    expect(status(id)).toBe('acknowledged');
    const ev = db.$client.prepare(`select actor, at from alert_events where kind = 'acknowledged' and alert_id = ?`).all(id);
    expect(ev).toEqual([{ actor: OWNER, at: NOW.toISOString() }]); // stamped with the click's arrival time
    expect(second.slack.deps.inbox.counts()).toMatchObject({ pending: 0, done: 5 });
    await second.slack.stop();
  });

  const shareClick = (url: string, account: string, ts: string) =>
    postInteraction(
      url,
      SECRET,
      messageClick({
        user: OWNER,
        channel: 'C0GENERAL',
        channelName: 'general',
        ts: '1.1',
        responseUrl: `${fake.url}response/share-${ts}`,
        action: { type: 'button', action_id: ActionIds.shareCard, value: account, action_ts: ts },
      }),
    );
  const shares = (account: string) =>
    (db.$client.prepare('select count(*) n from outbox where idempotency_key like ?').get(`share:${account}:%`) as { n: number }).n;

  it('a Share in channel click is saved before the ack: answered while the lock is held, queued once when it is released', async () => {
    const { slack, url } = await startApp();
    const holder = createDb(file, { migrate: false });
    holder.$client.exec('BEGIN IMMEDIATE');
    expect((await shareClick(url, 'acct-1', '1795000000.000100')).status).toBe(200);
    expect(shares('acct-1')).toBe(0);
    expect(slack.deps.inbox.counts().pending).toBe(1);
    holder.$client.exec('COMMIT');
    closeDb(holder);
    await until(() => shares('acct-1') === 1, 'the share to be queued');
    await until(() => slack.deps.inbox.counts().pending === 0, 'the inbox to record it');
    // Slack delivering the same click again (same action_ts) shares nothing twice
    expect((await shareClick(url, 'acct-1', '1795000000.000100')).status).toBe(200);
    await until(() => slack.deps.inbox.counts().pending === 0, 'the repeat to be applied');
    expect(shares('acct-1')).toBe(1);
    await slack.stop();
  });

  it('a share saved by a process that stopped before applying it is queued by the next start', async () => {
    const first = await startApp();
    const holder = createDb(file, { migrate: false });
    holder.$client.exec('BEGIN IMMEDIATE');
    expect((await shareClick(first.url, 'acct-2', '1795000000.000200')).status).toBe(200);
    await first.slack.stop();
    holder.$client.exec('COMMIT');
    closeDb(holder);
    expect(shares('acct-2')).toBe(0);
    const second = await startApp();
    expect(await second.slack.replayed()).toBe(1);
    expect(shares('acct-2')).toBe(1);
    await second.slack.stop();
  });
});
