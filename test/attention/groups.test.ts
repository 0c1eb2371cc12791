/**
 * The attention budget on alert groups: the ledger's unit is the group, thread replies (severity rise) obey the
 * budget, followers hear a rise of a group they follow, and the SLA runs in the owner's working time.
 */
import { describe, expect, it } from 'vitest';
import { escalationTick } from '../../src/alerts/escalation';
import { ESCALATION_BATCH_EVENT_TYPE } from '../../src/alerts/escalation-batch';
import { evaluateAlerts } from '../../src/alerts/evaluate';
import { getAlert } from '../../src/alerts/store';
import { unacknowledgeAlert, acknowledgeAlert } from '../../src/alerts/transitions';
import { follow } from '../../src/attention/store';
import { sendDueSummaries } from '../../src/attention/summary';
import { loadPlaybooks } from '../../src/playbooks/load';
import { testDb } from '../support/db';
import { CHANNEL, OWNER, VP, outboxRows, seedAccount, seedScore, seedTeam, testConfig } from '../alerts/fixtures';

const playbooks = loadPlaybooks('playbooks');
const MONDAY = new Date('2026-11-23T10:00:00Z'); // 11:00 Berlin (owner), 10:00 London (manager), 05:00 New York (VP)
type TestDb = ReturnType<typeof testDb>;
const posts = (db: TestDb) => outboxRows(db, `method = 'chat.postMessage'`);
const replies = (db: TestDb) => posts(db).filter((r) => r.args._resolve);
const ledger = (db: TestDb, who: string) =>
  db.$client.prepare('select alert_id alertId, severity, purpose, decision, reason from attention_ledger where recipient = ? order by id').all(who) as {
    alertId: number;
    severity: string;
    purpose: string;
    decision: string;
    reason: string;
  }[];

function highThenCritical(db: TestDb, config: ReturnType<typeof testConfig>, riseAt: Date, seeded = false) {
  if (!seeded) seedAccount(db, 'acme', { name: 'Acme Corp' });
  seedScore(db, 'acme', '2026-11-22', 40); // At-Risk: a high group
  evaluateAlerts(db, { config, playbooks, now: MONDAY });
  seedScore(db, 'acme', '2026-11-23', 20); // Critical: the group's severity rises
  return evaluateAlerts(db, { config, playbooks, now: riseAt });
}

describe('attention budget on alert groups', () => {
  it('a group counts once per person: a severity rise does not re-decide for people who hold a copy', () => {
    const db = testDb();
    seedTeam(db);
    const config = testConfig();
    expect(highThenCritical(db, config, new Date('2026-11-23T11:00:00Z'))).toMatchObject({ raised: 1, opened: 0 });
    // The owner's ledger: the group's first notice, then the rise as a thread reply ('update'), never a second 'open'.
    expect(ledger(db, OWNER).map((l) => `${l.alertId}:${l.severity}:${l.purpose}:${l.decision}`)).toEqual(['1:high:open:now', '1:critical:update:now']);
    // one card per person and one reply under it
    expect(posts(db).filter((r) => r.channel === OWNER && !r.args._resolve)).toHaveLength(1);
    expect(
      replies(db)
        .filter((r) => r.channel === OWNER)
        .map((r) => String(r.args.text)),
    ).toEqual([expect.stringContaining('Severity raised from *high* to *critical*')]);
  });

  it('a severity-rise reply over the daily cap is held: the group goes to the end-of-day summary with its reasons', () => {
    const db = testDb();
    seedTeam(db);
    const config = testConfig({ alerts: { dailyDmCap: 1, workingHours: { enabled: true } } });
    highThenCritical(db, config, new Date('2026-11-23T11:00:00Z'));
    // the owner already had one individual DM today (the group's card): the reply is held, not sent
    expect(replies(db).filter((r) => r.channel === OWNER)).toHaveLength(0);
    expect(ledger(db, OWNER).at(-1)).toMatchObject({ purpose: 'update', decision: 'summary', reason: 'cap' });
    sendDueSummaries(db, { config, now: new Date('2026-11-23T16:05:00Z') }); // 17:05 Berlin
    const summary = posts(db)
      .filter((r) => r.channel === OWNER)
      .at(-1)!;
    expect(summary.args.text).toBe('Your alert summary: 1 critical');
    const lines = (summary.args.blocks as { type: string; text?: { text: string } }[]).filter((b) => b.type === 'section').map((b) => b.text!.text);
    expect(lines).toHaveLength(1); // one line per group, not per reason or per decision
    expect(lines[0]).toContain('*Acme Corp*');
    expect(lines[0]).toMatch(/_also: .+_/); // the group's other live reasons
  });

  it('a severity-rise reply outside the owner’s working hours waits for their working morning', () => {
    const db = testDb();
    seedTeam(db);
    const config = testConfig({ alerts: { workingHours: { enabled: true } } });
    highThenCritical(db, config, new Date('2026-11-23T20:00:00Z')); // 21:00 Berlin
    const reply = replies(db).find((r) => r.channel === OWNER)!;
    expect(reply.available_at).toBe('2026-11-24T08:00:00.000Z'); // Tuesday 09:00 Berlin
  });

  it('a follower gets the group’s card and, holding it, the severity-rise reply', () => {
    const db = testDb();
    seedTeam(db);
    const config = testConfig();
    seedAccount(db, 'acme', { name: 'Acme Corp' });
    follow(db, VP, 'account', 'acme', MONDAY);
    highThenCritical(db, config, new Date('2026-11-23T11:00:00Z'), true);
    const vp = posts(db).filter((r) => r.channel === VP);
    expect(vp.filter((r) => !r.args._resolve)).toHaveLength(1);
    expect(vp.filter((r) => r.args._resolve).map((r) => String(r.args.text))).toEqual([expect.stringContaining('Severity raised')]);
  });

  it('the group’s SLA counts the owner’s working days: opened Friday 17:00 Berlin with 48 h, due Tuesday 17:00; an unacknowledge on Saturday starts it Monday 00:00', () => {
    const db = testDb();
    seedTeam(db);
    const config = testConfig({ alerts: { workingHours: { enabled: true } } });
    seedAccount(db, 'acme');
    seedScore(db, 'acme', '2026-11-26', 40); // high: 48h
    const friday = new Date('2026-11-27T16:00:00Z');
    evaluateAlerts(db, { config, playbooks, now: friday });
    expect(getAlert(db, 1)!.slaDueAt).toBe('2026-12-01T16:00:00.000Z');
    expect(acknowledgeAlert(db, 1, { id: OWNER, source: 'slack' }, { config, now: friday }).ok).toBe(true);
    const saturday = new Date('2026-11-28T10:00:00Z');
    expect(unacknowledgeAlert(db, 1, { id: OWNER, source: 'slack' }, { config, now: saturday }).ok).toBe(true);
    expect(getAlert(db, 1)!.slaDueAt).toBe('2026-12-01T23:00:00.000Z'); // the clock starts Monday 00:00 Berlin (Sunday 23:00 UTC)
  });

  it('the batched escalation post names the groups it lists and their severities', () => {
    const db = testDb();
    seedTeam(db);
    const config = testConfig();
    for (const id of ['a1', 'a2']) {
      seedAccount(db, id, { arr: 500_000 });
      seedScore(db, id, '2026-11-22', 40); // high: owner + manager + VP (ARR), channel at the top level
    }
    evaluateAlerts(db, { config, playbooks, now: MONDAY });
    const later = new Date('2026-11-30T10:00:00Z');
    escalationTick(db, { config, now: later });
    escalationTick(db, { config, now: new Date('2026-12-07T10:00:00Z') });
    const batch = posts(db).filter((r) => r.channel === CHANNEL);
    expect(batch.length).toBeGreaterThan(0);
    for (const b of batch) {
      const meta = b.args.metadata as { event_type: string; event_payload: { alert_ids: number[]; severities: string[] } };
      expect(meta.event_type).toBe(ESCALATION_BATCH_EVENT_TYPE);
      expect(meta.event_payload.alert_ids.sort()).toEqual([1, 2]);
      expect(meta.event_payload.severities).toEqual(['high', 'high']);
    }
  });
});
