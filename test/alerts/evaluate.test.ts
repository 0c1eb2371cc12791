import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db';
import { evaluateAlerts } from '../../src/alerts/evaluate';
import { alertEvents, getAlert } from '../../src/alerts/store';
import { acknowledgeAlert } from '../../src/alerts/transitions';
import { loadPlaybooks } from '../../src/playbooks/load';
import { assertWithinBlockKitLimits } from '../support/blockkit-limits';
import { testDb } from '../support/db';
import { CHANNEL, MANAGER, OWNER, VP, outboxRows, seedAccount, seedScore, seedSignal, seedTeam, testConfig } from './fixtures';

const playbooks = loadPlaybooks('playbooks');
const NOW = new Date('2026-11-23T10:00:00Z'); // a Monday
let db: Db;
const config = testConfig();
const run = (now = NOW, cfg = config) => evaluateAlerts(db, { config: cfg, playbooks, now });
const posts = (alertId?: number) => outboxRows(db, `method = 'chat.postMessage'${alertId ? ` and alert_id = ${alertId}` : ''}`);

beforeEach(() => {
  db = testDb();
  seedTeam(db);
});

describe('evaluateAlerts', () => {
  it('opens one alert group per account, routes by severity and writes an event', () => {
    seedAccount(db, 'acme', { name: 'Acme' });
    seedScore(db, 'acme', '2026-11-22', 40); // At-Risk → tier_drop high
    const r = run();
    expect(r).toMatchObject({ opened: 1, raised: 0, resolved: 0, notified: 2 });
    const a = getAlert(db, 1)!;
    expect(a).toMatchObject({ rule: 'tier_drop', severity: 'high', status: 'open', version: 1, escalationLevel: 1 });
    expect(a.slaDueAt).toBe('2026-11-25T10:00:00.000Z'); // 48h
    expect(posts().map((p) => p.channel)).toEqual([OWNER, MANAGER]);
    for (const p of posts()) {
      assertWithinBlockKitLimits(p.args, 'message');
      expect(p.args.metadata).toEqual({ event_type: 'bellwether_alert', event_payload: { alert_id: 1 } });
    }
    expect(alertEvents(db, 1).map((e) => [e.kind, e.source, e.actor])).toEqual([
      ['opened', 'rule', 'system'],
      ['notified', 'rule', 'system'],
    ]);
  });

  it.each([
    ['critical', 20, [OWNER, MANAGER, CHANNEL]],
    ['high', 40, [OWNER, MANAGER]],
  ])('%s → %j', (_sev, score, to) => {
    seedAccount(db, 'acme');
    seedScore(db, 'acme', '2026-11-22', score);
    run();
    expect(posts().map((p) => p.channel)).toEqual(to);
  });

  it('medium → owner (+ every role its playbook assigns a step to); low → digest only (no DM)', () => {
    seedAccount(db, 'acme');
    seedScore(db, 'acme', '2026-11-15', 90);
    seedScore(db, 'acme', '2026-11-22', 72); // drop 18 → medium, still Healthy
    seedAccount(db, 'grow');
    seedScore(db, 'grow', '2026-11-22', 88, { expansion: 0.9 }); // expansion → low
    const r = run();
    // Expansion is not risk: it opens no group (it goes out in the weekly expansion batch).
    expect(r.opened).toBe(1);
    const a = getAlert(db, 1)!;
    expect(a.severity).toBe('medium');
    // the playbook following the top reason has a manager step, so the manager gets a copy too
    expect(a.detail.playbook!.steps.some((s) => s.owner === 'manager')).toBe(true);
    expect(posts().map((p) => [p.alert_id, p.channel])).toEqual([
      [1, OWNER],
      [1, MANAGER],
    ]);
    expect(db.$client.prepare("select count(*) n from alerts where account_id = 'grow'").get()).toEqual({ n: 0 });
    expect(db.$client.prepare("select rule, severity, status, positive from alert_reasons where account_id = 'grow'").all()).toEqual([
      { rule: 'expansion', severity: 'low', status: 'firing', positive: 1 },
    ]);
  });

  it('ARR above the line pulls the VP in', () => {
    seedAccount(db, 'big', { arr: 250_000 });
    seedScore(db, 'big', '2026-11-22', 40);
    run();
    expect(posts().map((p) => p.channel)).toEqual([OWNER, MANAGER, VP]);
    expect(getAlert(db, 1)!.chain.vpPulledIn).toBe(true);
  });

  it('an account without a routable owner goes to the escalation channel instead of nowhere', () => {
    seedAccount(db, 'orphan', { owner: null });
    seedScore(db, 'orphan', '2026-11-15', 90);
    seedScore(db, 'orphan', '2026-11-22', 72);
    run();
    expect(posts().map((p) => p.channel)).toEqual([CHANNEL]);
  });

  it('dedups: a second run changes nothing and sends nothing', () => {
    seedAccount(db, 'acme');
    seedScore(db, 'acme', '2026-11-22', 40);
    run();
    const before = outboxRows(db).length;
    expect(run(new Date('2026-11-23T11:00:00Z'))).toMatchObject({ opened: 0, raised: 0, resolved: 0, notified: 0, unchanged: 1 });
    expect(outboxRows(db).length).toBe(before);
    expect(getAlert(db, 1)!.version).toBe(1);
  });

  it('severity rise re-notifies (new recipients + a reply under existing copies) and re-opens an acknowledged alert', () => {
    seedAccount(db, 'acme');
    seedScore(db, 'acme', '2026-11-22', 40);
    run();
    const ctx = { config, now: new Date('2026-11-23T10:30:00Z') };
    expect(acknowledgeAlert(db, 1, { id: OWNER, source: 'slack' }, ctx).ok).toBe(true);
    seedScore(db, 'acme', '2026-11-23', 20); // Critical
    const r = run(new Date('2026-11-23T12:00:00Z'));
    // Critical tier + health_drop (20 points) join the same group: one rise, no second group.
    expect(r).toMatchObject({ raised: 1, opened: 0 });
    expect(db.$client.prepare('select count(*) n from alerts').get()).toEqual({ n: 1 });
    const a = getAlert(db, 1)!;
    expect(a).toMatchObject({ severity: 'critical', status: 'open', acknowledgedBy: null, escalationLevel: 1 });
    expect(a.slaDueAt).toBe('2026-11-24T12:00:00.000Z'); // critical: 24h from the rise
    const mine = posts(1);
    expect(mine.map((p) => p.channel)).toEqual([OWNER, MANAGER, OWNER, MANAGER, CHANNEL]);
    const replies = mine.filter((p) => p.args._resolve);
    expect(replies.map((p) => String(p.args.text))).toEqual([expect.stringContaining('Severity raised from *high* to *critical*'), expect.any(String)]);
    expect(alertEvents(db, 1).map((e) => e.kind)).toEqual([
      'opened',
      'notified',
      'acknowledged',
      'reason_added',
      'reason_changed',
      'severity_raised',
      'notified',
    ]);
    // a lower severity later does not re-notify
    seedScore(db, 'acme', '2026-11-24', 40);
    const n = outboxRows(db, "method = 'chat.postMessage'").length;
    run(new Date('2026-11-24T12:00:00Z'));
    expect(outboxRows(db, "method = 'chat.postMessage' and alert_id = 1").length).toBe(mine.length);
    expect(outboxRows(db, "method = 'chat.postMessage'").length).toBeGreaterThanOrEqual(n);
  });

  it('auto-resolves when the condition clears and updates every copy', () => {
    seedAccount(db, 'acme');
    seedScore(db, 'acme', '2026-11-22', 40);
    run();
    // pretend both posts went out
    db.$client.prepare("update outbox set status = 'sent'").run();
    db.$client.prepare("update slack_messages set channel = 'D' || substr(address, 2), ts = '1.' || rowid").run();
    seedScore(db, 'acme', '2026-11-23', 60);
    const r = run(new Date('2026-11-23T12:00:00Z'));
    expect(r.resolved).toBe(1);
    expect(getAlert(db, 1)).toMatchObject({ status: 'resolved', resolvedBy: 'system', resolvedAt: '2026-11-23T12:00:00.000Z' });
    const updates = outboxRows(db, "method = 'chat.update'");
    expect(updates.map((u) => u.channel)).toEqual([OWNER, MANAGER]);
    for (const u of updates) {
      expect(String(u.args.text)).toContain('(resolved)');
      expect(JSON.stringify(u.args.blocks)).toContain('Resolved automatically');
      expect(JSON.stringify(u.args.blocks)).not.toContain('"type":"actions"');
      assertWithinBlockKitLimits(u.args, 'message');
    }
    const last = alertEvents(db, 1).at(-1)!;
    expect(last).toMatchObject({ kind: 'resolved', source: 'rule', fromStatus: 'open', toStatus: 'resolved' });
  });

  it('a copy not yet sent is re-rendered in place instead of getting a chat.update', () => {
    seedAccount(db, 'acme');
    seedScore(db, 'acme', '2026-11-22', 40);
    run();
    acknowledgeAlert(db, 1, { id: MANAGER, source: 'slack' }, { config, now: NOW });
    expect(outboxRows(db, "method = 'chat.update'")).toHaveLength(0);
    // never a raw Slack id in text: the fallback mentions the person
    expect(posts().every((p) => String(p.args.text).includes('acknowledged by <@UMGR1>'))).toBe(true);
  });

  it('reads history, usage and signals from the database', () => {
    seedAccount(db, 'acme', { renewalDate: '2026-12-15' });
    seedScore(db, 'acme', '2026-11-16', 80);
    seedScore(db, 'acme', '2026-11-22', 45);
    const ins = db.$client.prepare('insert into usage_daily (account_id, day, logins) values (?, ?, ?)');
    for (let i = 1; i <= 60; i++) {
      const day = new Date(Date.parse('2026-11-22T00:00:00Z') - (i - 1) * 86_400_000).toISOString().slice(0, 10);
      ins.run('acme', day, i <= 30 ? (i > 20 ? 2 : 0) : 10); // last login 20 days ago; 20 vs 300
    }
    seedSignal(db, 'acme', 'champion_departed', '2026-11-20T09:00:00Z', 'Jane <left> & went');
    seedSignal(db, 'acme', 'payment_failed', '2026-09-01T09:00:00Z'); // too old
    run();
    // One group, six reasons; the group takes the highest severity and the most specific critical reason leads.
    expect(db.$client.prepare('select rule, severity from alerts').all()).toEqual([{ rule: 'signal:champion_departed', severity: 'critical' }]);
    const rules = (
      db.$client.prepare('select rule, severity from alert_reasons where alert_id = 1 order by rule').all() as { rule: string; severity: string }[]
    ).map((r) => `${r.rule}:${r.severity}`);
    expect(rules).toEqual([
      'health_drop:high',
      'inactivity:medium',
      'renewal_at_risk:critical',
      'signal:champion_departed:critical',
      'tier_drop:high',
      'usage_decline:high',
    ]);
    const champion = db.$client.prepare("select id from alerts where rule = 'signal:champion_departed'").get() as { id: number };
    const a = getAlert(db, champion.id)!;
    expect(a.playbookId).toBe('champion-departure');
    const post = posts(champion.id)[0];
    expect(JSON.stringify(post.args.blocks)).toContain('Jane &lt;left&gt; &amp; went');
  });

  it('freezes the chain at open: a later team or config change does not reroute the alert', () => {
    seedAccount(db, 'acme');
    seedScore(db, 'acme', '2026-11-22', 40);
    run();
    const frozen = getAlert(db, 1)!.chain;
    db.$client.prepare("update team_members set slack_id = 'UNEWMGR' where email = 'mgr@example.com'").run();
    const edited = testConfig({ alerts: { escalationChannel: 'CNEWCHAN', vpArrThreshold: 0 } });
    run(new Date('2026-11-23T11:00:00Z'), edited);
    expect(getAlert(db, 1)!.chain).toEqual(frozen);
    expect(frozen.levels.map((l) => l.map((r) => r.id))).toEqual([[OWNER], [MANAGER], [VP, CHANNEL]]);
  });

  it("a critical alert's DM never recommends the At-Risk tier's 48 hours: its Next step follows the alert and its SLA", () => {
    seedAccount(db, 'acme', { name: 'Acme' });
    seedScore(db, 'acme', '2026-11-22', 40); // At-Risk tier ("Reach out within 48 hours")
    seedSignal(db, 'acme', 'cancellation_requested', '2026-11-22T09:00:00Z'); // a critical alert
    run();
    const critical = (db.$client.prepare("select id, sla_due_at from alerts where severity = 'critical'").get() as { id: number; sla_due_at: string }) ?? null;
    expect(critical).not.toBeNull();
    const dms = posts(critical.id);
    expect(dms.length).toBeGreaterThan(0);
    for (const dm of dms) {
      const text = JSON.stringify(dm.args.blocks);
      expect(text).toContain('CRITICAL');
      expect(text).toContain('*Next:* Escalate today');
      expect(text).toContain(`Acknowledge the critical alert by <!date^${Date.parse(critical.sla_due_at) / 1000}^`);
      expect(text).not.toContain('Reach out within 48 hours');
    }
  });
});
