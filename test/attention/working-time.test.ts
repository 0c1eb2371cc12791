import { describe, expect, it } from 'vitest';
import { slaDueAt } from '../../src/alerts/sla';
import { addWorkingTime, isWorkingTime } from '../../src/alerts/working-hours';
import { mayEscalateNow } from '../../src/attention/escalation-gate';
import { testConfig } from '../alerts/fixtures';

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
