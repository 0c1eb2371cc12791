/**
 * bench:slack-clicks — click-to-chat.update latency while a backlog drains.
 * The real Bolt app over HTTP (signed requests), the real outbox worker with its default pacing (1 msg/s/channel),
 * and the loopback fake Slack enforcing 1 write per second per channel (429 + Retry-After beyond that).
 * Phase 1 (floor): Acknowledge clicks with an empty queue. Phase 2: the same clicks while BENCH_BACKLOG messages
 * (default 2,000, spread over the clickers' own DMs) drain. Latency = from sending the click to the fake Slack
 * receiving the chat.update of the clicker's copy. Target: p99 < 2 s under backlog.
 *   BENCH_BACKLOG (2000) BENCH_CLICKS (30 per phase) BENCH_CLICK_GAP_MS (700)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogLevel } from '@slack/bolt';
import { createDb } from '../db';
import { ActionIds } from '../blocks/action-ids';
import { evaluateAlerts } from '../src/alerts/evaluate';
import { enqueue } from '../src/delivery/store/outbox';
import { createDeliveryWebClient, createSlackTransport } from '../src/delivery/transports/slack';
import { drainOutbox, startOutboxWorker } from '../src/delivery/worker';
import { loadPlaybooks } from '../src/playbooks/load';
import { createSlackApp } from '../src/slack/app';
import { seedScore, testConfig } from '../test/alerts/fixtures';
import { startFakeSlack } from '../test/support/fake-slack';
import { messageClick } from '../test/support/block-actions';
import { postInteraction } from '../test/support/signed-request';

const BACKLOG = Number(process.env.BENCH_BACKLOG ?? 2000);
const CLICKS = Number(process.env.BENCH_CLICKS ?? 30);
const GAP_MS = Number(process.env.BENCH_CLICK_GAP_MS ?? 700);
const CSMS = 50;
const SECRET = 'bench-clicks-secret';

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'bw-bench-clicks-'));
  const db = createDb(join(dir, 'b.db'));
  const fake = await startFakeSlack();
  const config = testConfig({ alerts: { escalationChannel: 'C0ESCALATE' } });
  const now = new Date();

  // 50 CSMs under 5 managers; 2 × CLICKS critical accounts, each owned by one CSM → an alert with DM copies.
  const team = db.$client.prepare("insert into team_members (email, name, slack_id, role, manager_email, updated_at) values (?, ?, ?, ?, ?, '2026-01-01')");
  for (let m = 0; m < 5; m++) team.run(`mgr${m}@x.io`, `Manager ${m}`, `UMGR${m}`, 'manager', null);
  for (let i = 0; i < CSMS; i++) team.run(`csm${i}@x.io`, `CSM ${i}`, `UCSM${i}`, 'csm', `mgr${i % 5}@x.io`);
  const acct = db.$client.prepare("insert into accounts (id, name, owner_email, arr, updated_at) values (?, ?, ?, 1000, '2026-01-01')");
  for (let a = 0; a < 2 * CLICKS; a++) {
    acct.run(`acct-${a}`, `Account ${a}`, `csm${a % CSMS}@x.io`);
    seedScore(db, `acct-${a}`, '2026-11-22', 20);
  }
  evaluateAlerts(db, { config, playbooks: loadPlaybooks('playbooks'), now });
  const transport = createSlackTransport(createDeliveryWebClient('xoxb-bench', fake.url));
  await drainOutbox(db, transport, { config: { perChannelIntervalMs: 0 }, log: () => {} });
  const alerts = db.$client
    .prepare(
      "select a.id, m.recipient, s.channel, s.ts from alerts a join alert_messages m on m.alert_id = a.id and m.role = 'owner' join slack_messages s on s.key = m.message_key order by a.id",
    )
    .all() as { id: number; recipient: string; channel: string; ts: string }[];

  const slack = createSlackApp({
    db,
    config,
    env: { SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.url, PORT: 0 },
    logLevel: LogLevel.ERROR,
  });
  const url = `http://127.0.0.1:${(await slack.start(0)).port}/slack/events`;
  fake.rateLimit({ perSecond: 1, retryAfterSec: 1 }); // Slack's per-channel guidance, enforced
  const worker = startOutboxWorker(db, transport, { config: {}, log: () => {} }); // default pacing: 1/s per channel

  async function click(a: (typeof alerts)[number]): Promise<number> {
    const t0 = performance.now();
    const sentAt = Date.now();
    const ack = { type: 'button', action_id: ActionIds.acknowledge, value: String(a.id), text: { type: 'plain_text', text: 'Acknowledge' } };
    const r = await postInteraction(
      url,
      SECRET,
      messageClick({ user: a.recipient, channel: a.channel, ts: a.ts, action: ack, responseUrl: `${fake.url}response/bench` }),
    );

    if (r.status !== 200) throw new Error(`click answered ${r.status}`);
    for (;;) {
      const hit = fake.calls.find((c) => c.method === 'chat.update' && c.at >= sentAt && c.args.channel === a.channel && c.args.ts === a.ts);
      if (hit && fake.messages.find((m) => m.channel === a.channel && m.ts === a.ts && JSON.stringify(m.blocks).includes('Acknowledged by'))) {
        return performance.now() - t0;
      }
      if (performance.now() - t0 > 60_000) throw new Error(`no chat.update for alert ${a.id} within 60 s`);
      await sleep(2);
    }
  }

  async function phase(list: typeof alerts): Promise<number[]> {
    const pending: Promise<number>[] = [];
    for (const a of list) {
      pending.push(click(a));
      await sleep(GAP_MS);
    }
    return (await Promise.all(pending)).sort((x, y) => x - y);
  }

  const idle = await phase(alerts.slice(0, CLICKS));

  // The backlog: BENCH_BACKLOG DMs spread over the CSMs (the clickers' own channels).
  const t0 = Date.now();
  db.$client.transaction(() => {
    for (let i = 0; i < BACKLOG; i++) {
      const ch = `UCSM${i % CSMS}`;
      enqueue(db, { idempotencyKey: `backlog:${i}`, method: 'chat.postMessage', args: { channel: ch, text: `backlog ${i}` }, channel: ch }, new Date());
    }
  })();
  worker.kick();
  await sleep(1500); // let the drain get going
  const depthAtStart = (db.$client.prepare("select count(*) n from outbox where status = 'pending'").get() as { n: number }).n;
  const busy = await phase(alerts.slice(CLICKS, 2 * CLICKS));
  const depthAtEnd = (db.$client.prepare("select count(*) n from outbox where status = 'pending'").get() as { n: number }).n;
  const drainedDuring = Math.round((Date.now() - t0) / 1000);

  await worker.stop();
  await slack.stop();
  await fake.close();
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });

  const row = (name: string, xs: number[]) =>
    `${name.padEnd(22)} n=${String(xs.length).padStart(3)}  p50 ${pct(xs, 50).toFixed(0).padStart(5)} ms  p99 ${pct(xs, 99).toFixed(0).padStart(5)} ms  max ${xs.at(-1)!.toFixed(0).padStart(5)} ms`;
  console.log(`bench:slack-clicks — click → chat.update of the clicker's copy (fake Slack: 1 write/s/channel, 429 + Retry-After)`);
  console.log(row('idle queue (floor)', idle));
  console.log(row(`backlog ${BACKLOG} draining`, busy));
  console.log(`backlog pending while clicking: ${depthAtStart} → ${depthAtEnd} (${drainedDuring} s into the drain); 429s answered: ${fake.rateLimited}`);
  console.log(`ratio backlog/floor: p50 ×${(pct(busy, 50) / pct(idle, 50)).toFixed(2)}, p99 ×${(pct(busy, 99) / pct(idle, 99)).toFixed(2)}`);
  const ok = pct(busy, 99) < 2000;
  console.log(`target p99 < 2000 ms under backlog: ${ok ? 'met' : 'NOT met'}`);
}

await main();
