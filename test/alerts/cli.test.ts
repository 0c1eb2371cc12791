import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDb } from '../../db';
import { main } from '../../src/cli/main';
import { OWNER, seedAccount, seedScore, seedTeam } from './fixtures';

let dir: string;
let dbPath: string;
let outboxPath: string;

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  // Not a first run: these tests are about one alert's messages, not the first-run baseline summary.
  writeFileSync(join(dir, 'config.yml'), 'alerts:\n  baseline: false\n');
  const code = await main(
    ['--db', dbPath, '--outbox', outboxPath, '--config', join(dir, 'config.yml'), ...args],
    { out: (l) => out.push(l), err: (l) => err.push(l), isTTY: false },
    {},
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'alerts-cli-'));
  dbPath = join(dir, 'b.db');
  outboxPath = join(dir, 'outbox.jsonl');
  const db = createDb(dbPath);
  seedTeam(db);
  seedAccount(db, 'acme', { name: 'Acme' });
  seedScore(db, 'acme', '2026-11-22', 20); // Critical: owner + manager + #cs-escalations, not delayed
  db.$client.close();
});

describe('bellwether alerts (offline)', () => {
  it('evaluates, ticks, delivers to the outbox file and prints what happened; a later --now escalates', async () => {
    const r = await run('alerts', '--now', '2026-11-23T10:00:00Z');
    expect(r.code).toBe(0);
    expect(r.out).toContain('opened   #1 acme (critical): Health tier is Critical (score 20) — reasons: tier_drop (critical)');
    expect(r.out).toContain('Alerts at 2026-11-23T10:00:00.000Z: 1 opened, 0 severity raised, 0 resolved, 0 unchanged; 0 escalated, 0 woke from snooze.');
    expect(r.out).toContain('Queued by evaluation: 3 new message(s), 0 update(s); by the escalation tick: 0 new message(s), 0 update(s).');
    expect(r.out).toContain(`Delivered 3 message(s) to ${outboxPath}.`);
    const lines = readFileSync(outboxPath, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { method: string; args: { channel: string } });
    expect(lines.map((l) => `${l.method} ${l.args.channel}`)).toEqual([
      `chat.postMessage ${OWNER}`,
      'chat.postMessage UMGR1',
      'chat.postMessage #cs-escalations',
    ]);

    const later = await run('alerts', '--now', '2026-11-24T10:00:00Z');
    expect(later.out).toContain('escalated #1 → level 2');
    expect(later.out).toContain('1 escalated');
    // the escalation's messages are counted where they were queued (they used to read "0 new message(s) queued")
    const db = createDb(dbPath);
    const byMethod = db.$client.prepare('select method, count(*) n from outbox where id > 3 group by method order by method').all() as {
      method: string;
      n: number;
    }[];
    db.$client.close();
    const n = (m: string) => byMethod.find((x) => x.method === m)?.n ?? 0;
    expect(n('chat.postMessage') + n('chat.update')).toBeGreaterThan(0);
    expect(later.out).toContain(
      `Queued by evaluation: 0 new message(s), 0 update(s); by the escalation tick: ${n('chat.postMessage')} new message(s), ${n('chat.update')} update(s).`,
    );
  });

  it('alerts list / ack / outbox', async () => {
    await run('alerts', '--now', '2026-11-23T10:00:00Z');
    const list = await run('alerts', 'list');
    expect(list.out).toMatch(/#1\s+critical\s+open\s+Acme\s+tier_drop/);
    const ack = await run('alerts', 'ack', '1', '--by', 'ops');
    expect(ack.code).toBe(0);
    expect(ack.out).toContain('Acknowledged alert #1 (acme: Health tier is Critical (score 20)) as cli:ops.');
    expect(ack.out).toContain('Delivered 3 message(s)'); // chat.update of every copy
    const again = await run('alerts', 'ack', '1');
    expect(again.code).toBe(1);
    expect(again.err).toBe('error: alert #1: Already acknowledged by ops.');
    const db = createDb(dbPath);
    const ev = db.$client.prepare("select actor, source from alert_events where kind = 'acknowledged'").all();
    db.$client.close();
    expect(ev).toEqual([{ actor: 'cli:ops', source: 'cli' }]);
    const ob = await run('outbox');
    expect(ob.out).toContain('Outbox: 0 pending, 0 sending, 6 sent, 0 failed');
    expect((await run('outbox', '--failed')).out).toContain('No failed deliveries.');
  });

  it('alerts unack / resolve --reason --note: stored with the group and reported per rule by the precision report', async () => {
    await run('alerts', '--now', '2026-11-23T10:00:00Z');
    await run('alerts', 'ack', '1', '--by', 'ops');
    const un = await run('alerts', 'unack', '1', '--by', 'ops');
    expect(un.code).toBe(0);
    expect(un.out).toMatch(/Alert group #1 \(acme\) is open again; acknowledge by 20\d\d-/);
    const bad = await run('alerts', 'resolve', '1', '--reason', 'meh');
    expect(bad.code).toBe(1);
    expect(bad.err).toBe('error: --reason must be one of saved, false_positive, not_actionable, churned, got "meh"');
    const ok = await run('alerts', 'resolve', '1', '--reason', 'false_positive', '--note', 'seasonal <dip>', '--by', 'ops');
    expect(ok.out).toContain('Resolved alert group #1 (acme: Health tier is Critical (score 20)) as false_positive.');
    const db = createDb(dbPath);
    expect(db.$client.prepare('select status, resolution_reason, resolution_note from alerts where id = 1').get()).toEqual({
      status: 'resolved',
      resolution_reason: 'false_positive',
      resolution_note: 'seasonal <dip>',
    });
    expect(db.$client.prepare("select kind from alert_events where alert_id = 1 and kind in ('unacknowledged', 'resolved')").all()).toEqual([
      { kind: 'unacknowledged' },
      { kind: 'resolved' },
    ]);
    // every reason the group carried counts for its rule
    const { reasonPrecision } = await import('../../src/validation/alert-outcomes');
    const { resolutionsByRule } = await import('../../src/alerts/group-store');
    expect(reasonPrecision(resolutionsByRule(db))).toEqual([
      { rule: 'tier_drop', judged: 1, saved: 0, churned: 0, notActionable: 0, falsePositive: 1, precision: 0 },
    ]);
    // the copies say who resolved it and why, with the note escaped
    const update = readFileSync(outboxPath, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .filter((l) => l.method === 'chat.update')
      .at(-1);
    expect(JSON.stringify(update)).toContain('false positive: seasonal &lt;dip&gt;');
    db.$client.close();
  });

  it('alerts snooze --days --reason: the critical cap holds unless --by is a manager; the reason is stored with the event and shown on every copy', async () => {
    await run('alerts', '--now', '2026-11-23T10:00:00Z');
    const badReason = await run('alerts', 'snooze', '1', '--days', '7', '--reason', 'bored');
    expect(badReason.err).toBe('error: --reason must be one of waiting_on_customer, in_contact, known_issue, other, got "bored"');
    expect((await run('alerts', 'snooze', '1', '--days', '1.5', '--reason', 'other')).err).toBe('error: --days must be a positive whole number, got "1.5"');
    const capped = await run('alerts', 'snooze', '1', '--days', '30', '--reason', 'known_issue', '--by', 'ops');
    expect(capped.code).toBe(1);
    expect(capped.err).toBe('error: alert #1: A critical alert can be snoozed for at most 7 days unless a manager snoozes it.');
    const ok = await run(
      'alerts',
      'snooze',
      '1',
      '--days',
      '30',
      '--reason',
      'waiting_on_customer',
      '--note',
      'renewal <call> Friday',
      '--by',
      'mgr@example.com',
    );
    expect(ok.err).toBe('');
    expect(ok.out).toMatch(/Snoozed alert group #1 \(acme\) until 20\d\d-\d\d-\d\d: waiting on customer\./);
    const db = createDb(dbPath);
    const ev = db.$client.prepare("select actor, data from alert_events where alert_id = 1 and kind = 'snoozed'").all() as { actor: string; data: string }[];
    expect(ev).toHaveLength(1);
    expect(ev[0].actor).toBe('cli:mgr@example.com');
    expect(JSON.parse(ev[0].data)).toMatchObject({ days: 30, reason: 'waiting_on_customer', note: 'renewal <call> Friday' });
    db.$client.close();
    const updates = readFileSync(outboxPath, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .filter((l) => l.method === 'chat.update');
    expect(updates.length).toBeGreaterThanOrEqual(2);
    for (const u of updates) expect(JSON.stringify(u)).toContain('by mgr@example.com: waiting on customer (renewal &lt;call&gt; Friday)');
  });

  it('bad arguments are named', async () => {
    expect((await run('alerts', '--now', 'yesterday')).err).toBe('error: --now must be an ISO date-time such as 2026-11-23T10:00:00Z, got "yesterday"');
    expect((await run('alerts', 'ack', 'abc')).err).toBe('error: alert id must be a positive whole number, got "abc"');
    expect((await run('alerts', 'ack', '99')).err).toBe('error: alert #99: alert 99 not found');
    expect((await run('alerts', 'list', '--status', 'nope')).code).toBe(1);
    expect((await run('outbox', '--limit', '0')).err).toContain('--limit must be a positive whole number');
  });
});
