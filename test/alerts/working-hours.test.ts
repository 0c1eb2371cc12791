import { describe, expect, it } from 'vitest';
import { evaluateAlerts } from '../../src/alerts/evaluate';
import { nextWorkingInstant } from '../../src/alerts/working-hours';
import { loadPlaybooks } from '../../src/playbooks/load';
import { testDb } from '../support/db';
import { CHANNEL, MANAGER, OWNER, outboxRows, seedAccount, seedScore, seedTeam, testConfig } from './fixtures';

const wh = { enabled: true, start: 9, end: 18, days: [1, 2, 3, 4, 5] };
const next = (iso: string, tz: string) => nextWorkingInstant(new Date(iso), tz, wh).toISOString();

describe('nextWorkingInstant', () => {
  it.each([
    ['inside working hours: now', '2026-11-23T10:00:00.000Z', 'Europe/Berlin', '2026-11-23T10:00:00.000Z'],
    ['before 9 local: 9 local the same day', '2026-11-23T06:00:00.000Z', 'Europe/Berlin', '2026-11-23T08:00:00.000Z'],
    ['after 18 local: 9 local the next day', '2026-11-23T17:30:00.000Z', 'Europe/Berlin', '2026-11-24T08:00:00.000Z'],
    ['Friday evening: Monday 9 local', '2026-11-27T19:00:00.000Z', 'Europe/Berlin', '2026-11-30T08:00:00.000Z'],
    ['Saturday in New York: Monday 9 EST', '2026-11-28T15:00:00.000Z', 'America/New_York', '2026-11-30T14:00:00.000Z'],
    ['late Monday UTC is Tuesday morning in Tokyo', '2026-11-23T23:00:00.000Z', 'Asia/Tokyo', '2026-11-24T00:00:00.000Z'],
    ['across a DST change (Sat 28 Mar → Mon 30 Mar, CEST)', '2026-03-28T12:00:00.000Z', 'Europe/Berlin', '2026-03-30T07:00:00.000Z'],
    ['unknown zone falls back to UTC', '2026-11-23T06:00:00.000Z', 'Mars/Olympus', '2026-11-23T09:00:00.000Z'],
  ])('%s', (_what, now, tz, expected) => {
    expect(next(now, tz)).toBe(expected);
  });

  it('disabled: always now', () => {
    expect(nextWorkingInstant(new Date('2026-11-28T03:00:00Z'), 'UTC', { ...wh, enabled: false }).toISOString()).toBe('2026-11-28T03:00:00.000Z');
  });
});

describe('DM delivery time', () => {
  const playbooks = loadPlaybooks('playbooks');
  const config = testConfig({ alerts: { workingHours: { enabled: true } } });
  const SATURDAY = new Date('2026-11-28T10:00:00Z');

  it('non-critical DMs wait for each recipient’s working hours; channel posts do not', () => {
    const db = testDb();
    seedTeam(db, { ownerTz: 'Asia/Tokyo' });
    seedAccount(db, 'acme');
    seedScore(db, 'acme', '2026-11-27', 40); // high
    evaluateAlerts(db, { config, playbooks, now: SATURDAY });
    const at = Object.fromEntries(outboxRows(db).map((r) => [r.channel, r.available_at]));
    expect(at[OWNER]).toBe('2026-11-30T00:00:00.000Z'); // Monday 09:00 Tokyo
    expect(at[MANAGER]).toBe('2026-11-30T09:00:00.000Z'); // Monday 09:00 London
  });

  it('critical alerts go out at once, DMs and channel alike, with alerts.criticalOutsideWorkingHours', () => {
    const db = testDb();
    seedTeam(db);
    seedAccount(db, 'acme');
    seedScore(db, 'acme', '2026-11-27', 20); // critical
    const atOnce = testConfig({ alerts: { workingHours: { enabled: true }, criticalOutsideWorkingHours: true } });
    evaluateAlerts(db, { config: atOnce, playbooks, now: SATURDAY });
    const rows = outboxRows(db);
    expect(rows.map((r) => r.channel)).toEqual([OWNER, MANAGER, CHANNEL]);
    for (const r of rows) expect(r.available_at).toBe(SATURDAY.toISOString());
  });

  it('by default critical DMs lead the next working morning; the channel post goes at once', () => {
    const db = testDb();
    seedTeam(db); // owner Berlin, manager London
    seedAccount(db, 'acme');
    seedScore(db, 'acme', '2026-11-27', 20); // critical
    evaluateAlerts(db, { config, playbooks, now: SATURDAY });
    const at = Object.fromEntries(outboxRows(db).map((r) => [r.channel, r.available_at]));
    expect(at).toEqual({ [OWNER]: '2026-11-30T08:00:00.000Z', [MANAGER]: '2026-11-30T09:00:00.000Z', [CHANNEL]: SATURDAY.toISOString() });
  });
});
