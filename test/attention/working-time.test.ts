import { describe, expect, it } from 'vitest';
import { slaDueAt } from '../../src/alerts/sla';
import { addWorkingTime, isWorkingTime } from '../../src/alerts/working-hours';
import { mayEscalateNow } from '../../src/attention/escalation-gate';
import { escalationTick } from '../../src/alerts/escalation';
import { evaluateAlerts } from '../../src/alerts/evaluate';
import { loadPlaybooks } from '../../src/playbooks/load';
import { testDb } from '../support/db';
import { seedAccount, seedScore, seedTeam, testConfig } from '../alerts/fixtures';

const cfg = testConfig({ alerts: { workingHours: { enabled: true }, holidays: ['2026-12-25'] } }).alerts;
const due = (iso: string, sev: 'critical' | 'high', tz: string, c = cfg) => slaDueAt(new Date(iso), sev, c, undefined, tz);

describe('SLA clock in working days', () => {
  it.each([
    ['Friday 17:00 + 24 h → Monday 17:00 (Berlin)', '2026-11-27T16:00:00.000Z', 'critical', 'Europe/Berlin', '2026-11-30T16:00:00.000Z'],
    ['Friday 17:00 + 48 h → Tuesday 17:00 (New York)', '2026-11-27T22:00:00.000Z', 'high', 'America/New_York', '2026-12-01T22:00:00.000Z'],
    ['Saturday opens count from Monday 00:00', '2026-11-28T12:00:00.000Z', 'critical', 'Europe/Berlin', '2026-11-30T23:00:00.000Z'],
    ['a holiday (Fri 25 Dec) pauses the clock: Thu 17:00 → Mon 17:00', '2026-12-24T16:00:00.000Z', 'critical', 'Europe/Berlin', '2026-12-28T16:00:00.000Z'],
    ['Berlin spring-forward weekend: Fri 17:00 CET → Mon 17:00 CEST', '2026-03-27T16:00:00.000Z', 'critical', 'Europe/Berlin', '2026-03-30T15:00:00.000Z'],
    ['New York fall-back weekend: Fri 17:00 EDT → Mon 17:00 EST', '2026-10-30T21:00:00.000Z', 'critical', 'America/New_York', '2026-11-02T22:00:00.000Z'],
  ] as const)('%s', (_what, from, sev, tz, expected) => {
    expect(due(from, sev, tz)).toBe(expected);
  });

  it('counts real hours on a DST day that is a working day (23-hour Sunday when Sunday works)', () => {
    const sevenDays = { ...cfg.workingHours, days: [1, 2, 3, 4, 5, 6, 7] };
    // Saturday 12:00 CET + 24 h of elapsed time lands on Sunday 13:00 CEST (the clock skipped 02:00 → 03:00).
    expect(addWorkingTime(new Date('2026-03-28T11:00:00Z'), 24 * 3_600_000, 'Europe/Berlin', sevenDays).toISOString()).toBe('2026-03-29T11:00:00.000Z');
  });

  it('without a zone (or with working hours off) the SLA is wall-clock time', () => {
    expect(slaDueAt(new Date('2026-11-27T16:00:00Z'), 'critical', cfg)).toBe('2026-11-28T16:00:00.000Z');
    const off = testConfig({ alerts: { workingHours: { enabled: false } } }).alerts;
    expect(due('2026-11-27T16:00:00Z', 'critical', 'Europe/Berlin', off)).toBe('2026-11-28T16:00:00.000Z');
  });

  it('holidays make a working day non-working', () => {
    const wh = { ...cfg.workingHours, holidays: cfg.holidays };
    expect(isWorkingTime(new Date('2026-12-25T10:00:00Z'), 'Europe/Berlin', wh)).toBe(false);
    expect(isWorkingTime(new Date('2026-12-24T10:00:00Z'), 'Europe/Berlin', wh)).toBe(true);
  });
});

describe('escalation gate', () => {
  const config = testConfig({ alerts: { workingHours: { enabled: true } } });
  const berlin = [{ role: 'manager' as const, id: 'UMGR1', tz: 'Europe/Berlin' }];
  const at = (iso: string) => ({ config, now: new Date(iso) });
  it('non-critical: only in the next level’s working time (not at night, not on a weekend)', () => {
    expect(mayEscalateNow('high', berlin, at('2026-11-30T10:00:00Z'))).toBe(true); // Monday 11:00 Berlin
    expect(mayEscalateNow('high', berlin, at('2026-11-30T21:00:00Z'))).toBe(false); // Monday 22:00
    expect(mayEscalateNow('medium', berlin, at('2026-11-28T10:00:00Z'))).toBe(false); // Saturday
  });
  it('critical escalates at any time; a channel-only level follows the default zone', () => {
    expect(mayEscalateNow('critical', berlin, at('2026-11-28T10:00:00Z'))).toBe(true);
    expect(mayEscalateNow('high', [{ role: 'channel', id: 'CESC1', tz: null }], at('2026-11-29T10:00:00Z'))).toBe(false);
  });
});

describe('escalation tick over a real database, nobody acknowledging', () => {
  it('a high alert opened Friday 17:00 is due Monday 17:00 (owner’s working days) and escalates then, not over the weekend', () => {
    const db = testDb();
    seedTeam(db); // owner Europe/Berlin, manager Europe/London, VP America/New_York
    seedAccount(db, 'acme');
    seedScore(db, 'acme', '2026-11-27', 40); // high: owner + manager, SLA 48 h
    const config = testConfig({ alerts: { workingHours: { enabled: true } } });
    evaluateAlerts(db, { config, playbooks: loadPlaybooks('playbooks'), now: new Date('2026-11-27T16:00:00Z') });
    const alert = db.$client.prepare('select sla_due_at from alerts').get() as { sla_due_at: string };
    expect(alert.sla_due_at).toBe('2026-12-01T16:00:00.000Z'); // Fri 17:00 + 48 h of working days = Tue 17:00 Berlin
    for (const at of ['2026-11-28T12:00:00Z', '2026-11-29T12:00:00Z', '2026-12-01T15:59:00Z']) {
      expect(escalationTick(db, { config, now: new Date(at) }).escalated).toBe(0);
    }
    // Due Tuesday 17:00 Berlin; the next level (the VP, New York) is at work at 12:00 local: escalates.
    expect(escalationTick(db, { config, now: new Date('2026-12-01T17:00:00Z') }).escalated).toBe(1);
  });

  it('a due non-critical alert waits for the next level’s morning when it falls due at night', () => {
    const db = testDb();
    seedTeam(db);
    seedAccount(db, 'acme');
    seedScore(db, 'acme', '2026-11-23', 40); // high
    const config = testConfig({ alerts: { workingHours: { enabled: true } } });
    evaluateAlerts(db, { config, playbooks: loadPlaybooks('playbooks'), now: new Date('2026-11-23T22:00:00Z') }); // Mon 23:00 Berlin
    // due Wed 22:00 UTC = 17:00 New York (VP at work until 18:00) → escalates at once
    expect(escalationTick(db, { config, now: new Date('2026-11-25T22:00:00Z') }).escalated).toBe(1);
    const db2 = testDb();
    seedTeam(db2);
    seedAccount(db2, 'acme');
    seedScore(db2, 'acme', '2026-11-23', 40);
    evaluateAlerts(db2, { config, playbooks: loadPlaybooks('playbooks'), now: new Date('2026-11-24T03:00:00Z') }); // due Thu 03:00 UTC
    expect(escalationTick(db2, { config, now: new Date('2026-11-26T03:00:00Z') }).escalated).toBe(0); // 22:00 New York
    expect(escalationTick(db2, { config, now: new Date('2026-11-26T14:00:00Z') }).escalated).toBe(1); // 09:00 New York
  });
});
