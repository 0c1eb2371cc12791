import { describe, expect, it } from 'vitest';
import { playbookStepCompletions } from '../../db/schema';
import { bookOwners, computeBook } from '../../src/metrics/book';
import { testDb } from '../support/db';
import { addAccount, addAlert, addMember, addOutreach, addRevenue, addScore } from './fixtures';

const NOW = new Date('2026-11-23T09:00:00Z');
const playbooks = [
  {
    id: 'usage-decline',
    title: 'Usage decline',
    steps: [
      { id: 'review', title: 'Review usage', due: '1d' },
      { id: 'call', title: 'Call the champion', due: '3d' },
      { id: 'plan', title: 'Agree a recovery plan', due: '14d' },
    ],
  },
];

function seed() {
  const db = testDb();
  addMember(db, { email: 'ana@x.io', name: 'Ana', slackId: 'UANA' });
  addMember(db, { email: 'bo@x.io', name: 'Bo', slackId: null });
  addMember(db, { email: 'vp@x.io', name: 'Vee', slackId: 'UVP', role: 'vp' }); // owns nothing
  addAccount(db, { id: 'k1', name: 'Kilo', arr: 100_000, ownerEmail: 'ana@x.io', renewalDate: '2027-01-10' });
  addAccount(db, { id: 'k2', name: 'Lima', arr: 40_000, ownerSlackId: 'UANA', renewalDate: '2027-03-01' });
  addAccount(db, { id: 'k3', name: 'Mike', arr: 20_000, ownerEmail: 'ana@x.io' });
  addAccount(db, { id: 'k4', name: 'Nova', arr: 10_000, ownerEmail: 'ana@x.io', lifecycle: 'churned' });
  addAccount(db, { id: 'z1', name: 'Zulu', arr: 70_000, ownerEmail: 'bo@x.io' });
  addRevenue(db, 'k3', '2025-01-01', 'new', 20_000);
  addScore(db, 'k1', '2026-11-16', 60);
  addScore(db, 'k1', '2026-11-23', 40);
  addScore(db, 'k2', '2026-11-16', 75);
  addScore(db, 'k2', '2026-11-23', 80);
  addScore(db, 'z1', '2026-11-23', 20);
  addOutreach(db, 'k1', '2026-11-20T10:00:00Z');
  addOutreach(db, 'k2', '2026-10-01T10:00:00Z');
  // Opened 5 days ago: 'review' (1d) and 'call' (3d) are due; 'review' is done, so 'call' is overdue; 'plan' not yet due.
  const a1 = addAlert(db, {
    accountId: 'k1',
    rule: 'usage_decline',
    severity: 'high',
    openedAt: '2026-11-18T09:00:00Z',
    slaDueAt: '2026-11-20T09:00:00Z',
    playbookId: 'usage-decline',
    title: 'Usage down 45%',
  });
  db.insert(playbookStepCompletions).values({ alertId: a1, stepId: 'review', completedBy: 'UANA', completedAt: '2026-11-19T09:00:00Z' }).run();
  addAlert(db, { accountId: 'k2', rule: 'tier_drop', severity: 'medium', openedAt: '2026-11-22T09:00:00Z', slaDueAt: '2026-11-29T09:00:00Z' });
  addAlert(db, {
    accountId: 'k3',
    rule: 'inactivity',
    severity: 'critical',
    openedAt: '2026-11-21T09:00:00Z',
    slaDueAt: '2026-11-22T09:00:00Z',
    acknowledgedAt: '2026-11-21T10:00:00Z',
  });
  addAlert(db, { accountId: 'k3', rule: 'health_drop', openedAt: '2026-11-01T09:00:00Z', resolvedAt: '2026-11-02T09:00:00Z' });
  addAlert(db, { accountId: 'z1', rule: 'tier_drop', openedAt: '2026-11-21T09:00:00Z', slaDueAt: '2026-11-22T09:00:00Z' });
  return db;
}

describe('computeBook (one CSM)', () => {
  it('finds owners by email or Slack id', () => {
    expect(bookOwners(seed()).map((m) => m.email)).toEqual(['ana@x.io', 'bo@x.io']);
  });

  it('counts by tier, at-risk ARR vs last week, movers, renewals in 60 days, no touch in 30 days', () => {
    const db = seed();
    const b = computeBook(db, { email: 'ana@x.io', name: 'Ana', slackId: 'UANA' }, { asOf: '2026-11-23', now: NOW, playbooks });
    expect(b.accounts).toBe(3); // the churned one is out; k2 is found by Slack id
    expect(b.totalArr).toBe(160_000);
    expect(b.tiers.find((t) => t.tier === 'At-Risk')).toMatchObject({ count: 1, arr: 100_000 });
    expect(b.tiers.find((t) => t.tier === 'Healthy')).toMatchObject({ count: 1, arr: 40_000 });
    expect(b.unscored).toBe(1);
    expect(b.atRiskArr).toBe(100_000);
    expect(b.atRiskPrevious).toBe(0);
    expect(b.movers.drops.map((m) => [m.accountId, m.change])).toEqual([['k1', -20]]);
    expect(b.movers.gains.map((m) => [m.accountId, m.change])).toEqual([['k2', 5]]);
    expect(b.renewals.map((r) => [r.accountId, r.atRisk])).toEqual([['k1', true]]); // k2 renews in 98 days
    expect(b.noTouch.map((n) => [n.accountId, n.lastTouch])).toEqual([
      ['k3', null],
      ['k2', '2026-10-01T10:00:00Z'],
    ]);
  });

  it('open alerts with SLA state and overdue playbook steps', () => {
    const db = seed();
    const b = computeBook(db, { email: 'ana@x.io', name: 'Ana', slackId: 'UANA' }, { asOf: '2026-11-23', now: NOW, playbooks });
    expect(b.openAlerts.map((a) => [a.accountId, a.severity, a.slaState])).toEqual([
      ['k3', 'critical', 'acknowledged'],
      ['k1', 'high', 'overdue'],
      ['k2', 'medium', 'due'],
    ]);
    const k1 = b.openAlerts.find((a) => a.accountId === 'k1')!;
    expect(k1.overdueSteps).toEqual([{ stepId: 'call', title: 'Call the champion', dueAt: '2026-11-21T09:00:00.000Z' }]);
    expect([k1.stepsDone, k1.stepsTotal]).toEqual([1, 3]);
    expect(b.openAlerts.find((a) => a.accountId === 'k2')!.overdueSteps).toBeNull(); // no playbook on the alert
    const without = computeBook(db, { email: 'ana@x.io', name: 'Ana', slackId: 'UANA' }, { asOf: '2026-11-23', now: NOW });
    expect(without.playbooksKnown).toBe(false);
    expect(without.openAlerts.every((a) => a.overdueSteps === null)).toBe(true);
  });
});
