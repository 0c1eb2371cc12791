/**
 * Migration message_keys: each alert copy (alert_messages with its outbox post, channel and ts) becomes a delivery
 * message key; queued updates and thread replies that pointed at an alert_messages id point at the key; and the
 * migrated queue still delivers against the fake Slack: the update lands on the old message, the reply in its thread.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Db, MIGRATIONS_DIR, schema } from '../../db';
import { copiesOf } from '../../src/alerts/message-keys';
import { messageOf } from '../../src/delivery/store/messages';
import { createDeliveryWebClient, createSlackTransport } from '../../src/delivery/transports/slack';
import { drainOutbox } from '../../src/delivery/worker';
import { fixedClock } from '../../src/lib/clock';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack';
import { migrationFolders } from '../support/migrations';

const { firstMigrations, cleanup } = migrationFolders();
afterEach(cleanup);
let fake: FakeSlack;
beforeAll(async () => {
  fake = await startFakeSlack();
});
afterAll(() => fake.close());

/** How many migrations come before message_keys (found by tag, so renumbering at merge does not break this). */
function migrationsBefore(tagSuffix: string): number {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  const i = journal.entries.findIndex((e) => e.tag.endsWith(tagSuffix));
  if (i < 0) throw new Error(`no migration ${tagSuffix}`);
  return i;
}

describe('migration message_keys', () => {
  it('moves every alert copy’s post, channel and ts to a message key; queued updates and replies follow by key', async () => {
    const sqlite = new Database(':memory:');
    sqlite.pragma('foreign_keys = ON');
    const db = drizzle(sqlite, { schema }) as Db;
    migrate(db, { migrationsFolder: firstMigrations(migrationsBefore('_message_keys')) });
    sqlite.prepare("insert into accounts (id, name, updated_at) values ('acme', 'Acme', '2026-01-01T00:00:00Z')").run();
    sqlite
      .prepare(
        `insert into alerts (id, account_id, rule, severity, status, title, detail, chain, opened_at, updated_at, version)
         values (1, 'acme', 'health_drop', 'high', 'open', 'Health dropped', '{}', '{"levels":[]}', '2026-11-20T10:00:00Z', '2026-11-20T10:00:00Z', 2)`,
      )
      .run();
    const ob = sqlite.prepare(
      `insert into outbox (id, idempotency_key, method, args, channel, status, available_at, created_at, alert_id, result)
       values (?, ?, ?, ?, ?, ?, '2026-11-20T10:00:00Z', '2026-11-20T10:00:00Z', 1, ?)`,
    );
    // The owner's copy went out (DOWNER, 1.1); the manager's post is still waiting.
    ob.run(
      1,
      'alert:1:post:UOWNER',
      'chat.postMessage',
      JSON.stringify({ channel: 'UOWNER', text: 'v1' }),
      'UOWNER',
      'sent',
      JSON.stringify({ channel: 'DOWNER', ts: '1.1' }),
    );
    ob.run(2, 'alert:1:post:UMGR', 'chat.postMessage', JSON.stringify({ channel: 'UMGR', text: 'v1 for mgr' }), 'UMGR', 'pending', null);
    ob.run(
      3,
      'alert:1:update:UOWNER:v2',
      'chat.update',
      JSON.stringify({ channel: 'UOWNER', _resolve: { alert_message_id: 1, as: 'ts' }, text: 'v2' }),
      'UOWNER',
      'pending',
      null,
    );
    ob.run(
      4,
      'alert:1:reply:raise:UMGR',
      'chat.postMessage',
      JSON.stringify({ channel: 'UMGR', _resolve: { alert_message_id: 2, as: 'thread_ts' }, text: 'raised' }),
      'UMGR',
      'pending',
      null,
    );
    const msg = sqlite.prepare(
      "insert into alert_messages (id, alert_id, recipient, role, level, outbox_id, channel, ts, created_at) values (?, 1, ?, ?, ?, ?, ?, ?, '2026-11-20T10:00:00Z')",
    );
    msg.run(1, 'UOWNER', 'owner', 0, 1, 'DOWNER', '1.1');
    msg.run(2, 'UMGR', 'manager', 1, 2, null, null);

    migrate(db, { migrationsFolder: MIGRATIONS_DIR });

    expect(copiesOf(db, 1).map((c) => [c.recipient, c.role, c.level, c.messageKey])).toEqual([
      ['UOWNER', 'owner', 0, 'alert:1:UOWNER'],
      ['UMGR', 'manager', 1, 'alert:1:UMGR'],
    ]);
    expect(messageOf(db, 'alert:1:UOWNER')).toMatchObject({ address: 'UOWNER', postOutboxId: 1, channel: 'DOWNER', ts: '1.1' });
    expect(messageOf(db, 'alert:1:UMGR')).toMatchObject({ address: 'UMGR', postOutboxId: 2, channel: null, ts: null });
    const resolveOf = (id: number) => JSON.parse((sqlite.prepare('select args from outbox where id = ?').get(id) as { args: string }).args)._resolve;
    expect(resolveOf(3)).toEqual({ key: 'alert:1:UOWNER', as: 'ts' });
    expect(resolveOf(4)).toEqual({ key: 'alert:1:UMGR', as: 'thread_ts' });
    expect(sqlite.prepare("select count(*) n from pragma_table_info('alert_messages') where name in ('outbox_id', 'channel', 'ts')").get()).toEqual({ n: 0 });

    // The migrated queue delivers: the update lands on the old message, the waiting post goes out, the reply in its thread.
    fake.reset();
    fake.messages.push({ channel: 'DOWNER', ts: '1.1', text: 'v1' });
    const clock = fixedClock('2026-11-23T10:00:00.000Z');
    const r = await drainOutbox(db, createSlackTransport(createDeliveryWebClient('xoxb-test', fake.url)), {
      config: { perChannelIntervalMs: 0 },
      clock,
      sleep: async (ms) => void clock.advance(ms),
      until: 'empty',
      log: () => undefined,
    });
    expect(r).toMatchObject({ sent: 3, failed: 0 });
    expect(fake.messages.find((m) => m.ts === '1.1')?.text).toBe('v2');
    const mgrPost = fake.messages.find((m) => m.channel === 'DMGR' && !m.thread_ts)!;
    expect(fake.messages.filter((m) => m.thread_ts)).toEqual([expect.objectContaining({ channel: 'DMGR', thread_ts: mgrPost.ts, text: 'raised' })]);
    expect(messageOf(db, 'alert:1:UMGR')).toMatchObject({ channel: 'DMGR', ts: mgrPost.ts });
  });
});
