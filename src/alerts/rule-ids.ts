/** Alert rule identifiers: stored in alerts.rule and referenced by playbook triggers. Derived from the rule registry. */
import { ruleIdsOf } from './registry';
import { ALERT_RULES } from './rules';

export { SIGNAL_RULE_PREFIX } from './rules/critical-signal';

export const RULE_IDS: readonly string[] = ruleIdsOf(ALERT_RULES);

export { SEVERITY_RANK } from '../domain/severity';
