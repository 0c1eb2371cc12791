/**
 * A list of alert rules, and everything derived from it: the `alerts.rules` config schema, the stored rule ids
 * playbooks may name, the evaluation (which rules hold) and which stored reasons a config evaluates (auto-resolve).
 * The app's list is rules/index.ts; tests may build their own.
 */
import { z } from 'zod';
import type { AccountFacts } from './facts';
import type { AlertRule, Candidate } from './rule';

// biome-ignore lint/suspicious/noExplicitAny: a registry holds rules of different config shapes
export type RuleRegistry = readonly AlertRule<string, any>[];

/** Parsed `alerts.rules` for a registry: one entry per rule, keyed by its camelCase id. */
export type RulesConfigOf<R extends RuleRegistry> = { [D in R[number] as D['key']]: z.output<D['schema']> };
type RulesShapeOf<R extends RuleRegistry> = { [D in R[number] as D['key']]: z.ZodPrefault<D['schema']> };

/** The `alerts.rules` schema: each rule's settings under its key, every key optional (the rule's defaults). */
export function rulesSchema<const R extends RuleRegistry>(registry: R): z.ZodObject<RulesShapeOf<R>> {
  const keys = new Set<string>();
  for (const r of registry) {
    if (keys.has(r.key)) throw new Error(`two alert rules share the config key alerts.rules.${r.key}`);
    keys.add(r.key);
  }
  return z.object(Object.fromEntries(registry.map((r) => [r.key, r.schema.prefault({})]))) as unknown as z.ZodObject<RulesShapeOf<R>>;
}

/** Every stored rule id the registry can raise: single rules first, then families (signals), in list order. */
export function ruleIdsOf(registry: RuleRegistry): string[] {
  return [...registry.filter((r) => r.ids.length === 1 && r.ids[0] === r.id), ...registry.filter((r) => !(r.ids.length === 1 && r.ids[0] === r.id))].flatMap(
    (r) => r.ids,
  );
}

/** Card order among reasons of equal severity: the owning rule's priority (unknown ids last). */
export function rulePriorityOf(registry: RuleRegistry): (ruleId: string) => number {
  const known = new Map<string, number>(); // sorts call this per comparison
  return (ruleId) => {
    let p = known.get(ruleId);
    if (p === undefined) known.set(ruleId, (p = registry.find((r) => r.owns(ruleId))?.priority ?? Number.MAX_SAFE_INTEGER));
    return p;
  };
}

export interface BoundRules {
  /** Every rule that holds for the account now, keyed by stored rule id. Churned accounts raise nothing. */
  evaluate(facts: AccountFacts): Map<string, Candidate>;
  /** Is a stored reason of this id evaluated under the config? (A reason of a disabled rule is left alone, not auto-resolved.) */
  evaluates(ruleId: string): boolean;
}

/** The registry with its parsed config. A rule with no config entry is a clear error naming the key. */
export function bindRules(registry: RuleRegistry, config: object): BoundRules {
  const bound = registry.map((rule) => {
    const c = (config as Record<string, unknown>)[rule.key];
    if (c === undefined || c === null || typeof c !== 'object') {
      throw new Error(`alerts.rules.${rule.key}: no config for alert rule ${rule.id} (parse the config with the schema built from the same registry)`);
    }
    return { rule, config: c };
  });
  return {
    evaluate(facts) {
      const out = new Map<string, Candidate>();
      if (facts.account.lifecycle === 'churned') return out;
      for (const { rule, config: c } of bound) for (const cand of rule.candidates(facts, c as never)) out.set(cand.rule, cand);
      return out;
    },
    evaluates: (ruleId) => bound.some(({ rule, config: c }) => rule.owns(ruleId) && rule.evaluates(ruleId, c as never)),
  };
}
