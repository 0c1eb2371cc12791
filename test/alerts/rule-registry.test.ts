/**
 * The rule registry is the one place a rule is listed: a rule defined in one file and added to a registry is
 * configured (schema, defaults, errors naming the key), evaluated, stored and auto-resolved by the real
 * evaluator and alert store, with no other file knowing its name.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Db } from '../../db';
import { evaluateAlerts } from '../../src/alerts/evaluate';
import { byRank, groupReasons } from '../../src/alerts/group-store';
import { bindRules, rulesSchema, ruleIdsOf } from '../../src/alerts/registry';
import { defineRule } from '../../src/alerts/rule';
import { RULE_IDS } from '../../src/alerts/rule-ids';
import { ALERT_RULES } from '../../src/alerts/rules';
import { getAlert } from '../../src/alerts/store';
import { ConfigError, parseConfig } from '../../src/config/load';
import type { AppConfig } from '../../src/config/schema';
import { testDb } from '../support/db';
import { seedAccount, seedScore, seedTeam, testConfig } from './fixtures';

/** A test-only rule: a big account scoring under a line. Known to no file but this one. */
const bigAccountLowScore = defineRule({
  id: 'big_account_low_score',
  config: { minArr: z.number().min(0).default(200_000), maxScore: z.number().default(60) },
  evaluate: (f, r) =>
    f.account.arr >= r.minArr && f.score < r.maxScore
      ? {
          severity: 'high',
          title: `Big account under ${r.maxScore}`,
          reason: `Score ${f.score} on ${f.account.arr} ARR.`,
          numbers: { score: f.score },
          drivers: [],
        }
      : null,
});
const registry = [...ALERT_RULES, bigAccountLowScore] as const;

/** The app's test config with alerts.rules parsed from the test registry. */
function configWith(rules: unknown): AppConfig {
  const base = testConfig();
  return { ...base, alerts: { ...base.alerts, rules: rulesSchema(registry).parse(rules) } };
}

let db: Db;
beforeEach(() => {
  db = testDb();
  seedTeam(db);
  seedAccount(db, 'big', { arr: 250_000 });
  seedAccount(db, 'small', { arr: 20_000 });
});

const run = (config: AppConfig, now: string) => evaluateAlerts(db, { config, playbooks: [], now: new Date(now), registry });

describe('a rule added to a registry', () => {
  it('is configured: defaults when absent, its settings under its camelCase key, errors naming the key', () => {
    const schema = rulesSchema(registry);
    expect(schema.parse({}).bigAccountLowScore).toEqual({ minArr: 200_000, maxScore: 60, enabled: true });
    expect(schema.parse({ bigAccountLowScore: { maxScore: 80 } }).bigAccountLowScore.maxScore).toBe(80);
    const bad = schema.safeParse({ bigAccountLowScore: { minArr: -1 } });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.'))).toEqual(['bigAccountLowScore.minArr']);
    expect(ruleIdsOf(registry)).toContain('big_account_low_score');
  });

  it('is evaluated into an alert group through the real store, and auto-resolves when it stops holding', () => {
    const config = configWith({ bigAccountLowScore: { maxScore: 80 } });
    seedScore(db, 'big', '2026-11-22', 75); // Healthy: no built-in rule holds
    seedScore(db, 'small', '2026-11-22', 75);
    const first = run(config, '2026-11-23T10:00:00Z');
    expect(first).toMatchObject({ opened: 1, resolved: 0 });
    const alert = getAlert(db, 1)!;
    expect(alert).toMatchObject({ accountId: 'big', rule: 'big_account_low_score', severity: 'high', status: 'open', title: 'Big account under 80' });
    expect(groupReasons(db, 1).map((r) => [r.rule, r.status])).toEqual([['big_account_low_score', 'firing']]);

    seedScore(db, 'big', '2026-11-23', 85);
    const second = run(config, '2026-11-24T10:00:00Z');
    expect(second).toMatchObject({ opened: 0, resolved: 1 });
    expect(getAlert(db, 1)).toMatchObject({ status: 'resolved', resolvedBy: 'system' });
  });

  it('when disabled, raises nothing and leaves its open reason alone (not auto-resolved)', () => {
    seedScore(db, 'big', '2026-11-22', 50); // Neutral, no built-in rule
    run(configWith({ bigAccountLowScore: {} }), '2026-11-23T10:00:00Z');
    expect(getAlert(db, 1)?.status).toBe('open');
    const off = configWith({ bigAccountLowScore: { enabled: false } });
    expect(run(off, '2026-11-24T10:00:00Z')).toMatchObject({ resolved: 0, opened: 0 });
    expect(getAlert(db, 1)?.status).toBe('open');
    expect(bindRules(registry, off.alerts.rules).evaluates('big_account_low_score')).toBe(false);
    seedAccount(db, 'other', { arr: 900_000 });
    seedScore(db, 'other', '2026-11-22', 50);
    run(off, '2026-11-24T10:00:00Z');
    expect(getAlert(db, 2)).toBeNull();
  });

  it('missing from the config it is evaluated with: a clear error naming the key, before anything is written', () => {
    seedScore(db, 'big', '2026-11-22', 50);
    expect(() => run(testConfig(), '2026-11-23T10:00:00Z')).toThrow(/alerts\.rules\.bigAccountLowScore: no config for alert rule big_account_low_score/);
    expect(db.$client.prepare('select count(*) n from alert_reasons').get()).toEqual({ n: 0 });
  });

  it('may only raise rule ids it owns (anything else could never auto-resolve)', () => {
    const rogue = defineRule({
      id: 'rogue',
      config: {},
      evaluate: () => ({ rule: 'tier_drop', severity: 'low', title: 't', reason: 'r', numbers: {}, drivers: [] }),
    });
    const bound = bindRules([rogue], { rogue: { enabled: true } });
    const facts = {
      account: { id: 'a', name: 'A', arr: 1, renewalDate: null, renewalStatus: 'pending', lifecycle: 'active' },
      asOf: '2026-11-22',
      score: 50,
      tier: 'Neutral',
      expansion: 0,
      drivers: [],
      windowPeak: null,
      usage: null,
      daysSinceLogin: null,
      signals: [],
    } as const;
    expect(() => bound.evaluate({ ...facts, account: { ...facts.account }, drivers: [], signals: [] })).toThrow(
      /rogue raised "tier_drop", which it does not own/,
    );
  });

  it('ids must be snake_case and config keys unique', () => {
    expect(() => defineRule({ id: 'HealthDrop', config: {}, evaluate: () => null })).toThrow(/snake_case/);
    expect(() => rulesSchema([bigAccountLowScore, bigAccountLowScore])).toThrow(/alerts\.rules\.bigAccountLowScore/);
  });
});

describe("the app's registry keeps today's config and ids", () => {
  it('defaults per rule are the design defaults', () => {
    expect(parseConfig({}).alerts.rules).toEqual({
      healthDrop: { enabled: true, points: 15, highPoints: 25, days: 7 },
      tierDrop: { enabled: true },
      usageDecline: { enabled: true, pct: 30, highPct: 50 },
      inactivity: { enabled: true, days: 14, highDays: 30 },
      criticalSignal: { enabled: true, kinds: ['champion_departed', 'cancellation_requested', 'competitor_mentioned', 'payment_failed'], withinDays: 30 },
      renewalAtRisk: { enabled: true, days: 90, score: 50 },
      expansion: { enabled: true, minExpansion: 0.6, minScore: 70 },
    });
  });

  it('a bad rule setting in the config file names its key', () => {
    expect(() => parseConfig({ alerts: { rules: { inactivity: { days: 2.5 } } } })).toThrow(ConfigError);
    try {
      parseConfig({ alerts: { rules: { inactivity: { days: 2.5 } } } });
    } catch (e) {
      expect((e as ConfigError).issues).toEqual([expect.stringMatching(/^alerts\.rules\.inactivity\.days: /)]);
    }
  });

  it('among equal severities the more specific rule leads, as before (signal, renewal, tier, health, usage, inactivity, others)', () => {
    const rules = ['expansion', 'inactivity', 'usage_decline', 'health_drop', 'tier_drop', 'renewal_at_risk', 'signal:payment_failed', 'big_account_low_score'];
    const rows = rules.map((rule) => ({ rule, severity: 'high' as const, firstSeenAt: '2026-11-20T00:00:00Z' }));
    expect(
      rows
        .sort(byRank)
        .map((r) => r.rule)
        .slice(0, 6),
    ).toEqual(['signal:payment_failed', 'renewal_at_risk', 'tier_drop', 'health_drop', 'usage_decline', 'inactivity']);
    // severity still comes first, then age among equals
    const older = { rule: 'inactivity', severity: 'critical' as const, firstSeenAt: '2026-11-01T00:00:00Z' };
    expect([{ rule: 'signal:payment_failed', severity: 'high' as const, firstSeenAt: '2026-11-20T00:00:00Z' }, older].sort(byRank)[0]).toBe(older);
    expect([{ ...older, firstSeenAt: '2026-11-05T00:00:00Z' }, older].sort(byRank)[0]).toBe(older);
  });

  it('rule ids playbooks may name are the same as before the registry', () => {
    expect(RULE_IDS).toEqual([
      'health_drop',
      'tier_drop',
      'usage_decline',
      'inactivity',
      'renewal_at_risk',
      'expansion',
      'signal:champion_departed',
      'signal:cancellation_requested',
      'signal:competitor_mentioned',
      'signal:payment_failed',
      'signal:feature_limit_hit',
      'signal:expansion_opportunity',
    ]);
  });
});
