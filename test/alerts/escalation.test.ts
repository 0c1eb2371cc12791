import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { type Db, createDb } from '../../db';
import { escalationTick } from '../../src/alerts/escalation';
import { evaluateAlerts } from '../../src/alerts/evaluate';
import { alertEvents, getAlert } from '../../src/alerts/store';
import { acknowledgeAlert, snoozeAlert } from '../../src/alerts/transitions';
import { loadPlaybooks } from '../../src/playbooks/load';
import { testDb } from '../support/db';
import { CHANNEL, MANAGER, OWNER, VP, outboxRows, seedAccount, seedScore, seedTeam, testConfig } from './fixtures';

const playbooks = loadPlaybooks('playbooks');
const config = testConfig();
const T0 = Date.parse('2026-11-23T10:00:00Z');
const h = (hours: number) => new Date(T0 + hours * 3_600_000);
const tick = (db: Db, hours: number, cfg = config) => escalationTick(db, { config: cfg, now: h(hours) });
const postsTo = (db: Db) => outboxRows(db, "method = 'chat.postMessage' and json_extract(args, '$._resolve') is null").map((p) => p.channel);

function seed(db: Db, score: number, arr = 50_000) {
  seedTeam(db);
  seedAccount(db, 'acme', { arr });
  seedScore(db, 'acme', '2026-11-22', score);
  evaluateAlerts(db, { config, playbooks, now: h(0) });
}

describe('escalationTick', () => {
  let db: Db;
  beforeEach(() => {
    db = testDb();
  });

  it('high: nothing before the 48h SLA; at 48h the next level (VP + escalation channel) is told, with a message saying so', () => {
    seed(db, 40); // tier_drop high → owner + manager
    expect(tick(db, 47.9)).toMatchObject({ escalated: 0 });
    expect(postsTo(db)).toEqual([OWNER, MANAGER]);
    const r = tick(db, 48);
    expect(r).toMatchObject({ escalated: 1 });
    expect(postsTo(db)).toEqual([OWNER, MANAGER, VP, CHANNEL]);
    const a = getAlert(db, 1)!;
    expect(a.escalationLevel).toBe(2);
    expect(a.slaDueAt).toBe(h(96).toISOString());
    const vpPost = outboxRows(db, `channel = '${VP}'`)[0];
    expect(JSON.stringify(vpPost.args.blocks)).toContain(`Escalated to <@${VP}>, <#${CHANNEL}>`);
    expect(JSON.stringify(vpPost.args.blocks)).toContain('not acknowledged 2d after it opened');
    expect(alertEvents(db, 1).at(-1)).toMatchObject({
      kind: 'escalated',
      source: 'timer',
      actor: 'system',
      data: { fromLevel: 1, toLevel: 2, to: [VP, CHANNEL] },
    });
  });

  it('is idempotent: running the same tick twice escalates once', () => {
    seed(db, 40);
    expect(tick(db, 48).escalated).toBe(1);
    const rows = outboxRows(db).length;
    expect(tick(db, 48).escalated).toBe(0);
    expect(tick(db, 50).escalated).toBe(0);
    expect(outboxRows(db).length).toBe(rows);
  });

  it('two ticks from two connections at once escalate once (compare-and-swap on escalation_level)', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'esc-')), 'e.db');
    const a = createDb(file);
    seed(a, 40);
    const b = createDb(file);
    const [ra, rb] = [tick(a, 48), tick(b, 48)];
    expect(ra.escalated + rb.escalated).toBe(1);
    expect(alertEvents(a, 1).filter((e) => e.kind === 'escalated')).toHaveLength(1);
  });

  it('medium walks the whole chain: owner → manager → VP + channel → SLA breach notice, then stops', () => {
    seedTeam(db);
    seedAccount(db, 'acme');
    seedScore(db, 'acme', '2026-11-15', 90);
    seedScore(db, 'acme', '2026-11-22', 72); // health_drop medium → owner, 7d SLA
    evaluateAlerts(db, { config, playbooks: [], now: h(0) }); // no playbook: no step role pulls the manager in early
    expect(postsTo(db)).toEqual([OWNER]);
    expect(tick(db, 24 * 7 - 1).escalated).toBe(0);
    expect(tick(db, 24 * 7).escalated).toBe(1);
    expect(postsTo(db)).toEqual([OWNER, MANAGER]);
    expect(tick(db, 24 * 14).escalated).toBe(1);
    expect(postsTo(db)).toEqual([OWNER, MANAGER, VP, CHANNEL]);
    expect(tick(db, 24 * 21).escalated).toBe(1); // top reached: a breach notice under every copy
    expect(alertEvents(db, 1).at(-1)!.kind).toBe('sla_breached');
    // the channel heard through the tick's batch post, so it holds no copy to reply under
    const replies = outboxRows(db, "args like '%SLA breached%'");
    expect(replies.map((r) => r.channel)).toEqual([OWNER, MANAGER, VP]);
    expect(tick(db, 24 * 60).escalated).toBe(0);
  });

  it('escalation into the channel is batched: one post per tick listing every group that escalated; DMs stay per group', () => {
    seedTeam(db);
    for (const [id, name] of [
      ['acme', 'Acme <!channel>'],
      ['beta', 'Beta'],
      ['gamma', 'Gamma'],
    ] as const) {
      seedAccount(db, id, { name });
      seedScore(db, id, '2026-11-22', 40); // high: owner + manager; VP + channel on escalation at 48h
    }
    evaluateAlerts(db, { config, playbooks, now: h(0) });
    const r = tick(db, 48);
    expect(r).toMatchObject({ escalated: 3, channelPosts: 1 });
    const toChannel = outboxRows(db, `method = 'chat.postMessage' and channel = '${CHANNEL}'`);
    expect(toChannel).toHaveLength(1);
    expect(toChannel[0].alert_id).toBeNull();
    const text = String(toChannel[0].args.text);
    expect(text).toContain('*3 alert groups escalated*');
    expect(text).toContain('Acme &lt;!channel&gt;');
    expect(text).toContain('Beta');
    expect(text).toContain(`owner <@${OWNER}>`);
    // the VP still gets one DM per group
    expect(outboxRows(db, `method = 'chat.postMessage' and channel = '${VP}'`).map((p) => p.alert_id)).toEqual([1, 2, 3]);
    // the same tick again posts nothing more
    expect(tick(db, 48)).toMatchObject({ escalated: 0, channelPosts: 0 });
  });

  it('the escalations and their channel post commit together: if the post cannot be queued, no group escalates', () => {
    seedTeam(db);
    for (const id of ['acme', 'beta']) {
      seedAccount(db, id);
      seedScore(db, id, '2026-11-22', 40); // high: VP + channel on escalation at 48h
    }
    evaluateAlerts(db, { config, playbooks, now: h(0) });
    const before = outboxRows(db).length;
    // the batch post's insert fails (as a crash would stop it): the whole tick rolls back
    db.$client.exec(
      `create trigger fail_batch before insert on outbox when new.idempotency_key like 'escalation-batch:%' begin select raise(abort, 'batch post refused'); end`,
    );
    expect(() => tick(db, 48)).toThrow('batch post refused');
    expect([getAlert(db, 1)!.escalationLevel, getAlert(db, 2)!.escalationLevel]).toEqual([1, 1]);
    expect(outboxRows(db)).toHaveLength(before); // no VP DM for an escalation the channel never heard of
    db.$client.exec('drop trigger fail_batch');
    expect(tick(db, 48)).toMatchObject({ escalated: 2, channelPosts: 1 });
  });

  it('critical: owner + manager + channel at once; the VP on escalation after 24h', () => {
    seed(db, 20);
    expect(postsTo(db)).toEqual([OWNER, MANAGER, CHANNEL]);
    expect(tick(db, 24).escalated).toBe(1);
    expect(postsTo(db)).toEqual([OWNER, MANAGER, CHANNEL, VP]);
  });

  it('acknowledging stops escalation; snoozed alerts do not escalate and wake when the snooze ends', () => {
    seed(db, 40);
    acknowledgeAlert(db, 1, { id: OWNER, source: 'slack' }, { config, now: h(1) });
    expect(tick(db, 100).escalated).toBe(0);

    const db2 = testDb();
    seed(db2, 40);
    snoozeAlert(db2, 1, 7, { id: OWNER, source: 'slack' }, { config, now: h(1) });
    expect(tick(db2, 100)).toMatchObject({ escalated: 0, unsnoozed: 0 });
    const woke = tick(db2, 24 * 7 + 1);
    expect(woke).toMatchObject({ unsnoozed: 1, escalated: 0 }); // fresh SLA from the wake-up
    expect(getAlert(db2, 1)).toMatchObject({ status: 'open', slaDueAt: h(24 * 9 + 1).toISOString() });
    expect(tick(db2, 24 * 9 + 1).escalated).toBe(1);
  });

  it('uses the frozen chain: a config or team edit after opening does not change who is escalated to', () => {
    seed(db, 40);
    db.$client.prepare("update team_members set slack_id = 'UVPNEW' where slack_id = ?").run(VP);
    const edited = testConfig({ alerts: { escalationChannel: 'CNEW1' } });
    tick(db, 48, edited);
    expect(postsTo(db)).toEqual([OWNER, MANAGER, VP, CHANNEL]);
  });
});
