import { describe, expect, it } from 'vitest';
import { isoWeek, parseWeek, resolveDigestWeek } from '../../src/digests/week';

describe('digest weeks', () => {
  it('ISO-8601 week labels, including year boundaries and 53-week years', () => {
    expect(isoWeek('2026-11-23')).toBe('2026-W48');
    expect(isoWeek('2026-11-22')).toBe('2026-W47');
    expect(isoWeek('2025-12-29')).toBe('2026-W01'); // Monday of week 1 of 2026 is in 2025
    expect(isoWeek('2026-01-01')).toBe('2026-W01');
    expect(isoWeek('2026-12-31')).toBe('2026-W53');
    expect(isoWeek('2027-01-03')).toBe('2026-W53');
    expect(isoWeek('2027-01-04')).toBe('2027-W01');
    expect(isoWeek('2021-01-03')).toBe('2020-W53');
  });

  it('parses and validates --week', () => {
    expect(parseWeek(' 2026-w48 ')).toBe('2026-W48');
    expect(parseWeek('2026-W53')).toBe('2026-W53');
    expect(() => parseWeek('2027-W53')).toThrow(/does not exist/);
    expect(() => parseWeek('W48')).toThrow(/must look like 2026-W48/);
  });

  it('current week uses today in the time zone; past weeks use their Monday', () => {
    const now = new Date('2026-11-25T12:00:00Z');
    expect(resolveDigestWeek('UTC', now)).toEqual({ week: '2026-W48', asOf: '2026-11-25' });
    expect(resolveDigestWeek('UTC', now, '2026-W48')).toEqual({ week: '2026-W48', asOf: '2026-11-25' });
    expect(resolveDigestWeek('UTC', now, '2026-W40')).toEqual({ week: '2026-W40', asOf: '2026-09-28' });
    expect(resolveDigestWeek('Pacific/Kiritimati', new Date('2026-11-29T12:00:00Z'))).toEqual({ week: '2026-W49', asOf: '2026-11-30' });
  });
});

describe('digests config section', () => {
  it('validates the schedule and the estimate inputs, naming the key', async () => {
    const { parseConfig } = await import('../../src/config/load');
    expect(parseConfig({}).digests).toMatchObject({ schedule: '0 9 * * 1', csmRenewalDays: 60, noTouchDays: 30 });
    expect(() => parseConfig({ digests: { schedule: 'every monday' } })).toThrow(/digests\.schedule: must be a cron expression/);
    expect(() => parseConfig({ digests: { effectiveness: [1.5] } })).toThrow(/digests\.effectiveness\.0/);
    expect(() => parseConfig({ digests: { topN: [] } })).toThrow(/digests\.topN/);
  });
});
