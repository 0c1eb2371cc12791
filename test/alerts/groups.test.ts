/**
 * Alert groups: one per account, reasons come and go, inhibition, flap damping with an injected clock,
 * re-opening within the window reuses messages and playbook progress.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db';
import { handleAlertClick } from '../../src/alerts/actions';
import { evaluateAlerts } from '../../src/alerts/evaluate';
import { reassignAlert } from '../../src/alerts/reassign';
import { loadAccountCardView } from '../../src/accounts/card-view';
import { accountCardBlocks } from '../../blocks/account-card';
import { computeBook } from '../../src/metrics/book';
import { alertEvents, getAlert, stepCompletions } from '../../src/alerts/store';
import { completeStep, resolveAlert } from '../../src/alerts/transitions';
import { loadPlaybooks } from '../../src/playbooks/load';
import { testDb } from '../support/db';
import { MANAGER, OWNER, outboxRows, seedAccount, seedScore, seedSignal, seedTeam, testConfig } from './fixtures';

const playbooks = loadPlaybooks('playbooks');
const day = (d: string) => new Date(`${d}T10:00:00Z`);
let db: Db;
const run = (d: string, config = testConfig()) => evaluateAlerts(db, { config, playbooks, now: day(d) });
const posts = () => outboxRows(db, "method = 'chat.postMessage' and json_extract(args, '$._resolve') is null");
const replies = () => outboxRows(db, "method = 'chat.postMessage' and json_extract(args, '$._resolve') is not null");
const updates = () => outboxRows(db, "method = 'chat.update'");
/** Pretend every queued post went out, so later changes arrive as chat.update. */
const markSent = () => {
  db.$client.prepare("update outbox set status = 'sent' where status = 'pending'").run();
  db.$client.prepare("update slack_messages set channel = 'D' || substr(address, 2), ts = '1.' || rowid where ts is null").run();
};
const reasons = () =>
  db.$client.prepare("select rule, severity, status, alert_id from alert_reasons where account_id = 'acme' order by rule").all() as {
    rule: string;
    severity: string;
    status: string;
    alert_id: number | null;
  }[];

beforeEach(() => {
  db = testDb();
  seedTeam(db);
  seedAccount(db, 'acme', { name: 'Acme' });
});

describe('alert groups', () => {
  it('reasons come and go on one group: a new lower reason only updates every copy, a cleared one updates, none left resolves', () => {
    seedScore(db, 'acme', '2026-11-22', 40); // At-Risk: tier_drop high
    expect(run('2026-11-23')).toMatchObject({ opened: 1 });
    const first = posts().length;
    expect(posts().map((p) => p.channel)).toEqual(expect.arrayContaining([OWNER, MANAGER]));
    markSent();

    seedSignal(db, 'acme', 'competitor_mentioned', '2026-11-23T09:00:00Z'); // high: same severity
    seedScore(db, 'acme', '2026-11-23', 40);
    expect(run('2026-11-24')).toMatchObject({ opened: 0, raised: 0, updated: 1 });
    expect(posts()).toHaveLength(first); // nobody is told again
    expect(replies()).toHaveLength(0);
    expect(
      updates()
        .map((u) => u.channel)
        .sort(),
    ).toEqual(
      posts()
        .map((p) => p.channel)
        .sort(),
    ); // every copy, in place
    expect(JSON.stringify(updates()[0].args.blocks)).toContain('*2 reasons*');
    expect(db.$client.prepare('select count(*) n from alerts').get()).toEqual({ n: 1 });

    seedScore(db, 'acme', '2026-11-25', 60); // tier clears; the competitor signal still holds
    expect(run('2026-11-26')).toMatchObject({ updated: 1, resolved: 0 });
    expect(getAlert(db, 1)).toMatchObject({ status: 'open', rule: 'signal:competitor_mentioned', severity: 'high' });
    expect(reasons().map((r) => `${r.rule}:${r.status}`)).toEqual(['signal:competitor_mentioned:firing', 'tier_drop:cleared']);

    seedScore(db, 'acme', '2026-12-30', 60); // the signal is out of its 30-day window
    expect(run('2026-12-30')).toMatchObject({ resolved: 1 });
    expect(alertEvents(db, 1).map((e) => e.kind)).toEqual(['opened', 'notified', 'reason_added', 'reason_cleared', 'reason_cleared', 'resolved']);
  });

  it('inhibition: a muted reason is listed but never notifies on its own, even when it is the highest', () => {
    const config = testConfig({
      alerts: { inhibit: [{ source: { rules: ['tier_drop'] }, target: { rules: ['signal:champion_departed'] } }] },
    });
    seedScore(db, 'acme', '2026-11-22', 40); // tier_drop high
    run('2026-11-23', config);
    markSent();
    const before = posts().length;
    seedSignal(db, 'acme', 'champion_departed', '2026-11-23T09:00:00Z'); // critical, but muted while tier_drop fires
    seedScore(db, 'acme', '2026-11-23', 40);
    expect(run('2026-11-24', config)).toMatchObject({ raised: 0, updated: 1 });
    expect(posts()).toHaveLength(before);
    expect(replies()).toHaveLength(0);
    expect(JSON.stringify(updates()[0].args.blocks)).toContain('muted while tier_drop fires');

    // Without the inhibit rule the same change re-notifies: a thread reply under each copy and the channel is told.
    db = testDb();
    seedTeam(db);
    seedAccount(db, 'acme', { name: 'Acme' });
    const plain = testConfig({ alerts: { inhibit: [] } });
    seedScore(db, 'acme', '2026-11-22', 40);
    run('2026-11-23', plain);
    markSent();
    seedSignal(db, 'acme', 'champion_departed', '2026-11-23T09:00:00Z');
    seedScore(db, 'acme', '2026-11-23', 40);
    expect(run('2026-11-24', plain)).toMatchObject({ raised: 1 });
    expect(replies().length).toBeGreaterThan(0);
  });

  it('the default inhibit rule lists health_drop under a Critical tier as muted', () => {
    seedScore(db, 'acme', '2026-11-15', 90);
    seedScore(db, 'acme', '2026-11-22', 20); // Critical tier + a 70-point drop
    run('2026-11-23');
    const text = JSON.stringify(posts()[0].args.blocks);
    expect(text).toContain('muted while tier_drop fires');
    expect(posts().filter((p) => p.channel === OWNER)).toHaveLength(1); // one message per recipient per group
  });

  it('flap damping: notifies only after `forRuns` runs, resolves only after clear for `keepFiringFor`', () => {
    const config = testConfig({ alerts: { grouping: { forRuns: 2, keepFiringFor: '3d' } } });
    seedScore(db, 'acme', '2026-11-22', 40);
    expect(run('2026-11-22', config)).toMatchObject({ opened: 0 });
    expect(reasons()).toMatchObject([{ rule: 'tier_drop', status: 'pending', alert_id: null }]);
    expect(posts()).toHaveLength(0);
    // a blip that clears before `for` never notifies
    seedScore(db, 'acme', '2026-11-23', 60);
    run('2026-11-23', config);
    seedScore(db, 'acme', '2026-11-24', 40);
    expect(run('2026-11-24', config)).toMatchObject({ opened: 0 });
    expect(posts()).toHaveLength(0);
    // held for a second consecutive run: the group opens
    seedScore(db, 'acme', '2026-11-25', 40);
    expect(run('2026-11-25', config)).toMatchObject({ opened: 1 });
    const n = posts().length;
    expect(n).toBeGreaterThan(0);
    // clear for two days: still firing (clearing), nothing sent, the group stays open
    seedScore(db, 'acme', '2026-11-26', 60);
    expect(run('2026-11-26', config)).toMatchObject({ resolved: 0 });
    seedScore(db, 'acme', '2026-11-28', 60);
    expect(run('2026-11-28', config)).toMatchObject({ resolved: 0 });
    expect(reasons()[0].status).toBe('clearing');
    // it holds again: no new notification, the gap is hidden
    seedScore(db, 'acme', '2026-11-29', 40);
    expect(run('2026-11-29', config)).toMatchObject({ opened: 0, raised: 0, updated: 0 });
    expect(reasons()[0].status).toBe('firing');
    // clear for the full 3 days: resolved
    seedScore(db, 'acme', '2026-11-30', 60);
    run('2026-11-30', config);
    seedScore(db, 'acme', '2026-12-03', 60);
    expect(run('2026-12-02', config)).toMatchObject({ resolved: 0 });
    expect(run('2026-12-03', config)).toMatchObject({ resolved: 1 });
    expect(db.$client.prepare('select count(*) n from alert_messages').get()).toEqual({ n }); // never a second copy
  });

  it('a group that re-opens within the window reuses its messages and playbook progress; later, a new group', () => {
    seedScore(db, 'acme', '2026-11-22', 40, { drivers: [{ id: 'usage_decline' }] }); // → the usage-decline playbook
    run('2026-11-23');
    const a = getAlert(db, 1)!;
    const step = a.detail.playbook!.steps[0].id;
    expect(completeStep(db, 1, step, { id: OWNER, source: 'slack' }, { config: testConfig(), now: day('2026-11-23') }).ok).toBe(true);
    markSent();
    const copies = posts().length;
    seedScore(db, 'acme', '2026-11-24', 60);
    expect(run('2026-11-24')).toMatchObject({ resolved: 1 });
    seedScore(db, 'acme', '2026-11-27', 40, { drivers: [{ id: 'usage_decline' }] });
    expect(run('2026-11-27')).toMatchObject({ opened: 1 });
    expect(getAlert(db, 1)).toMatchObject({ status: 'open', resolvedAt: null });
    expect(db.$client.prepare('select count(*) n from alerts').get()).toEqual({ n: 1 });
    expect(posts()).toHaveLength(copies); // same messages, updated in place
    expect(replies().map((r) => String(r.args.text))).toEqual(Array(copies).fill(expect.stringContaining('Re-opened')));
    expect(stepCompletions(db, 1).get(step)?.by).toBe(OWNER);
    expect(alertEvents(db, 1).map((e) => e.kind)).toContain('reopened');

    seedScore(db, 'acme', '2026-11-28', 60);
    run('2026-11-28');
    seedScore(db, 'acme', '2026-12-20', 40); // beyond the 7-day window
    run('2026-12-20');
    expect(getAlert(db, 2)).toMatchObject({ status: 'open', accountId: 'acme' });
    expect(getAlert(db, 1)!.status).toBe('resolved');
  });

  it('a group a person resolved stays resolved while the same reasons hold; a new reason opens a new group', () => {
    seedScore(db, 'acme', '2026-11-22', 40);
    run('2026-11-23');
    expect(resolveAlert(db, 1, { id: OWNER, source: 'slack' }, { config: testConfig(), now: day('2026-11-23') }).ok).toBe(true);
    seedScore(db, 'acme', '2026-11-23', 40);
    expect(run('2026-11-24')).toMatchObject({ opened: 0 });
    seedSignal(db, 'acme', 'payment_failed', '2026-11-24T09:00:00Z');
    seedScore(db, 'acme', '2026-11-24', 40);
    expect(run('2026-11-25')).toMatchObject({ opened: 1 });
    expect(getAlert(db, 2)).toMatchObject({ rule: 'signal:payment_failed', status: 'open' });
  });

  it('snooze is capped by severity: a critical group snoozes at most 7 days unless a manager snoozes it', () => {
    seedScore(db, 'acme', '2026-11-22', 20); // Critical
    run('2026-11-23');
    const config = testConfig();
    expect(handleAlertClick(db, config, OWNER, { kind: 'snooze', alertId: 1, days: 30 }, day('2026-11-23'))).toEqual({
      ok: false,
      message: 'A critical alert can be snoozed for at most 7 days unless a manager snoozes it.',
    });
    expect(getAlert(db, 1)!.status).toBe('open');
    expect(handleAlertClick(db, config, OWNER, { kind: 'snooze', alertId: 1, days: 7 }, day('2026-11-23')).ok).toBe(true);
    expect(handleAlertClick(db, config, MANAGER, { kind: 'snooze', alertId: 1, days: 30 }, day('2026-11-23')).ok).toBe(true);
    expect(getAlert(db, 1)!.snoozedUntil).toBe('2026-12-23T10:00:00.000Z');
  });

  it('the account card and the CSM digest line show the group with its other reasons', () => {
    seedScore(db, 'acme', '2026-11-22', 40);
    seedSignal(db, 'acme', 'competitor_mentioned', '2026-11-21T09:00:00Z', 'Rival <Inc>');
    run('2026-11-23');
    const view = loadAccountCardView(db, 'acme', day('2026-11-23'))!;
    expect(view.openAlert!.otherReasons).toHaveLength(1);
    const card = JSON.stringify(accountCardBlocks(view).blocks);
    expect(card).toMatch(/_also: [^_]+_/);
    const book = computeBook(db, { email: 'owner@example.com', name: 'Olive', slackId: OWNER }, { asOf: '2026-11-22', now: day('2026-11-23') });
    expect(book.openAlerts[0].otherReasons).toHaveLength(1);
  });

  it('reassign: the chain is rebuilt around the new owner, old copies get a reply saying so, the new owner is told', () => {
    db.$client
      .prepare(
        "insert into team_members (email, name, slack_id, role, manager_email, timezone, updated_at) values ('dana@example.com', 'Dana', 'UDANA1', 'csm', 'mgr@example.com', 'Europe/Berlin', '2026-01-01')",
      )
      .run();
    seedScore(db, 'acme', '2026-11-22', 40);
    run('2026-11-23');
    markSent();
    const ctx = { config: testConfig(), now: day('2026-11-23') };
    expect(reassignAlert(db, 1, 'nobody@example.com', { id: MANAGER, source: 'slack' }, ctx)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('"nobody@example.com" is not in the team table'),
    });
    const r = reassignAlert(db, 1, 'dana@example.com', { id: MANAGER, source: 'slack' }, ctx);
    expect(r.ok).toBe(true);
    expect(getAlert(db, 1)!.chain.levels[0][0].id).toBe('UDANA1');
    expect(replies().map((x) => [x.channel, String(x.args.text)])).toEqual(
      expect.arrayContaining([[OWNER, `:arrows_counterclockwise: Reassigned to <@UDANA1> by <@${MANAGER}>.`]]),
    );
    expect(posts().map((p) => p.channel)).toContain('UDANA1');
    expect(alertEvents(db, 1).at(-1)).toMatchObject({ kind: 'reassigned', actor: MANAGER, data: { from: OWNER, to: 'UDANA1' } });
    expect(reassignAlert(db, 1, 'UDANA1', { id: MANAGER, source: 'slack' }, ctx)).toMatchObject({
      ok: false,
      reason: 'The alert is already assigned to <@UDANA1>.',
    });
  });
});
