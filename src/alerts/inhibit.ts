import type { AlertsConfig } from '../config/sections/alerts';
import type { ReasonRow } from './group-store';

/** Rules muted by a firing inhibitor, mapped to the inhibiting rule (Alertmanager-style inhibit rules). */
export function inhibitedRules(reasons: readonly Pick<ReasonRow, 'rule' | 'severity' | 'status'>[], rules: AlertsConfig['inhibit']): Map<string, string> {
  const out = new Map<string, string>();
  for (const ir of rules) {
    const src = reasons.find((r) => r.status !== 'pending' && ir.source.rules.includes(r.rule) && (!ir.source.severity || r.severity === ir.source.severity));
    if (!src) continue;
    for (const r of reasons) if (r.rule !== src.rule && ir.target.rules.includes(r.rule) && !out.has(r.rule)) out.set(r.rule, src.rule);
  }
  return out;
}
