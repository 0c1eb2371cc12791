/**
 * The alert rules, in evaluation order. Adding a rule: write rules/<id>.ts with defineRule and add it here; its
 * config (alerts.rules.<camelCaseId>), its rule id and its evaluation (auto-resolve included) follow.
 */
import type { AlertsConfig } from '../../config/sections/alerts';
import type { AccountFacts } from '../facts';
import { bindRules, type RuleRegistry } from '../registry';
import type { Candidate } from '../rule';
import { criticalSignal } from './critical-signal';
import { expansion } from './expansion';
import { healthDrop } from './health-drop';
import { inactivity } from './inactivity';
import { renewalAtRisk } from './renewal-at-risk';
import { tierDrop } from './tier-drop';
import { usageDecline } from './usage-decline';

export type { Candidate } from '../rule';

export const ALERT_RULES = [healthDrop, tierDrop, usageDecline, inactivity, criticalSignal, renewalAtRisk, expansion] as const satisfies RuleRegistry;

type Rules = AlertsConfig['rules'];

/** Every rule that holds for the account now, keyed by rule id. Churned accounts raise nothing. */
export function evaluateRules(f: AccountFacts, rules: Rules, registry: RuleRegistry = ALERT_RULES): Map<string, Candidate> {
  return bindRules(registry, rules).evaluate(f);
}

/** Rules this config evaluates (an alert of a disabled rule is left alone rather than auto-resolved). */
export function evaluatedRules(rules: Rules, registry: RuleRegistry = ALERT_RULES): (rule: string) => boolean {
  return bindRules(registry, rules).evaluates;
}
