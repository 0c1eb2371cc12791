/** Issue 15: the online service refuses to start when a configured channel is shared outside the workspace. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, createDb } from '../../db';
import { ConfigError, parseConfig } from '../../src/config/load';
import { envSchema } from '../../src/config/schema';
import { fixedClock } from '../../src/lib/clock';
import { main } from '../../src/cli/main';
import { startOnlineService } from '../../src/service/online';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack';

let dir: string;
let db: Db;
let fake: FakeSlack;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bw-ext-'));
  db = createDb(join(dir, 'b.db'));
  fake = await startFakeSlack();
  fake.upsertChannel({ id: 'CLEADX', name: 'acme-connect', is_ext_shared: true });
  fake.upsertChannel({ id: 'CESCX', name: 'partner-escalations', is_shared: true });
  fake.upsertChannel({ id: 'CESC1', name: 'internal-escalations' });
});

afterAll(async () => {
  await fake?.close();
  db?.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

function start(config: Record<string, unknown>, logs: string[]) {
  return startOnlineService({
    db,
    config: parseConfig({ ...config, delivery: { perChannelIntervalMs: 0 } }),
    env: envSchema.parse({ SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 's', SLACK_API_URL: fake.url, PORT: '0' }),
    playbooks: [],
    outboxPath: join(dir, 'outbox.jsonl'),
    clock: fixedClock('2026-11-23T10:00:00Z'),
    log: (l) => logs.push(l),
  });
}

describe('configured channels shared outside the workspace', () => {
  it('refuse the start with a clear error naming each config key and channel; nothing is posted', async () => {
    const logs: string[] = [];
    const err = await start({ digests: { leadershipChannel: 'CLEADX' }, alerts: { escalationChannel: 'CESCX' } }, logs).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ConfigError);
    const e = err as ConfigError;
    expect(e.issues).toEqual([
      'digests.leadershipChannel: CLEADX is shared outside the workspace (Slack Connect); Bellwether posts account health there only if slack.allowExternalChannels lists it',
      'alerts.escalationChannel: CESCX is shared outside the workspace (Slack Connect); Bellwether posts account health there only if slack.allowExternalChannels lists it',
    ]);
    expect(e.message).toMatch(/^Refusing to post account health to Slack: digests\.leadershipChannel: CLEADX/);
    expect(fake.callsTo('conversations.info').map((c) => c.args.channel)).toEqual(['CLEADX', 'CESCX']);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(0);
    expect(logs.some((l) => l.startsWith('Bellwether is running'))).toBe(false);
  });

  it('start when the admin allows the shared channel; an internal channel passes; a #name is resolved and checked too', async () => {
    fake.reset();
    const logs: string[] = [];
    const service = await start(
      { digests: { leadershipChannel: 'CLEADX' }, alerts: { escalationChannel: 'CESC1' }, slack: { allowExternalChannels: ['CLEADX'] } },
      logs,
    );
    await service.stop();
    expect(logs).toContain('digests.leadershipChannel (CLEADX) is shared outside the workspace; allowed by slack.allowExternalChannels');
    expect(logs.some((l) => l.startsWith('Bellwether is running'))).toBe(true);

    const named: string[] = [];
    const s2 = await start({ digests: { leadershipChannel: 'CESC1' }, alerts: { escalationChannel: '#cs-escalations' } }, named);
    await s2.stop();
    expect(named.some((l) => l.startsWith('warning:'))).toBe(false);
    // the #name was resolved to its id first, so the external-sharing check ran on it
    expect(fake.callsTo('conversations.info').map((c) => c.args.channel)).toContain('C0ESCALATE');
    expect(fake.callsTo('conversations.info').map((c) => c.args.channel)).not.toContain('#cs-escalations');
  });
});

describe('CLI delivery to Slack', () => {
  it('applies the same guard: a configured externally shared channel stops delivery with the key named', async () => {
    fake.reset();
    const cfg = join(dir, 'ext.yml');
    writeFileSync(cfg, 'digests:\n  leadershipChannel: CLEADX\nalerts:\n  escalationChannel: CESC1\n');
    const out: string[] = [];
    const err: string[] = [];
    const env = { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_API_URL: fake.url };
    const code = await main(
      ['--db', join(dir, 'b.db'), '--config', cfg, 'alerts', '--now', '2026-11-23T10:00:00Z'],
      { out: (l) => out.push(l), err: (l) => err.push(l), isTTY: false },
      env,
    );
    expect(code).toBe(1);
    expect(err.join('\n')).toContain('error: Refusing to post account health to Slack: digests.leadershipChannel: CLEADX is shared outside the workspace');
    expect(fake.callsTo('chat.postMessage')).toHaveLength(0);
  });
});
