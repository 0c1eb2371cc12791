import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, isoWeek, isoWeekMonday, parseDuration, todayIn } from '../../src/lib/dates';

describe('dates', () => {
  it('labels ISO weeks, including the year boundary', () => {
    expect(isoWeek('2026-11-23')).toBe('2026-W48');
    expect(isoWeek('2026-11-29')).toBe('2026-W48');
    expect(isoWeek('2026-11-30')).toBe('2026-W49');
    expect(isoWeek('2027-01-01')).toBe('2026-W53'); // Friday: belongs to 2026's last week
    expect(isoWeek('2024-12-30')).toBe('2025-W01'); // Monday: belongs to 2025
    expect(isoWeekMonday('2026-W48')).toBe('2026-11-23');
    expect(isoWeekMonday('2025-W01')).toBe('2024-12-30');
    for (const d of ['2026-01-01', '2026-06-15', '2027-12-31']) expect(isoWeek(isoWeekMonday(isoWeek(d)))).toBe(isoWeek(d));
  });

  it('does day arithmetic and durations', () => {
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
    expect(daysBetween('2026-01-01', '2026-03-01')).toBe(59);
    expect(parseDuration('48h')).toBe(172_800_000);
    expect(parseDuration('7d')).toBe(604_800_000);
    expect(() => parseDuration('two days')).toThrow(/invalid duration "two days"/);
    expect(todayIn('Pacific/Auckland', new Date('2026-11-23T12:00:00Z'))).toBe('2026-11-24');
  });
});
