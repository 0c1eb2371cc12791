import type { AlertSeverity } from '../../db/schema';
import type { AlertsConfig } from '../config/sections/alerts';
import { daysBetween } from '../lib/dates';
import type { AccountFacts } from './facts';
import { SIGNAL_RULE_PREFIX } from './rule-ids';

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

type Rules = AlertsConfig['rules'];

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

const round = (n: number) => Math.round(n * 10) / 10;

export function healthDrop(f: AccountFacts, r: Rules['healthDrop']): Candidate | null {
  if (!r.enabled || !f.windowPeak) return null;
  const drop = round(f.windowPeak.score - f.score);
  if (drop < r.points) return null;
  return {
    rule: 'health_drop',
    severity: drop >= r.highPoints ? 'high' : 'medium',
    title: `Health dropped ${drop} points in ${r.days} days`,
    reason: `Score fell from ${round(f.windowPeak.score)} (${f.windowPeak.asOf}) to ${round(f.score)} (${f.asOf}).`,
    numbers: { drop, from: round(f.windowPeak.score), to: round(f.score), since: f.windowPeak.asOf },
    drivers: f.drivers.map((d) => d.id),
  };
}

export function tierDrop(f: AccountFacts, r: Rules['tierDrop']): Candidate | null {
  if (!r.enabled || (f.tier !== 'At-Risk' && f.tier !== 'Critical')) return null;
  const top = f.drivers[0];
  return {
    rule: 'tier_drop',
    severity: f.tier === 'Critical' ? 'critical' : 'high',
    title: `Health tier is ${f.tier} (score ${round(f.score)})`,
    reason: top ? `Biggest driver: ${top.reason}` : `Score ${round(f.score)} puts the account in the ${f.tier} tier.`,
    numbers: { score: round(f.score), tier: f.tier },
    drivers: f.drivers.map((d) => d.id),
  };
}

export function usageDecline(f: AccountFacts, r: Rules['usageDecline']): Candidate | null {
  if (!r.enabled) return null;
  if (f.usage && f.usage.previous > 0) {
    const pct = round(((f.usage.previous - f.usage.recent) / f.usage.previous) * 100);
    if (pct < r.pct) return null;
    return {
      rule: 'usage_decline',
      severity: pct >= r.highPct ? 'high' : 'medium',
      title: `Usage down ${pct}% vs the previous 30 days`,
      reason: `Logins fell from ${f.usage.previous} to ${f.usage.recent} (last 30 days vs the 30 before).`,
      numbers: { pct, recent: f.usage.recent, previous: f.usage.previous },
      drivers: ['usage_decline', ...f.drivers.map((d) => d.id).filter((d) => d !== 'usage_decline')],
    };
  }
  // No usage rows (e.g. snapshot-only data): trust the scorer's driver if it flagged a decline.
  const d = f.usage ? undefined : f.drivers.find((x) => x.id === 'usage_decline');
  if (!d) return null;
  return {
    rule: 'usage_decline',
    severity: d.severity === 'critical' ? 'high' : 'medium',
    title: 'Usage declining',
    reason: d.reason,
    numbers: { pct: null },
    drivers: f.drivers.map((x) => x.id),
  };
}

export function inactivity(f: AccountFacts, r: Rules['inactivity']): Candidate | null {
  if (!r.enabled || f.daysSinceLogin === null || f.daysSinceLogin < r.days) return null;
  return {
    rule: 'inactivity',
    severity: f.daysSinceLogin >= r.highDays ? 'high' : 'medium',
    title: `No logins for ${f.daysSinceLogin} days`,
    reason: `Nobody at ${f.account.name} has logged in for ${f.daysSinceLogin} days.`,
    numbers: { days: f.daysSinceLogin },
    drivers: ['inactive', ...f.drivers.map((d) => d.id).filter((d) => d !== 'inactive')],
  };
}

export function criticalSignals(f: AccountFacts, r: Rules['criticalSignal']): Candidate[] {
  if (!r.enabled) return [];
  const out: Candidate[] = [];
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
}

const SETTLED_RENEWALS = new Set(['renewed', 'committed', 'churned']);

export function renewalAtRisk(f: AccountFacts, r: Rules['renewalAtRisk']): Candidate | null {
  if (!r.enabled || !f.account.renewalDate || SETTLED_RENEWALS.has(f.account.renewalStatus)) return null;
  const days = daysBetween(f.asOf, f.account.renewalDate);
  if (days < 0 || days > r.days) return null;
  const flagged = f.account.renewalStatus === 'at_risk';
  if (f.score >= r.score && !flagged) return null;
  return {
    rule: 'renewal_at_risk',
    severity: days <= 30 ? 'critical' : 'high',
    title: `Renewal in ${days} days is at risk`,
    reason: flagged
      ? `Renewal on ${f.account.renewalDate} is marked at risk (score ${round(f.score)}).`
      : `Renewal on ${f.account.renewalDate} with a health score of ${round(f.score)} (below ${r.score}).`,
    numbers: { days, score: round(f.score), renewalDate: f.account.renewalDate },
    drivers: ['renewal_at_risk', ...f.drivers.map((d) => d.id)],
  };
}

export function expansion(f: AccountFacts, r: Rules['expansion']): Candidate | null {
  if (!r.enabled) return null;
  const scored = f.expansion >= r.minExpansion && f.score >= r.minScore;
  const signals = f.signals.filter((s) => s.kind === 'expansion_opportunity' || s.kind === 'feature_limit_hit');
  if (!scored && !signals.length) return null;
  return {
    rule: 'expansion',
    severity: scored && signals.length ? 'medium' : 'low',
    title: 'Expansion opportunity',
    reason: [
      scored ? `Expansion signal ${Math.round(f.expansion * 100)}% with a health score of ${round(f.score)}.` : '',
      signals.length ? `${signals.length} open growth signal(s), latest: ${signals[0].detail ?? signals[0].kind.replace(/_/g, ' ')}.` : '',
    ]
      .filter(Boolean)
      .join(' '),
    numbers: { expansion: round(f.expansion * 100), score: round(f.score), signals: signals.length },
    drivers: signals.map((s) => s.kind),
    positive: true,
  };
}

/** Every rule that holds for the account now, keyed by rule id. Churned accounts raise nothing. */
export function evaluateRules(f: AccountFacts, rules: Rules): Map<string, Candidate> {
  const out = new Map<string, Candidate>();
  if (f.account.lifecycle === 'churned') return out;
  const list = [
    healthDrop(f, rules.healthDrop),
    tierDrop(f, rules.tierDrop),
    usageDecline(f, rules.usageDecline),
    inactivity(f, rules.inactivity),
    ...criticalSignals(f, rules.criticalSignal),
    renewalAtRisk(f, rules.renewalAtRisk),
    expansion(f, rules.expansion),
  ];
  for (const c of list) if (c) out.set(c.rule, c);
  return out;
}

/** Rules this config evaluates (an alert of a disabled rule is left alone rather than auto-resolved). */
export function evaluatedRules(rules: Rules): (rule: string) => boolean {
  return (rule) => {
    if (rule.startsWith(SIGNAL_RULE_PREFIX)) return rules.criticalSignal.enabled && rules.criticalSignal.kinds.includes(rule.slice(SIGNAL_RULE_PREFIX.length));
    const map: Record<string, boolean> = {
      health_drop: rules.healthDrop.enabled,
      tier_drop: rules.tierDrop.enabled,
      usage_decline: rules.usageDecline.enabled,
      inactivity: rules.inactivity.enabled,
      renewal_at_risk: rules.renewalAtRisk.enabled,
      expansion: rules.expansion.enabled,
    };
    return map[rule] ?? false;
  };
}
