/** The domain's money, percent, renewal-window and driver-severity definitions that other surfaces now share. */
import { describe, expect, it } from 'vitest';
import { compactMoney } from '../../src/charts/format';
import { count, money, moneyExact, pct, pctPrecise, points } from '../../src/domain/format';
import { renewalDueWithin, renewsWithin } from '../../src/domain/renewal';
import { SEVERITY_RANK, driverSeverityRank } from '../../src/domain/severity';
import { addDays, daysBetween } from '../../src/lib/dates';

describe('money and percent', () => {
  it('compact money steps through k, M and B, and the charts use it', () => {
    expect([950, 12_500, 450_000, 1_200_000, 12_000_000, 1_500_000_000, 25_000_000_000, -40_000].map(money)).toEqual([
      '$950',
      '$12.5k',
      '$450k',
      '$1.2M',
      '$12M',
      '$1.5B',
      '$25B',
      '−$40k',
    ]);
    expect(compactMoney(2_340_000_000)).toBe(money(2_340_000_000));
    expect(moneyExact(1_234_567.4)).toBe('$1,234,567');
    expect(count(1_234_567)).toBe('1,234,567');
  });

  it('percent: whole, precise and points', () => {
    expect(pct(0.374)).toBe('37%');
    expect(pctPrecise(0.9873)).toBe('98.7%');
    expect(pctPrecise(0.9873, 2)).toBe('98.73%');
    expect(points(-1.25)).toBe('1.3 pts');
  });
});

describe('renewal window', () => {
  it("the day-count form agrees with renewsWithin's date test for an open renewal", () => {
    const asOf = '2026-03-01';
    for (let d = -5; d <= 100; d++) {
      const renewalDate = addDays(asOf, d);
      const days = daysBetween(asOf, renewalDate);
      expect(renewalDueWithin(days, 90)).toBe(renewsWithin({ renewalDate, renewalStatus: 'pending' }, asOf, 90));
    }
    expect(renewalDueWithin(null, 90)).toBe(false);
    // the driver's form does not look at the status; renewsWithin leaves settled renewals out
    expect(renewalDueWithin(10, 90)).toBe(true);
    expect(renewsWithin({ renewalDate: addDays(asOf, 10), renewalStatus: 'renewed' }, asOf, 90)).toBe(false);
  });
});

describe('driver severity', () => {
  it('ranks warning < high < critical on the alert severity numbering', () => {
    expect([driverSeverityRank('warning'), driverSeverityRank('high'), driverSeverityRank('critical')]).toEqual([
      SEVERITY_RANK.medium,
      SEVERITY_RANK.high,
      SEVERITY_RANK.critical,
    ]);
  });
});
