import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { type Db, createDb } from '../../db';
import { alertMessage } from '../../blocks/alert-message';
import { handleAlertClick } from '../../src/alerts/actions';
import { evaluateAlerts } from '../../src/alerts/evaluate';
import { alertEvents, getAlert, stepCompletions } from '../../src/alerts/store';
import { acknowledgeAlert, completeStep, reopenStep, resolveAlert, snoozeAlert, unsnoozeAlert } from '../../src/alerts/transitions';
import { loadAlertMessageView } from '../../src/alerts/view';
import { loadPlaybooks } from '../../src/playbooks/load';
import { assertWithinBlockKitLimits } from '../support/blockkit-limits';
import { testDb } from '../support/db';
import { MANAGER, OWNER, VP, outboxRows, seedAccount, seedScore, seedTeam, testConfig } from './fixtures';

const playbooks = loadPlaybooks('playbooks');
const config = testConfig();
const T0 = new Date('2026-11-23T10:00:00Z');
const at = (min: number) => ({ config, now: new Date(T0.getTime() + min * 60_000) });
const slack = (id: string) => ({ id, source: 'slack' as const });

function seedOpenAlert(db: Db): number {
  seedTeam(db);
  seedAccount(db, 'acme', { name: 'Acme' });
  seedScore(db, 'acme', '2026-11-22', 40, { drivers: [{ id: 'usage_decline' }] }); // tier_drop high → usage-decline playbook
  evaluateAlerts(db, { config, playbooks, now: T0 });
  return 1;
}

describe('alert transitions', () => {
  let db: Db;
  beforeEach(() => {
    db = testDb();
    seedOpenAlert(db);
  });

  it('acknowledge: open → acknowledged, records who/when/source, bumps the version, refuses a second ack', () => {
    const r = acknowledgeAlert(db, 1, slack(OWNER), at(42));
    expect(r.ok).toBe(true);
    expect(getAlert(db, 1)).toMatchObject({ status: 'acknowledged', acknowledgedBy: OWNER, acknowledgedAt: '2026-11-23T10:42:00.000Z', version: 2 });
    const again = acknowledgeAlert(db, 1, slack(MANAGER), at(43));
    expect(again).toMatchObject({ ok: false, reason: `Already acknowledged by <@${OWNER}>.` });
    expect(getAlert(db, 1)!.version).toBe(2);
    expect(alertEvents(db, 1).filter((e) => e.kind === 'acknowledged')).toEqual([
      expect.objectContaining({ actor: OWNER, source: 'slack', fromStatus: 'open', toStatus: 'acknowledged', at: '2026-11-23T10:42:00.000Z' }),
    ]);
    const view = loadAlertMessageView(db, 1, at(43).now)!;
    const msg = alertMessage(view);
    expect(JSON.stringify(msg.blocks)).toContain(`Acknowledged by <@${OWNER}> at <!date^`);
    expect(JSON.stringify(msg.blocks)).toContain('|2026-11-23 10:42 UTC>');
    expect(JSON.stringify(msg.blocks)).not.toContain('alert.acknowledge');
  });

  it('snooze → snoozed until now + days; the timer wakes it back to open with a fresh SLA', () => {
    expect(snoozeAlert(db, 1, 7, slack(OWNER), at(0)).ok).toBe(true);
    expect(getAlert(db, 1)).toMatchObject({ status: 'snoozed', snoozedUntil: '2026-11-30T10:00:00.000Z' });
    expect(unsnoozeAlert(db, 1, at(60)).ok).toBe(false); // not due yet
    const woke = unsnoozeAlert(db, 1, { config, now: new Date('2026-11-30T10:05:00Z') });
    expect(woke.ok).toBe(true);
    expect(getAlert(db, 1)).toMatchObject({ status: 'open', snoozedUntil: null, slaDueAt: '2026-12-02T10:05:00.000Z' });
    expect(alertEvents(db, 1).at(-1)).toMatchObject({ kind: 'unsnoozed', source: 'timer', actor: 'system', fromStatus: 'snoozed', toStatus: 'open' });
  });

  it('a snoozed acknowledged alert wakes up acknowledged', () => {
    acknowledgeAlert(db, 1, slack(OWNER), at(1));
    snoozeAlert(db, 1, 1, slack(OWNER), at(2));
    unsnoozeAlert(db, 1, { config, now: new Date('2026-11-25T00:00:00Z') });
    expect(getAlert(db, 1)!.status).toBe('acknowledged');
  });

  it('rejects bad snooze lengths without changing anything', () => {
    expect(snoozeAlert(db, 1, 0, slack(OWNER), at(1)).ok).toBe(false);
    expect(snoozeAlert(db, 1, 1.5, slack(OWNER), at(1)).ok).toBe(false);
    expect(snoozeAlert(db, 1, 365, slack(OWNER), at(1)).ok).toBe(false);
    expect(getAlert(db, 1)).toMatchObject({ status: 'open', version: 1 });
  });

  it('resolve from any live state; a resolved alert refuses ack, snooze and steps', () => {
    expect(resolveAlert(db, 1, { id: 'cli:ops', source: 'cli' }, at(5), 'fixed').ok).toBe(true);
    expect(acknowledgeAlert(db, 1, slack(OWNER), at(6))).toMatchObject({ ok: false, reason: 'This alert is already resolved.' });
    expect(snoozeAlert(db, 1, 1, slack(OWNER), at(6)).ok).toBe(false);
    expect(completeStep(db, 1, 'review-usage', slack(OWNER), at(6)).ok).toBe(false);
    expect(alertEvents(db, 1).at(-1)).toMatchObject({ kind: 'resolved', actor: 'cli:ops', source: 'cli', data: { reason: 'fixed' } });
  });

  it('playbook steps: one click records who and when; unticking reopens; unknown steps are refused', () => {
    expect(completeStep(db, 1, 'review-usage', slack(OWNER), at(10)).ok).toBe(true);
    expect(stepCompletions(db, 1).get('review-usage')).toEqual({ by: OWNER, at: '2026-11-23T10:10:00.000Z' });
    expect(completeStep(db, 1, 'nope', slack(OWNER), at(10))).toMatchObject({ ok: false, reason: 'unknown step "nope"' });
    const msg = alertMessage(loadAlertMessageView(db, 1, at(11).now)!);
    assertWithinBlockKitLimits(msg as never, 'message');
    const json = JSON.stringify(msg.blocks);
    expect(json).toContain('1/4 done');
    expect(json).toContain(`Done by <@${OWNER}>`);
    expect(json).toContain('"initial_options"');
    expect(reopenStep(db, 1, 'review-usage', slack(MANAGER), at(12)).ok).toBe(true);
    expect(stepCompletions(db, 1).size).toBe(0);
    expect(
      alertEvents(db, 1)
        .map((e) => e.kind)
        .slice(-2),
    ).toEqual(['step_completed', 'step_reopened']);
  });

  it('permission: someone unrelated to the account cannot act; the owner, manager and VP can', () => {
    db.$client
      .prepare("insert into team_members (email, name, slack_id, role, updated_at) values ('x@example.com', 'X', 'UOTHER1', 'csm', '2026-01-01')")
      .run();
    expect(handleAlertClick(db, config, 'UOTHER1', { kind: 'acknowledge', alertId: 1 }, at(1).now)).toMatchObject({ ok: false });
    expect(handleAlertClick(db, config, 'UNKNOWN', { kind: 'snooze', alertId: 1, days: 7 }, at(1).now).ok).toBe(false);
    expect(handleAlertClick(db, config, VP, { kind: 'step', alertId: 1, stepId: 'review-usage', checked: true }, at(1).now).ok).toBe(true);
    expect(handleAlertClick(db, config, MANAGER, { kind: 'acknowledge', alertId: 1 }, at(2).now).ok).toBe(true);
    expect(handleAlertClick(db, config, OWNER, { kind: 'acknowledge', alertId: 99 }, at(2).now)).toEqual({
      ok: false,
      message: 'That alert no longer exists.',
    });
  });
});

describe('races between two connections (separate processes share the file)', () => {
  function twoConnections(): [Db, Db] {
    const file = join(mkdtempSync(join(tmpdir(), 'race-')), 'b.db');
    const a = createDb(file);
    seedOpenAlert(a);
    return [a, createDb(file)];
  }

  it('acknowledge arriving while auto-resolve runs: the evaluator decided to resolve, the ack lands first → resolved, ack kept in history', () => {
    const [evaluator, slackConn] = twoConnections();
    seedScore(evaluator, 'acme', '2026-11-23', 60); // condition cleared; the evaluator is about to resolve
    expect(acknowledgeAlert(slackConn, 1, slack(OWNER), at(30)).ok).toBe(true);
    const r = evaluateAlerts(evaluator, { config, playbooks, now: at(30).now });
    expect(r.resolved).toBe(1); // one group: its tier_drop and usage_decline reasons both cleared
    const a = getAlert(slackConn, 1)!;
    expect(a).toMatchObject({ status: 'resolved', acknowledgedBy: OWNER });
    expect(alertEvents(slackConn, 1).map((e) => `${e.kind}:${e.fromStatus ?? ''}>${e.toStatus ?? ''}`)).toEqual([
      'opened:>open',
      'notified:>',
      'acknowledged:open>acknowledged',
      'reason_cleared:>',
      'reason_cleared:>',
      'resolved:acknowledged>resolved',
    ]);
  });

  it('the other order: resolve wins, the late ack is refused and nothing is double-written', () => {
    const [evaluator, slackConn] = twoConnections();
    seedScore(evaluator, 'acme', '2026-11-23', 60);
    evaluateAlerts(evaluator, { config, playbooks, now: at(30).now });
    const late = handleAlertClick(slackConn, config, OWNER, { kind: 'acknowledge', alertId: 1 }, at(31).now);
    expect(late).toEqual({ ok: false, message: 'This alert is already resolved.' });
    expect(alertEvents(slackConn, 1).filter((e) => e.kind === 'acknowledged')).toHaveLength(0);
  });

  it('a stale writer cannot overwrite: CAS on status + version', () => {
    const [a, b] = twoConnections();
    const before = getAlert(a, 1)!; // A read the alert …
    expect(snoozeAlert(b, 1, 7, slack(MANAGER), at(5)).ok).toBe(true); // … B changed it …
    expect(acknowledgeAlert(a, 1, slack(OWNER), at(6)).ok).toBe(true); // … A's transition re-reads inside its transaction
    expect(before.status).toBe('open');
    expect(getAlert(b, 1)).toMatchObject({ status: 'acknowledged', snoozedUntil: null, version: 3 });
  });

  it('two people clicking the same step: the first wins, the second is told, every copy shows the first', () => {
    const [a, b] = twoConnections();
    expect(handleAlertClick(a, config, OWNER, { kind: 'step', alertId: 1, stepId: 'reach-champion', checked: true }, at(10).now).ok).toBe(true);
    const second = handleAlertClick(b, config, MANAGER, { kind: 'step', alertId: 1, stepId: 'reach-champion', checked: true }, at(10).now);
    expect(second).toEqual({ ok: false, message: `Already done by <@${OWNER}>.` });
    expect(stepCompletions(b, 1).get('reach-champion')!.by).toBe(OWNER);
    // both copies (owner + manager) carry the same rendering naming the first clicker
    const posts = outboxRows(b, "method = 'chat.postMessage' and alert_id = 1");
    expect(posts).toHaveLength(2);
    for (const p of posts) expect(JSON.stringify(p.args.blocks)).toContain(`Done by <@${OWNER}>`);
    expect(JSON.stringify(posts[0].args.blocks)).toBe(JSON.stringify(posts[1].args.blocks));
    expect(alertEvents(b, 1).filter((e) => e.kind === 'step_completed')).toHaveLength(1);
  });
});
