/** Monotonicity and re-weighting properties over many generated feature sets (deterministic PRNG). */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load';
import { addDays } from '../../src/lib/dates';
import type { AccountFeatures } from '../../src/scoring/features';
import { scoreAccount } from '../../src/scoring/score-account';
import { SIGNAL_KINDS } from '../../db/schema';
import { AS_OF, features, usage } from './features-fixture';

const config = parseConfig({}).scoring;

function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Random but plausible accounts, with each data source sometimes missing. */
function randomAccounts(n: number, seed = 7): AccountFeatures[] {
  const r = prng(seed);
  const int = (max: number) => Math.floor(r() * (max + 1));
  return Array.from({ length: n }, (_, i) => {
    const hasUsage = r() < 0.85;
    const tenure = r() < 0.2 ? int(89) : 90 + int(1000);
    const prev = int(300);
    return features({
      id: `a${i}`,
      tenureDays: tenure,
      seatsLicensed: r() < 0.7 ? 1 + int(50) : null,
      renewalDate: r() < 0.7 ? addDays(AS_OF, int(400) - 30) : null,
      renewalStatus: (['pending', 'in_negotiation', 'committed', 'at_risk'] as const)[int(3)],
      usage: hasUsage
        ? usage({
            lastLoginDay: addDays(AS_OF, -int(60)),
            logins30: int(300),
            events30: int(80),
            loginsPrev30: prev,
            daysPrev30: prev ? 30 : int(1) * 30,
            logins7: int(70),
            loginsPrev7: int(70),
            activeSeats30: int(40),
            features30: int(20),
            integrations: int(6),
          })
        : null,
      tickets:
        r() < 0.7
          ? {
              open: { low: int(2), medium: int(3), high: int(2), urgent: int(1) },
              oldestOpenDays: int(60),
              volume90: int(30),
              csat90: r() < 0.5 ? 1 + r() * 4 : null,
            }
          : null,
      nps: r() < 0.6 ? { latest: int(10), previous: r() < 0.5 ? int(10) : null, respondedAt: '2026-05-01' } : null,
      revenue: r() < 0.6 ? { net90: int(4000) - 2000, churnedOn: null } : null,
    });
  });
}

describe('monotonicity', () => {
  const base = randomAccounts(300);

  it('more logins never lower the usage component (or the score)', () => {
    for (const f of base.filter((a) => a.usage)) {
      let prevUsage = scoreAccount(f, config, AS_OF).components.usage.score!;
      let prevScore = scoreAccount(f, config, AS_OF).score;
      for (const extra of [1, 5, 20, 100, 1000]) {
        // extra logins on the as-of day: they count in the last 7 and last 30 days
        const g = { ...f, usage: { ...f.usage!, logins30: f.usage!.logins30 + extra, logins7: f.usage!.logins7 + extra, lastLoginDay: AS_OF } };
        const s = scoreAccount(g, config, AS_OF);
        expect(s.components.usage.score!).toBeGreaterThanOrEqual(prevUsage);
        expect(s.score).toBeGreaterThanOrEqual(prevScore);
        prevUsage = s.components.usage.score!;
        prevScore = s.score;
      }
    }
  });

  it('more open high-priority tickets never raise the support component', () => {
    for (const f of base.filter((a) => a.tickets)) {
      let prev = scoreAccount(f, config, AS_OF).components.support.score!;
      for (let k = 1; k <= 8; k++) {
        const t = f.tickets!;
        const g = { ...f, tickets: { ...t, open: { ...t.open, high: t.open.high + k }, volume90: t.volume90 + k } };
        const s = scoreAccount(g, config, AS_OF).components.support.score!;
        expect(s).toBeLessThanOrEqual(prev);
        prev = s;
      }
    }
  });

  it('a churn signal never raises the score, whichever components have data', () => {
    const churnKinds = SIGNAL_KINDS.filter((k) => k !== 'feature_limit_hit' && k !== 'expansion_opportunity');
    let lowered = 0;
    for (const f of base) {
      const before = scoreAccount(f, config, AS_OF).score;
      for (const kind of churnKinds) {
        const s = scoreAccount({ ...f, signals: [{ kind, occurredAt: '2026-06-29', detail: null }] }, config, AS_OF);
        expect(s.score).toBeLessThanOrEqual(before);
        if (s.score < before) lowered++;
        expect(s.drivers.some((d) => d.id === kind)).toBe(true);
      }
    }
    expect(lowered).toBeGreaterThan(base.length); // signals really bite, not just "never raise"
  });
});

describe('explanation and coverage', () => {
  it('component contributions add up to the score for every account with data', () => {
    for (const f of randomAccounts(300, 11)) {
      const s = scoreAccount(f, config, AS_OF);
      if (s.coverage === 0) continue;
      const sum = Object.values(s.components).reduce((a, c) => a + c.contribution, 0);
      expect(Math.abs(sum - s.score)).toBeLessThan(1e-9 + 0.001);
      expect(s.score).toBeGreaterThanOrEqual(0);
      expect(s.score).toBeLessThanOrEqual(100);
      // drivers ranked by points
      for (let i = 1; i < s.drivers.length; i++) expect(s.drivers[i - 1].points).toBeGreaterThanOrEqual(s.drivers[i].points);
    }
  });

  it('missing data re-weights the remaining components instead of counting as zero', () => {
    const full = features({
      usage: usage({ logins30: 100, loginsPrev30: 100, events30: 50, lastLoginDay: AS_OF, features30: 18, integrations: 5 }),
      nps: { latest: 10, previous: null, respondedAt: '2026-06-01' },
    });
    const s = scoreAccount(full, config, AS_OF);
    expect(s.components.support.score).toBeNull();
    expect(s.components.financial.score).toBeNull();
    expect(s.coverage).toBe(0.6);
    // usage = .3·100 + .3·100 + .4·70 = 88; engagement = 100
    // re-weighted: 88·35/60 + 100·25/60 = 93 (treating the missing 40% as zero would give 55.8)
    expect(s.score).toBe(93);
    expect(s.tier).toBe('Thriving');
    expect(s.components.support.contribution).toBe(0);
    expect(s.components.usage.effectiveWeight + s.components.engagement.effectiveWeight).toBe(100);
  });

  it('per-segment weights override the defaults (case-insensitive segment match)', () => {
    const cfg = parseConfig({
      scoring: { segments: { Enterprise: { weights: { usage: 20, engagement: 40, support: 20, financial: 20 } } } },
    }).scoring;
    const f = features({
      segment: 'enterprise',
      usage: usage({ logins30: 100, loginsPrev30: 100, events30: 50, lastLoginDay: addDays(AS_OF, -30) }),
    });
    const ent = scoreAccount(f, cfg, AS_OF);
    const def = scoreAccount({ ...f, segment: 'Starter' }, cfg, AS_OF);
    expect(ent.components.engagement.weight).toBe(40);
    expect(def.components.engagement.weight).toBe(25);
    // engagement is the weak component here, so weighting it higher lowers the score
    expect(ent.score).toBeLessThan(def.score);
  });

  it('an account with no data at all is neutral with 0% coverage, not zero', () => {
    const s = scoreAccount(features(), config, AS_OF);
    expect(s.coverage).toBe(0);
    expect(s.score).toBe(50);
    expect(s.tier).toBe('Neutral');
  });
});

describe('expansion and quadrants', () => {
  it('high seat use, adoption, rising usage and limit hits make a Growth Engine; at high risk a Flight Risk', () => {
    const f = features({
      seatsLicensed: 10,
      usage: usage({ logins30: 300, loginsPrev30: 200, events30: 60, activeSeats30: 9, features30: 17, integrations: 5 }),
      signals: [{ kind: 'feature_limit_hit', occurredAt: '2026-06-20', detail: null }],
    });
    const s = scoreAccount(f, config, AS_OF);
    expect(s.expansion).toBe(0.85); // seats .3 + adoption .2 + rising .2 + limit hit .15
    expect(s.score).toBeGreaterThanOrEqual(75);
    expect(s.quadrant).toBe('Growth Engine');
    const risky = scoreAccount(
      {
        ...f,
        nps: { latest: 0, previous: 9, respondedAt: '2026-06-25' },
        tickets: { open: { low: 0, medium: 0, high: 3, urgent: 3 }, oldestOpenDays: 60, volume90: 40, csat90: 1 },
        revenue: { net90: -6000, churnedOn: null },
        signals: [
          ...f.signals,
          { kind: 'cancellation_requested', occurredAt: '2026-06-28', detail: null },
          { kind: 'champion_departed', occurredAt: '2026-06-28', detail: null },
        ],
      },
      config,
      AS_OF,
    );
    expect(risky.score).toBeLessThanOrEqual(50);
    expect(risky.quadrant).toBe('Flight Risk');
  });
});

describe('weights validation', () => {
  it('names the key for weights that do not sum to 100, exceed 40, or bad segment overrides', () => {
    expect(() => parseConfig({ scoring: { weights: { usage: 30, engagement: 30, support: 20, financial: 10 } } })).toThrow(
      /scoring\.weights: weights must sum to 100/,
    );
    expect(() => parseConfig({ scoring: { weights: { usage: 45, engagement: 25, support: 15, financial: 15 } } })).toThrow(
      /scoring\.weights\.usage: no component may exceed 40/,
    );
    expect(() => parseConfig({ scoring: { segments: { Enterprise: { weights: { usage: 10, engagement: 50, support: 20, financial: 20 } } } } })).toThrow(
      /scoring\.segments\.Enterprise\.weights\.engagement: no component may exceed 40/,
    );
    expect(() => parseConfig({ scoring: { tiers: { thriving: 60, healthy: 70 } } })).toThrow(/scoring\.tiers: tier thresholds must be strictly decreasing/);
    expect(() => parseConfig({ scoring: { signalPenalties: { payment_failed: -5 } } })).toThrow(/scoring\.signalPenalties\.payment_failed/);
  });
});
