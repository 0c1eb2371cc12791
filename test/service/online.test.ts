import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, createDb } from '../../db';
import { parseConfig } from '../../src/config/load';
import { envSchema } from '../../src/config/schema';
import { generateDemo } from '../../src/demo/generate';
import { fixedClock } from '../../src/lib/clock';
import { loadPlaybooks } from '../../src/playbooks/load';
import { type OnlineService, startOnlineService } from '../../src/service/online';
import { assertWithinBlockKitLimits } from '../support/blockkit-limits';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack';
import { postCommand } from '../support/signed-request';

const SECRET = 'online-test-secret';
const INGEST_TOKEN = 'ingest-token-online-0001';
let dir: string;
let db: Db;
let fake: FakeSlack;
let service: OnlineService;
const logs: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bw-online-'));
  db = createDb(join(dir, 'b.db'));
  generateDemo(db, { accounts: 150, today: '2026-11-23', seed: 7 });
  fake = await startFakeSlack();
  const env = envSchema.parse({
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.url,
    PORT: '0',
    BELLWETHER_INGEST_TOKEN: INGEST_TOKEN,
  });
  // Working hours off and no pacing so the test need not wait; the clock is a Monday 10:00 UTC.
  // Not a first-run baseline (alert DMs one by one are what this test delivers).
  const config = parseConfig({ alerts: { workingHours: { enabled: false }, baseline: false }, delivery: { perChannelIntervalMs: 0 } });
  service = await startOnlineService({
    db,
    config,
    env,
    playbooks: loadPlaybooks(),
    outboxPath: join(dir, 'outbox.jsonl'),
    clock: fixedClock('2026-11-23T10:00:00Z'),
    log: (l) => logs.push(l),
  });
  await service.caughtUp;
});

afterAll(async () => {
  await service?.stop();
  await fake?.close();
  db?.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

async function until(cond: () => boolean, ms = 15_000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('start-up channel resolution', () => {
  it('an unknown channel name stops start-up with an error naming the config key', async () => {
    const d = createDb(join(dir, 'unknown-channel.db'));
    const env = envSchema.parse({ SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.url, PORT: '0' });
    const config = parseConfig({ alerts: { escalationChannel: '#no-such-channel' } });
    const p = startOnlineService({
      db: d,
      config,
      env,
      playbooks: loadPlaybooks(),
      outboxPath: join(dir, 'o2.jsonl'),
      clock: fixedClock('2026-11-23T10:00:00Z'),
      log: () => {},
    });
    await expect(p).rejects.toThrow(/unknown channel in config: alerts\.escalationChannel/);
    await expect(p).rejects.toMatchObject({ issues: [expect.stringContaining('alerts.escalationChannel: channel "#no-such-channel" was not found')] });
    expect((d.$client.prepare('select count(*) n from outbox').get() as { n: number }).n).toBe(0);
    d.$client.close();
  });

  it('a failing conversations.list (e.g. missing scope) stops start-up naming the keys and the cause', async () => {
    const d = createDb(join(dir, 'no-scope.db'));
    const env = envSchema.parse({ SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.url, PORT: '0' });
    fake.failNext('conversations.list', { kind: 'error', error: 'missing_scope' });
    const p = startOnlineService({
      db: d,
      config: parseConfig({}),
      env,
      playbooks: loadPlaybooks(),
      outboxPath: join(dir, 'o3.jsonl'),
      clock: fixedClock('2026-11-23T10:00:00Z'),
      log: () => {},
    });
    await expect(p).rejects.toThrow(
      'could not resolve digests.leadershipChannel (#cs-leadership), alerts.escalationChannel (#cs-escalations): conversations.list failed',
    );
    await expect(p).rejects.toMatchObject({ issues: [expect.stringContaining('missing_scope')] });
    d.$client.close();
  });

  it('pages through conversations.list (a channel on a later page is found)', async () => {
    const { ChannelDirectory } = await import('../../src/delivery/channel-names');
    const { createDeliveryWebClient } = await import('../../src/delivery/transports');
    for (let i = 0; i < 2500; i++) fake.channels.push({ id: `CFILL${i}`, name: `filler-${i}` });
    fake.channels.push({ id: 'CLATE1', name: 'late-channel' });
    try {
      const before = fake.callsTo('conversations.list').length;
      const dirx = new ChannelDirectory(createDeliveryWebClient('xoxb-test', fake.url));
      await dirx.load();
      expect(dirx.idOf('#late-channel')).toBe('CLATE1');
      expect(dirx.idOf('#nope')).toBeUndefined();
      expect(dirx.idOf('C123')).toBe('C123');
      expect(fake.callsTo('conversations.list').length - before).toBe(3); // 1000 per page
      await dirx.load(); // cached
      expect(fake.callsTo('conversations.list').length - before).toBe(3);
    } finally {
      fake.channels.splice(3);
    }
  });
});

describe('the online service', () => {
  it("schedules its jobs in the configured zone and catches up on today's scoring at start", () => {
    expect(service.transport).toBe('http');
    expect(service.scheduler.jobs.map((j) => j.name)).toEqual(['scoring', 'escalation', 'digests']);
    const n = (db.$client.prepare("select count(*) n from health_scores where as_of = '2026-11-23'").get() as { n: number }).n;
    expect(n).toBeGreaterThan(100);
    expect(logs.join('\n')).toMatch(/\[scoring\] \d+ accounts scored/);
  });

  it('resolves each #channel setting at start-up, saying truthfully why it needs the id (no stale warnings)', () => {
    const lead = logs.find((l) => l.startsWith('digests.leadershipChannel: #cs-leadership is C0LEADERS'));
    const esc = logs.find((l) => l.startsWith('alerts.escalationChannel: #cs-escalations is C0ESCALATE'));
    expect(lead).toContain('digest chart uploads (files.uploadV2)');
    expect(lead).toContain('crash recovery');
    expect(esc).toContain('crash recovery (conversations.history)');
    // the escalation channel never receives uploads: the line must not claim it does
    expect(esc).not.toContain('upload');
    expect(logs.some((l) => l.startsWith('warning:'))).toBe(false);
  });

  it('delivers alert DMs and the overdue Monday digest through the Slack Web API', async () => {
    await until(() => (db.$client.prepare("select count(*) n from outbox where status in ('pending','sending')").get() as { n: number }).n === 0);
    const posts = fake.callsTo('chat.postMessage');
    expect(posts.length).toBeGreaterThan(0);
    for (const p of posts) {
      expect(p.token).toBe('xoxb-test');
      assertWithinBlockKitLimits(p.args, 'message');
    }
    // The configured #cs-leadership was resolved to its id at start-up; the digest's charts went there, once each.
    expect(logs.some((l) => l.startsWith('digests.leadershipChannel: #cs-leadership is C0LEADERS'))).toBe(true);
    expect(posts.some((p) => p.args.channel === 'C0LEADERS')).toBe(true);
    expect(posts.some((p) => String(p.args.channel).startsWith('#'))).toBe(false);
    const charts = fake.files.filter((f) => f.channels.includes('C0LEADERS'));
    expect(charts.length).toBeGreaterThan(0);
    for (const f of charts) expect(f.name).toMatch(/\.o\d+\.png$/);
    const alertPosts = posts.filter((p) => (p.args.metadata as { event_type?: string } | undefined)?.event_type === 'bellwether_alert');
    expect(alertPosts.length).toBeGreaterThan(0);
    // Every alert copy was delivered exactly once.
    const ids = alertPosts.map((p) => (p.args.metadata as { event_payload: { outbox_id: number } }).event_payload.outbox_id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('answers /health and /healthz on its HTTP port', async () => {
    const health = await fetch(`http://127.0.0.1:${service.port}/healthz`);
    expect(health.status).toBe(200);
    const owner = (db.$client.prepare("select owner_slack_id id from accounts where id = 'acme-corp'").get() as { id: string }).id;
    fake.users.set(owner, { id: owner, tz: 'UTC' });
    const r = await postCommand(`http://127.0.0.1:${service.port}/slack/events`, SECRET, { text: 'acme corp', user_id: owner, user_name: 'owner' });
    expect(r.status).toBe(200);
    expect(r.json?.response_type).toBe('ephemeral');
    expect(String(r.json?.text)).toMatch(/^Acme Corp: health \d+/);
    assertWithinBlockKitLimits(r.json!, 'message');
  });

  it('serves Prometheus /metrics on the same port: outbox by status, deliveries by result, open alerts', async () => {
    const r = await fetch(`http://127.0.0.1:${service.port}/metrics`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await r.text();
    const sent = (db.$client.prepare("select count(*) n from outbox where status = 'sent'").get() as { n: number }).n;
    expect(sent).toBeGreaterThan(0);
    expect(text).toContain(`bellwether_outbox_rows{status="sent"} ${sent}`);
    expect(text).toMatch(/bellwether_outbox_oldest_age_seconds\{status="pending"\} 0/);
    expect(text).toMatch(/bellwether_deliveries_total\{method="chat.postMessage",result="sent"\} [1-9]/);
    const open = (db.$client.prepare("select count(*) n from alerts where status = 'open'").get() as { n: number }).n;
    const perSeverity = [...text.matchAll(/bellwether_alerts_open\{status="open",severity="\w+"\} (\d+)/g)].reduce((a, m) => a + Number(m[1]), 0);
    expect(perSeverity).toBe(open);
    expect(text).toContain('bellwether_slack_ratelimited_total');
    // the scheduler reports each job run (the start-up catch-up ran scoring through it)
    expect(text).toMatch(/bellwether_job_runs_total\{job="scoring",outcome="ok"\} [1-9]/);
  });

  it('the next escalation tick finishes a scoring run that failed today', async () => {
    db.$client.prepare("update job_runs set status = 'failed', error = 'database is locked' where job = 'scoring' and key = '2026-11-23'").run();
    const escalation = service.scheduler.jobs.find((j) => j.name === 'escalation')!;
    expect(await escalation.runNow()).toBe(true);
    await until(
      () => (db.$client.prepare("select status from job_runs where job = 'scoring' and key = '2026-11-23'").get() as { status: string }).status === 'done',
    );
    expect((db.$client.prepare("select attempts from job_runs where job = 'scoring' and key = '2026-11-23'").get() as { attempts: number }).attempts).toBe(2);
    expect(logs.join('\n')).toMatch(/finished a run interrupted after step "scored"/);
  });

  it('accepts JSON ingest on the same port when a token is configured', async () => {
    const url = `http://127.0.0.1:${service.port}/api/ingest/snapshot`;
    const body = JSON.stringify([
      { account_id: 'initech', mrr: 2500, logins_30d: 120, features_used: 9, open_tickets: 0, nps_score: 9, days_since_last_login: 1 },
    ]);
    const denied = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(denied.status).toBe(401);
    const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${INGEST_TOKEN}` }, body });
    expect(r.status).toBe(200);
    const row = db.$client.prepare("select arr from accounts where id = 'initech'").get() as { arr: number };
    expect(row.arr).toBe(30_000); // ARR = 12 × MRR when only MRR is given
  });
});
