import { describe, expect, it } from 'vitest';
import { addYears, nextAnniversary, windowDays } from '../../src/demo/calendar';

describe('demo calendar helpers', () => {
  it('finds the next contract anniversary strictly after today', () => {
    expect(nextAnniversary('2023-01-07', '2026-11-23')).toBe('2027-01-07');
    expect(nextAnniversary('2023-12-01', '2026-11-23')).toBe('2026-12-01');
    expect(nextAnniversary('2025-11-23', '2026-11-23')).toBe('2027-11-23'); // today itself is not "next"
    expect(nextAnniversary('2026-06-01', '2026-11-23')).toBe('2027-06-01'); // first anniversary
    expect(nextAnniversary('2024-02-29', '2026-11-23')).toBe('2027-03-01'); // leap day rolls to 1 March
    expect(nextAnniversary('2024-02-29', '2027-11-23')).toBe('2028-02-29'); // and is back on leap years
  });

  it('adds years and lists the window oldest first, ending today', () => {
    expect(addYears('2026-11-23', -3)).toBe('2023-11-23');
    expect(windowDays('2026-03-02', 3)).toEqual(['2026-02-28', '2026-03-01', '2026-03-02']);
  });
});
