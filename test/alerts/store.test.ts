/** The alert-group store on a real SQLite database: CAS writes, the one-live-group guard, orderings, JSON columns. */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db';
import type { Chain } from '../../src/alerts/chain';
import {
  alertEvents,
  bumpVersion,
  cardAlert,
  dueForEscalation,
  getAlert,
  insertGroup,
  insertStepCompletion,
  isDismissed,
  lastSelfResolved,
  listGroups,
  liveCounts,
  liveGroupOf,
  recordEvent,
  snoozesEnded,
  updateAlert,
} from '../../src/alerts/store';
import { testDb } from '../support/db';
import { seedAccount } from './fixtures';

const chain = { levels: [[{ id: 'U1', role: 'owner' }]], vpPulledIn: false } as unknown as Chain;
const detail = { reason: 'why', numbers: { drop: 20 }, drivers: ['inactive'] };
let db: Db;

const open = (accountId: string, severity: 'low' | 'medium' | 'high' | 'critical', at: string, extra: { slaDueAt?: string } = {}) =>
  insertGroup(db, {
    accountId,
    rule: 'tier_drop',
    severity,
    title: `${accountId} ${severity}`,
    detail,
    playbookId: null,
    chain,
    escalationLevel: 0,
    slaDueAt: extra.slaDueAt ?? null,
    at,
  });

beforeEach(() => {
  db = testDb();
  for (const id of ['a', 'b', 'c']) seedAccount(db, id, { name: `Acct ${id.toUpperCase()}` });
});

describe('alert-group store', () => {
  it('inserts an open group with its JSON columns typed, and refuses a second live group for the account', () => {
    const g = open('a', 'high', '2026-11-23T10:00:00.000Z')!;
    expect(g).toMatchObject({ accountId: 'a', status: 'open', version: 1, openedAt: '2026-11-23T10:00:00.000Z', detail, chain });
    expect(getAlert(db, g.id)).toEqual(g);
    expect(open('a', 'critical', '2026-11-23T11:00:00.000Z')).toBeNull();
    expect(liveGroupOf(db, 'a')).toEqual({ id: g.id, severity: 'high', status: 'open' });
    expect(liveGroupOf(db, 'b')).toBeUndefined();
  });

  it('compare-and-swap: a stale version or status changes nothing; escalationAtLeast never lowers the level', () => {
    const g = open('a', 'high', '2026-11-23T10:00:00.000Z')!;
    expect(updateAlert(db, g.id, { version: 0 }, { title: 'stale', updatedAt: 'x' })).toBe(false);
    expect(updateAlert(db, g.id, { version: 1, status: 'acknowledged' }, { title: 'stale', updatedAt: 'x' })).toBe(false);
    expect(getAlert(db, g.id)).toMatchObject({ title: 'a high', version: 1 });
    expect(updateAlert(db, g.id, { version: 1 }, { escalationLevel: 2, updatedAt: 't1' })).toBe(true);
    expect(updateAlert(db, g.id, { version: 2 }, { escalationAtLeast: 1, updatedAt: 't2' })).toBe(true);
    expect(getAlert(db, g.id)).toMatchObject({ escalationLevel: 2, version: 3, updatedAt: 't2' });
    expect(updateAlert(db, g.id, { escalationLevel: 2, status: 'open' }, { escalationAtLeast: 3, updatedAt: 't3' })).toBe(true);
    bumpVersion(db, g.id, 't4');
    expect(getAlert(db, g.id)).toMatchObject({ escalationLevel: 3, version: 5, updatedAt: 't4' });
  });

  it('tells a group the rule engine resolved from one a person dismissed, and finds the one to re-open', () => {
    const g = open('a', 'high', '2026-11-20T10:00:00.000Z')!;
    updateAlert(db, g.id, { version: 1 }, { status: 'resolved', resolvedAt: '2026-11-21T10:00:00.000Z', resolvedBy: 'system', updatedAt: 'x' });
    expect(isDismissed(db, g.id)).toBe(false);
    expect(lastSelfResolved(db, 'a', '2026-11-21T00:00:00.000Z')?.id).toBe(g.id);
    expect(lastSelfResolved(db, 'a', '2026-11-22T00:00:00.000Z')).toBeNull();
    const h = open('b', 'high', '2026-11-20T10:00:00.000Z')!;
    updateAlert(
      db,
      h.id,
      { version: 1 },
      { status: 'resolved', resolvedAt: '2026-11-21T10:00:00.000Z', resolvedBy: 'U1', resolutionReason: 'saved', updatedAt: 'x' },
    );
    expect(isDismissed(db, h.id)).toBe(true);
    expect(lastSelfResolved(db, 'b', '2026-11-01T00:00:00.000Z')).toBeNull();
  });

  it('orders listings most severe first, then oldest; the card shows the most severe, newest first', () => {
    const low = open('a', 'low', '2026-11-20T10:00:00.000Z')!;
    const crit = open('b', 'critical', '2026-11-22T10:00:00.000Z')!;
    const high = open('c', 'high', '2026-11-21T10:00:00.000Z')!;
    insertStepCompletion(db, high.id, 's1', 'U1', 'x');
    insertStepCompletion(db, high.id, 's2', 'U1', 'x');
    expect(insertStepCompletion(db, high.id, 's2', 'U2', 'y')).toBe(false);
    const list = listGroups(db, { filter: 'live', limit: 10 });
    expect(list.map((g) => [g.id, g.accountName, g.stepsDone])).toEqual([
      [crit.id, 'Acct B', 0],
      [high.id, 'Acct C', 2],
      [low.id, 'Acct A', 0],
    ]);
    expect(listGroups(db, { filter: 'live', accountId: 'c', limit: 10 }).map((g) => g.id)).toEqual([high.id]);
    expect(listGroups(db, { filter: 'resolved', limit: 10 })).toEqual([]);
    expect(listGroups(db, { filter: 'all', limit: 2 }).map((g) => g.id)).toEqual([crit.id, high.id]);
    expect(cardAlert(db, 'c')?.id).toBe(high.id);
    expect(cardAlert(db, 'zzz')).toBeNull();
    expect(liveCounts(db).sort((x, y) => x.severity.localeCompare(y.severity))).toEqual([
      { status: 'open', severity: 'critical', n: 1 },
      { status: 'open', severity: 'high', n: 1 },
      { status: 'open', severity: 'low', n: 1 },
    ]);
  });

  it('finds due snoozes and due escalations (level ≤ 2), the longest overdue first', () => {
    const a = open('a', 'high', '2026-11-20T10:00:00.000Z', { slaDueAt: '2026-11-22T10:00:00.000Z' })!;
    const b = open('b', 'high', '2026-11-20T10:00:00.000Z', { slaDueAt: '2026-11-21T10:00:00.000Z' })!;
    const c = open('c', 'high', '2026-11-20T10:00:00.000Z', { slaDueAt: '2026-11-24T10:00:00.000Z' })!;
    expect(dueForEscalation(db, '2026-11-23T00:00:00.000Z')).toEqual([b.id, a.id]);
    updateAlert(db, a.id, { version: 1 }, { escalationLevel: 3, updatedAt: 'x' });
    expect(dueForEscalation(db, '2026-11-23T00:00:00.000Z')).toEqual([b.id]);
    updateAlert(db, c.id, { version: 1 }, { status: 'snoozed', snoozedUntil: '2026-11-23T00:00:00.000Z', updatedAt: 'x' });
    expect(snoozesEnded(db, '2026-11-22T23:59:59.000Z')).toEqual([]);
    expect(snoozesEnded(db, '2026-11-23T00:00:00.000Z')).toEqual([c.id]);
  });

  it('events keep their data as JSON, and no data as NULL', () => {
    const g = open('a', 'high', '2026-11-20T10:00:00.000Z')!;
    recordEvent(db, {
      alertId: g.id,
      at: new Date('2026-11-20T10:00:00Z'),
      kind: 'opened',
      actor: 'system',
      source: 'rule',
      toStatus: 'open',
      data: { severity: 'high' },
    });
    recordEvent(db, { alertId: g.id, at: new Date('2026-11-20T11:00:00Z'), kind: 'touched', actor: 'U1', source: 'slack' });
    expect(alertEvents(db, g.id).map((e) => [e.kind, e.actor, e.source, e.fromStatus, e.toStatus, e.data])).toEqual([
      ['opened', 'system', 'rule', null, 'open', { severity: 'high' }],
      ['touched', 'U1', 'slack', null, null, null],
    ]);
    expect(db.$client.prepare('select typeof(data) t from alert_events order by id').all()).toEqual([{ t: 'text' }, { t: 'null' }]);
  });
});
