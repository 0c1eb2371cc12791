import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load';
import { addDays } from '../../src/lib/dates';
import { scoreAccount } from '../../src/scoring/score-account';
import { COMPONENTS } from '../../src/scoring/types';
import { AS_OF, features, usage } from './features-fixture';

const config = parseConfig({}).scoring;
const sumContrib = (s: ReturnType<typeof scoreAccount>) => Math.round(COMPONENTS.reduce((a, c) => a + s.components[c].contribution, 0) * 10) / 10;

describe('golden scores (expected values computed by hand from the documented curves)', () => {
  it('steady mature account: all four components, no drivers', () => {
    const s = scoreAccount(
      features({
        seatsLicensed: 20,
        renewalDate: addDays(AS_OF, 180),
        usage: usage({
          lastLoginDay: addDays(AS_OF, -2),
          logins30: 400, // 20 per seat → 85
          events30: 2000, // 100 per seat → 85
          loginsPrev30: 400, // trend 0% → 70
          logins7: 90,
          loginsPrev7: 90,
          activeSeats30: 12, // 60% → 65
          features30: 10, // 10/20 = 50% → 60
          integrations: 3, // → 85
        }),
        nps: { latest: 8, previous: 8, respondedAt: '2026-06-01' }, // → 75
        tickets: { open: { low: 0, medium: 1, high: 0, urgent: 0 }, oldestOpenDays: 7, volume90: 3, csat90: 4 },
        revenue: { net90: 0, churnedOn: null },
      }),
      config,
      AS_OF,
    );
    // usage      = .3·85 + .3·85 + .4·70                     = 79
    // engagement = .3·100 + .25·65 + .2·60 + .1·85 + .15·75   = 78
    // support    = .5·85 + .2·80 + .2·90 + .1·75               = 84   (load 1 → 85, oldest 7d → 80, 3 in 90d → 90, CSAT 4 → 75)
    // financial  = .5·70 + .5·100                              = 85   (ARR flat → 70, renewal in 180 d → 100)
    // score      = .35·79 + .25·78 + .2·84 + .2·85 = 80.95 → 81
    expect(s.components.usage.score).toBe(79);
    expect(s.components.engagement.score).toBe(78);
    expect(s.components.support.score).toBe(84);
    expect(s.components.financial.score).toBe(85);
    expect(s.score).toBe(81);
    expect(s.tier).toBe('Healthy');
    expect(s.coverage).toBe(1);
    expect(s.drivers).toEqual([]);
    // contributions 27.65, 19.5, 16.8, 17 scaled to 81 and apportioned in tenths
    expect(COMPONENTS.map((c) => s.components[c].contribution)).toEqual([27.7, 19.5, 16.8, 17]);
    expect(sumContrib(s)).toBe(81);
    expect(s.expansion).toBe(0);
    expect(s.quadrant).toBe('Stable Base');
    expect(s.onboarding).toBe(false);
  });

  it('declining account with a departed champion and no support or financial data', () => {
    const s = scoreAccount(
      features({
        usage: usage({
          lastLoginDay: addDays(AS_OF, -20), // → 55 − 40·6/16 = 40
          logins30: 40, // seats unknown: absolute curve → 80
          events30: 3, // → 24
          loginsPrev30: 100, // −60%
          logins7: 5,
          loginsPrev7: 10, // −50%
          features30: 4, // 20% → 24
          integrations: 1, // → 40
        }),
        nps: { latest: 5, previous: 9, respondedAt: '2026-06-01' }, // → 33.33
        signals: [{ kind: 'champion_departed', occurredAt: '2026-06-20T10:00:00Z', detail: 'VP Ops left' }],
      }),
      config,
      AS_OF,
    );
    // trend = .75·(−60) + .25·(−50) = −57.5 → 35·2.5/30 = 2.9167
    // (sub-scores are kept to tenths: 2.9, 33.3)
    // usage = .3·80 + .3·24 + .4·2.9 = 32.36
    // engagement parts (no seats): (.3·40 + .2·24 + .1·40 + .15·33.3)/.75 = 34.39, minus 25 (champion) = 9.39
    // support, financial: no data → weight re-distributed: usage 35/60, engagement 25/60, coverage 0.6
    // score = 32.36·35/60 + 9.39·25/60 = 22.79 → 23
    expect(s.components.usage.score).toBe(32.4);
    expect(s.components.engagement.score).toBe(9.4);
    expect(s.components.engagement.penalty).toBe(25);
    expect(s.components.support.score).toBeNull();
    expect(s.components.financial.score).toBeNull();
    expect(s.components.usage.effectiveWeight).toBe(58.3);
    expect(s.components.engagement.effectiveWeight).toBe(41.7);
    expect(s.coverage).toBe(0.6);
    expect(s.score).toBe(23);
    expect(s.tier).toBe('Critical');
    expect(sumContrib(s)).toBe(23);
    expect(s.drivers.map((d) => [d.id, d.severity, d.points])).toEqual([
      ['usage_decline', 'critical', 22.7], // .4·(100−2.9167)·35/60
      ['low_events', 'high', 13.3], // .3·(100−24)·35/60
      ['champion_departed', 'high', 10.4], // 25·25/60
      ['inactive', 'warning', 10], // (.3/.75)·(100−40)·25/60
      ['detractor', 'high', 5.6], // (.15/.75)·(100−33.33)·25/60
    ]);
    expect(s.drivers[0].reason).toBe('logins down 60% vs previous 30 days (100 → 40)');
    expect(s.drivers[1].reason).toBe('only 3 key events in the last 30 days (healthy accounts have 5+)');
    expect(s.drivers[2].reason).toBe('champion departed on 2026-06-20: VP Ops left');
    expect(s.drivers[3].reason).toBe('no login for 20 days (last login 2026-06-10)');
    expect(s.drivers[4].reason).toBe('latest NPS 5 (was 9): a detractor');
    expect(s.drivers.every((d) => d.action.length > 20)).toBe(true);
    expect(s.quadrant).toBe('Churn Candidate');
  });

  it('onboarding account is judged on activation and daily rate, not on short history', () => {
    const s = scoreAccount(
      features({
        tenureDays: 20,
        seatsLicensed: 10,
        renewalDate: addDays(AS_OF, 345),
        usage: usage({
          firstDay: addDays(AS_OF, -20),
          days30: 21,
          daysPrev30: 0,
          loginsPrev30: 0,
          logins30: 42, // 21 days of life → ×30/21 = 60 → 6 per seat → 40
          events30: 14, // ×30/21 = 20 → 2 per seat → 12
          activeSeats30: 4, // 40%
          features30: 6, // 30%
          integrations: 1,
        }),
      }),
      config,
      AS_OF,
    );
    // activation = mean(1/3, .3/.4, .4/.5) = 62.8
    // usage      = .3·40 + .3·12 + .4·62.8 = 40.72
    // engagement = (.3·100 + .25·38.3 + .2·36 + .1·40)/.85 = 59.74   (seat use 40% → 38.3, adoption 30% → 36)
    // financial  = renewal in 345 d → 100; support: no data
    // score      = (35·40.72 + 25·59.74 + 20·100)/80 = 61.48 → 61
    expect(s.onboarding).toBe(true);
    expect(s.components.usage.parts).toHaveProperty('activation');
    expect(s.components.usage.parts).not.toHaveProperty('trend');
    expect(s.components.usage.score).toBe(40.7);
    expect(s.components.engagement.score).toBe(59.7);
    expect(s.coverage).toBe(0.8);
    expect(s.score).toBe(61);
    expect(s.tier).toBe('Neutral');
    expect(sumContrib(s)).toBe(61);
    expect(s.drivers.map((d) => [d.id, d.points])).toEqual([
      ['onboarding_at_risk', 6.5], // .4·(100−62.8)·35/80
      ['seat_underuse', 5.7], // (.25/.85)·(100−38.3)·25/80
    ]);
    expect(s.drivers[0].reason).toBe('day 20 of onboarding with 1 of 3 integrations connected');
    expect(s.drivers[1].reason).toBe('4 of 10 licensed seats active (40%)');
  });

  it('does not penalise short history: the same 21 days of data scores higher when the account is known to be new', () => {
    const u = usage({ firstDay: addDays(AS_OF, -20), days30: 21, daysPrev30: 0, logins30: 42, events30: 14, activeSeats30: 4, features30: 6, integrations: 1 });
    const young = scoreAccount(features({ tenureDays: 20, seatsLicensed: 10, usage: u }), config, AS_OF);
    const unknownAge = scoreAccount(features({ tenureDays: null, seatsLicensed: 10, usage: u }), config, AS_OF);
    expect(young.onboarding).toBe(true);
    expect(unknownAge.onboarding).toBe(false);
    expect(young.components.usage.score!).toBeGreaterThan(unknownAge.components.usage.score!);
    // at 90+ days the onboarding treatment ends
    expect(scoreAccount(features({ tenureDays: 90, seatsLicensed: 10, usage: u }), config, AS_OF).onboarding).toBe(false);
  });
});
