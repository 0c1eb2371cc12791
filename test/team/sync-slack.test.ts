import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, createDb } from '../../db';
import { main } from '../../src/cli/main';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack';

let fake: FakeSlack;
let dir: string;
beforeAll(async () => {
  fake = await startFakeSlack();
  fake.users.set('UAAA1', { id: 'UAAA1', email: 'ann@x.io', tz: 'Europe/Berlin' });
  fake.users.set('UGGG1', { id: 'UGGG1', email: 'gus@x.io', is_restricted: true });
  fake.users.set('UBBB2', { id: 'UBBB2', email: 'bob@x.io' });
  dir = mkdtempSync(join(tmpdir(), 'bw-team-'));
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('bellwether team sync-slack', () => {
  it('maps members by email, flags guests, fills time zones and owner Slack ids, and reports what it did', async () => {
    const dbPath = join(dir, 't.db');
    const db = createDb(dbPath);
    const ins = db.$client.prepare("insert into team_members(email, name, slack_id, role, updated_at) values (?, ?, ?, 'csm', 'x')");
    ins.run('ann@x.io', 'Ann', null);
    ins.run('gus@x.io', 'Gus', null);
    ins.run('bob@x.io', 'Bob', 'UOLD1');
    ins.run('ghost@x.io', 'Ghost', null);
    db.$client.prepare("insert into accounts(id, name, owner_email, updated_at) values ('acme', 'Acme', 'ann@x.io', 'x')").run();
    closeDb(db);

    const out: string[] = [];
    const code = await main(
      ['--db', dbPath, 'team', 'sync-slack'],
      { out: (l) => out.push(l), err: () => {}, isTTY: false },
      {
        SLACK_BOT_TOKEN: 'xoxb-sync',
        SLACK_API_URL: fake.url,
      },
    );
    expect(code).toBe(0);
    expect(out[0]).toBe('checked 4 team members: 2 newly mapped, 1 changed, 1 not found in Slack, 0 failed');
    expect(out).toContain('  guest    gus@x.io (restricted in Slack: may not use Bellwether)');
    expect(fake.callsTo('users.lookupByEmail')).toHaveLength(4);
    expect(fake.callsTo('users.lookupByEmail')[0].token).toBe('xoxb-sync');

    const again = createDb(dbPath);
    const rows = again.$client.prepare('select email, slack_id, is_restricted, timezone from team_members order by email').all();
    expect(rows).toEqual([
      { email: 'ann@x.io', slack_id: 'UAAA1', is_restricted: 0, timezone: 'Europe/Berlin' },
      { email: 'bob@x.io', slack_id: 'UBBB2', is_restricted: 0, timezone: null },
      { email: 'ghost@x.io', slack_id: null, is_restricted: 0, timezone: null },
      { email: 'gus@x.io', slack_id: 'UGGG1', is_restricted: 1, timezone: null },
    ]);
    expect(again.$client.prepare("select owner_slack_id from accounts where id = 'acme'").get()).toEqual({ owner_slack_id: 'UAAA1' });
    closeDb(again);
  });

  it('says what is missing without a bot token', async () => {
    const err: string[] = [];
    const code = await main(['--db', join(dir, 'u.db'), 'team', 'sync-slack'], { out: () => {}, err: (l) => err.push(l), isTTY: false }, {});
    expect(code).toBe(1);
    expect(err.join('\n')).toContain('SLACK_BOT_TOKEN is not set');
  });
});
