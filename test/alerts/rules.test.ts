import { describe, expect, it } from 'vitest';
import type { AccountFacts } from '../../src/alerts/facts';
import { evaluateRules, evaluatedRules } from '../../src/alerts/rules';
import { parseConfig } from '../../src/config/load';

const rules = parseConfig({}).alerts.rules;

function facts(over: Omit<Partial<AccountFacts>, 'account'> & { account?: Partial<AccountFacts['account']> } = {}): AccountFacts {
  return {
    asOf: '2026-11-22',
    score: 75,
    tier: 'Healthy',
    expansion: 0,
    drivers: [],
    windowPeak: null,
    usage: null,
    daysSinceLogin: null,
    signals: [],
    ...over,
    account: { id: 'a', name: 'A', arr: 1000, renewalDate: null, renewalStatus: 'pending', lifecycle: 'active', ...over.account },
  };
}

const sev = (f: AccountFacts, rule: string) => evaluateRules(f, rules).get(rule)?.severity ?? null;

describe('alert rules (design defaults)', () => {
  it.each([
    [14.9, null],
    [15, 'medium'],
    [24.9, 'medium'],
    [25, 'high'],
    [40, 'high'],
  ])('health drop of %d points in 7 days → %s', (drop, expected) => {
    expect(sev(facts({ score: 60, tier: 'Neutral', windowPeak: { score: 60 + drop, asOf: '2026-11-16' } }), 'health_drop')).toBe(expected);
  });

  it.each([
    ['Thriving', 90, null],
    ['Neutral', 55, null],
    ['At-Risk', 40, 'high'],
    ['Critical', 20, 'critical'],
  ])('tier %s → %s', (tier, score, expected) => {
    expect(sev(facts({ tier, score }), 'tier_drop')).toBe(expected);
  });

  it.each([
    [100, 71, null],
    [100, 70, 'medium'],
    [100, 51, 'medium'],
    [100, 50, 'high'],
    [0, 0, null], // nothing to decline from
  ])('usage %d → %d logins → %s', (previous, recent, expected) => {
    expect(sev(facts({ usage: { previous, recent } }), 'usage_decline')).toBe(expected);
  });

  it("uses the scorer's usage_decline driver when there is no usage data at all", () => {
    const c = evaluateRules(facts({ drivers: [{ id: 'usage_decline', severity: 'critical', reason: 'logins down 55%', action: 'x', points: 9 }] }), rules).get(
      'usage_decline',
    );
    expect(c?.severity).toBe('high');
    expect(c?.reason).toBe('logins down 55%');
  });

  it.each([
    [null, null],
    [13, null],
    [14, 'medium'],
    [29, 'medium'],
    [30, 'high'],
  ])('%s days without a login → %s', (days, expected) => {
    expect(sev(facts({ daysSinceLogin: days }), 'inactivity')).toBe(expected);
  });

  it.each([
    ['champion_departed', 'critical'],
    ['cancellation_requested', 'critical'],
    ['payment_failed', 'high'],
    ['competitor_mentioned', 'high'],
  ])('signal %s → its own rule with severity %s', (kind, expected) => {
    const f = facts({ signals: [{ kind, occurredAt: '2026-11-20T10:00:00Z', detail: 'note' }] });
    expect(sev(f, `signal:${kind}`)).toBe(expected);
  });

  it.each([
    ['2026-12-10', 45, 'pending', 'critical'], // 18 days, low score
    ['2027-01-20', 45, 'pending', 'high'], // 59 days
    ['2027-01-20', 60, 'pending', null], // healthy enough
    ['2027-01-20', 60, 'at_risk', 'high'], // flagged by the CRM
    ['2027-01-20', 40, 'committed', null], // settled
    ['2027-06-01', 40, 'pending', null], // outside 90 days
    ['2026-11-01', 40, 'pending', null], // in the past
  ])('renewal %s with score %d (%s) → %s', (renewalDate, score, renewalStatus, expected) => {
    expect(sev(facts({ score, tier: 'Neutral', account: { renewalDate, renewalStatus: renewalStatus as never } }), 'renewal_at_risk')).toBe(expected);
  });

  it.each([
    [0.7, 80, [], 'low'],
    [0.7, 60, [], null],
    [0.3, 80, [], null],
    [0.3, 60, ['feature_limit_hit'], 'low'],
    [0.7, 80, ['expansion_opportunity'], 'medium'],
  ])('expansion %d with score %d and signals %j → %s (a positive alert)', (expansion, score, kinds, expected) => {
    const f = facts({ expansion, score, signals: kinds.map((kind) => ({ kind, occurredAt: '2026-11-20T00:00:00Z', detail: null })) });
    const c = evaluateRules(f, rules).get('expansion');
    expect(c?.severity ?? null).toBe(expected);
    if (c) expect(c.positive).toBe(true);
  });

  it('churned accounts raise nothing', () => {
    expect(evaluateRules(facts({ tier: 'Critical', score: 10, account: { lifecycle: 'churned' } }), rules).size).toBe(0);
  });

  it('disabled rules raise nothing and are not auto-resolved', () => {
    const off = parseConfig({ alerts: { rules: { tierDrop: { enabled: false } } } }).alerts.rules;
    expect(evaluateRules(facts({ tier: 'Critical', score: 10 }), off).has('tier_drop')).toBe(false);
    expect(evaluatedRules(off)('tier_drop')).toBe(false);
    expect(evaluatedRules(off)('signal:payment_failed')).toBe(true);
    expect(evaluatedRules(off)('signal:feature_limit_hit')).toBe(false);
  });

  it('thresholds come from config', () => {
    const strict = parseConfig({ alerts: { rules: { healthDrop: { points: 5, highPoints: 8 } } } }).alerts.rules;
    const c = evaluateRules(facts({ score: 60, tier: 'Neutral', windowPeak: { score: 68, asOf: '2026-11-18' } }), strict).get('health_drop');
    expect(c?.severity).toBe('high');
  });
});
