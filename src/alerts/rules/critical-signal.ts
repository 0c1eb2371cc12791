import { z } from 'zod';
import type { AlertSeverity } from '../../../db/schema';
import { defineRule, type Hit } from '../rule';

/** Each signal kind is its own stored rule, `signal:<kind>`. */
export const SIGNAL_RULE_PREFIX = 'signal:';

/** Signal kinds a playbook may name as `signal:<kind>` (the ones the importer knows). */
export const SIGNAL_KINDS = [
  'champion_departed',
  'cancellation_requested',
  'competitor_mentioned',
  'payment_failed',
  'feature_limit_hit',
  'expansion_opportunity',
] as const;

const SIGNAL_SEVERITY: Record<string, AlertSeverity> = {
  cancellation_requested: 'critical',
  champion_departed: 'critical',
  payment_failed: 'high',
  competitor_mentioned: 'high',
};

const SIGNAL_LABEL: Record<string, string> = {
  cancellation_requested: 'Cancellation requested',
  champion_departed: 'Champion departed',
  payment_failed: 'Payment failed',
  competitor_mentioned: 'Competitor mentioned',
};

const kindOf = (ruleId: string) => ruleId.slice(SIGNAL_RULE_PREFIX.length);

/** An unresolved signal of a configured kind within `withinDays`: one reason per kind. */
export const criticalSignal = defineRule({
  id: 'critical_signal',
  priority: 0,
  config: {
    kinds: z.array(z.string()).default(['champion_departed', 'cancellation_requested', 'competitor_mentioned', 'payment_failed']),
    /** an unresolved signal older than this no longer raises an alert */
    withinDays: z.number().int().min(1).default(30),
  },
  family: {
    ids: SIGNAL_KINDS.map((k) => `${SIGNAL_RULE_PREFIX}${k}`),
    owns: (ruleId) => ruleId.startsWith(SIGNAL_RULE_PREFIX),
    evaluates: (ruleId, r) => r.kinds.includes(kindOf(ruleId)),
  },
  evaluate(f, r) {
    const out: Hit[] = [];
    for (const kind of r.kinds) {
      const hits = f.signals.filter((s) => s.kind === kind);
      if (!hits.length) continue;
      const label = SIGNAL_LABEL[kind] ?? kind.replace(/_/g, ' ');
      out.push({
        rule: `${SIGNAL_RULE_PREFIX}${kind}`,
        severity: SIGNAL_SEVERITY[kind] ?? 'high',
        title: label,
        reason: `${label} on ${hits[0].occurredAt.slice(0, 10)}${hits[0].detail ? `: ${hits[0].detail}` : '.'}`,
        numbers: { count: hits.length, latest: hits[0].occurredAt },
        drivers: [kind, ...f.drivers.map((d) => d.id)],
      });
    }
    return out;
  },
});
