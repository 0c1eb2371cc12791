/**
 * What an alert rule is: `defineRule({ id, config, evaluate })`. The registry (rules/index.ts) lists the rules;
 * the config schema (`alerts.rules.<camelCase id>`), the rule ids playbooks may name and the evaluation list
 * (including which stored reasons auto-resolve) are all derived from it.
 */
import { z } from 'zod';
import type { AlertSeverity } from '../../db/schema';
import type { AccountFacts } from './facts';

/** A rule that currently holds for an account. Pure data: the evaluator turns it into alert transitions. */
export interface Candidate {
  rule: string;
  severity: AlertSeverity;
  /** short plain-text headline (user-supplied names are escaped at render time) */
  title: string;
  /** one sentence with the numbers */
  reason: string;
  /** rule-specific numbers */
  numbers: Record<string, number | string | null>;
  /** driver ids in rank order, for playbook matching */
  drivers: string[];
  /** positive alerts (expansion) read differently */
  positive?: boolean;
}

/** What a rule's evaluate returns: `rule` defaults to the rule's id (a family such as signals names its own). */
export type Hit = Omit<Candidate, 'rule'> & { rule?: string };

type Shape = z.ZodRawShape;
type EnabledShape<S extends Shape> = S & { enabled: z.ZodDefault<z.ZodBoolean> };
/** A rule's parsed config: its own settings plus `enabled` (default true). */
export type RuleConfig<S extends Shape> = z.output<z.ZodObject<EnabledShape<S>>>;

/** health_drop → healthDrop: the key under alerts.rules. */
export type ConfigKey<Id extends string> = Id extends `${infer H}_${infer T}` ? `${H}${Capitalize<ConfigKey<T>>}` : Id;
export const configKey = <Id extends string>(id: Id): ConfigKey<Id> => id.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()) as ConfigKey<Id>;

export interface RuleSpec<Id extends string, S extends Shape> {
  /** the stored rule id (alerts.rule, alert_reasons.rule, playbook triggers); snake_case */
  id: Id;
  /** zod fields with defaults; `enabled` is added */
  config: S;
  /** the rule on one account's facts; only called while the rule is enabled */
  evaluate: (facts: AccountFacts, config: RuleConfig<S>) => Hit | Hit[] | null;
  /**
   * A family rule raises several stored ids (signals: `signal:<kind>`): every id it can raise (for playbook
   * validation) and whether a stored id is one this config still evaluates (so its reason may auto-resolve).
   * Default: the rule raises exactly its id.
   */
  family?: { ids: readonly string[]; evaluates: (ruleId: string, config: RuleConfig<S>) => boolean; owns: (ruleId: string) => boolean };
  /** among reasons of equal severity, lower leads on the card (the more specific rule); default last */
  priority?: number;
}

export interface AlertRule<Id extends string = string, S extends Shape = Shape> {
  readonly id: Id;
  readonly key: ConfigKey<Id>;
  readonly schema: z.ZodObject<EnabledShape<S>>;
  readonly ids: readonly string[];
  readonly priority: number;
  /** does this rule raise the stored rule id? */
  owns(ruleId: string): boolean;
  /** candidates that hold now (none while disabled), each with its stored rule id */
  candidates(facts: AccountFacts, config: RuleConfig<S>): Candidate[];
  /** is a stored reason of this id evaluated under the config (a reason of a disabled rule is left alone) */
  evaluates(ruleId: string, config: RuleConfig<S>): boolean;
}

const LAST = Number.MAX_SAFE_INTEGER;

export function defineRule<const Id extends string, S extends Shape>(spec: RuleSpec<Id, S>): AlertRule<Id, S> {
  if (!/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/.test(spec.id)) throw new Error(`alert rule id "${spec.id}" must be snake_case`);
  const schema = z.object({ ...spec.config, enabled: z.boolean().default(true) }) as z.ZodObject<EnabledShape<S>>;
  const owns = spec.family?.owns ?? ((ruleId: string) => ruleId === spec.id);
  return {
    id: spec.id,
    key: configKey(spec.id),
    schema,
    ids: spec.family?.ids ?? [spec.id],
    priority: spec.priority ?? LAST,
    owns,
    candidates(facts, config) {
      if (!(config as { enabled: boolean }).enabled) return [];
      const out = spec.evaluate(facts, config);
      const hits = out === null ? [] : Array.isArray(out) ? out : [out];
      return hits.map((h) => {
        const rule = h.rule ?? spec.id;
        // A candidate this rule does not own would never auto-resolve: refuse it here rather than leave it stuck.
        if (!owns(rule)) throw new Error(`alert rule ${spec.id} raised "${rule}", which it does not own (see its family)`);
        return { ...h, rule };
      });
    },
    evaluates: (ruleId, config) => (config as { enabled: boolean }).enabled && owns(ruleId) && (spec.family ? spec.family.evaluates(ruleId, config) : true),
  };
}
