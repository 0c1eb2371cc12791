/** Alert rule identifiers: stored in alerts.rule and referenced by playbook triggers. */
export const SIGNAL_RULE_PREFIX = 'signal:';

export const BASE_RULES = ['health_drop', 'tier_drop', 'usage_decline', 'inactivity', 'renewal_at_risk', 'expansion'] as const;

export const SIGNAL_RULES = [
  'signal:champion_departed',
  'signal:cancellation_requested',
  'signal:competitor_mentioned',
  'signal:payment_failed',
  'signal:feature_limit_hit',
  'signal:expansion_opportunity',
] as const;

export const RULE_IDS: readonly string[] = [...BASE_RULES, ...SIGNAL_RULES];

export { SEVERITY_RANK } from '../domain/severity';
