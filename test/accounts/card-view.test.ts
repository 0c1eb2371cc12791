import { describe, expect, it } from 'vitest';
import { loadAccountCardView } from '../../src/accounts/card-view';
import { testDb } from '../support/db';
import { addAccount, NOW, seedBook } from '../slack/support/seed';

describe('loadAccountCardView', () => {
  const db = testDb();
  seedBook(db);

  it('reads score, 7/30-day trend, drivers, tickets, renewal and owner', () => {
    const v = loadAccountCardView(db, 'acme-corp', NOW)!;
    expect(v.score).toMatchObject({ value: 42, tier: 'At-Risk', asOf: '2026-11-20', coverage: 0.9 });
    expect(v.trend).toEqual({ d7: -13, d30: -26 });
    expect(v.score!.drivers.map((d) => d.id)).toEqual(['usage_decline', 'support_overload']);
    expect(v.tickets).toEqual({ open: 2, highOpen: 2, escalatedOpen: 0 });
    expect(v.daysToRenewal).toBe(45);
    expect(v.account).toMatchObject({ ownerName: 'Carl CSM', ownerSlackId: 'UCSM1', arr: 240_000 });
    expect(v.lastTouch).toBeNull();
  });

  it('buckets 90 days of usage into 13 weeks, oldest first', () => {
    const v = loadAccountCardView(db, 'acme-corp', NOW)!;
    expect(v.usage).toHaveLength(13);
    expect(v.usage[0].start).toBe('2026-08-22'); // 13 weeks = 91 days ending today
    expect(v.usage.reduce((n, w) => n + w.days, 0)).toBe(90);
    expect(v.usage[12].keyEvents).toBe([0, 1, 2, 3, 4, 5, 6].reduce((n, i) => n + 20 + i, 0));
    expect(v.usage[0].keyEvents).toBeGreaterThan(v.usage[12].keyEvents);
  });

  it('shows the open alert with playbook progress, step count from the resolver or the alert detail', () => {
    const fromDetail = loadAccountCardView(db, 'acme-corp', NOW)!.openAlert!;
    expect(fromDetail).toMatchObject({ id: 1, severity: 'high', status: 'open', stepsDone: 1, stepsTotal: 4, slaDueAt: '2026-11-21T15:00:00Z' });
    const fromResolver = loadAccountCardView(db, 'acme-corp', NOW, { playbookStepCount: (id) => (id === 'usage-decline' ? 6 : undefined) })!;
    expect(fromResolver.openAlert!.stepsTotal).toBe(6);
  });

  it('uses the latest outreach as last touch', () => {
    db.$client
      .prepare(
        "insert into outreach(account_id, logged_by, type, outcome, occurred_at) values ('globex','UCSM1','email','sent deck','2026-11-01T10:00:00Z'), ('globex','UCSM1','qbr','renewal agreed','2026-11-15T10:00:00Z')",
      )
      .run();
    expect(loadAccountCardView(db, 'globex', NOW)!.lastTouch).toMatchObject({ type: 'qbr', outcome: 'renewal agreed' });
  });

  it('handles an unscored account with no data, and an unknown id', () => {
    addAccount(db, { id: 'empty-co', name: 'Empty Co' });
    const v = loadAccountCardView(db, 'empty-co', NOW)!;
    expect(v.score).toBeNull();
    expect(v.trend).toEqual({ d7: null, d30: null });
    expect(v.openAlert).toBeNull();
    expect(v.usage.every((w) => w.days === 0)).toBe(true);
    expect(loadAccountCardView(db, 'nope', NOW)).toBeNull();
  });
});
