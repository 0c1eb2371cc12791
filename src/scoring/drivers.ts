/**
 * Risk drivers: each active condition from the design with a plain-language reason quoting the numbers,
 * a recommended action, and the score points it costs (the sub-score shortfall it explains, or the signal
 * penalty actually taken). Ranked by points, most costly first.
 */
import type { ScoringConfig } from '../config/sections/scoring';
import type { AccountFeatures } from './features';
import type { Metrics } from './metrics';
import type { ComponentId, Driver, DriverSeverity } from './types';

export interface DriverContext {
  f: AccountFeatures;
  m: Metrics;
  config: ScoringConfig;
  score: number;
  /** points lost by a component part falling short of 100 (0 when the part has no data) */
  loss(component: ComponentId, part: string): number;
  /** points a signal kind's penalty actually took off the score */
  penaltyPoints(kind: string): number;
}

export const DRIVER_ACTIONS = {
  low_events:
    'Run an adoption session on the key workflow with the main users and share a how-to for the core use case.',
  usage_decline: 'Call the champion to learn what changed; review usage by team and re-onboard lapsed users.',
  inactive: 'Reach the champion and admins today: confirm the product is still in use and offer a refresher.',
  support_overload: 'Review the open high-priority tickets with the support lead; agree owners and dates and tell the customer.',
  detractor: 'Close the loop on the NPS answer within 48 hours: call, acknowledge the issue, agree a fix.',
  onboarding_at_risk: 'Book an onboarding check-in; help connect the missing integrations and reach the activation milestones.',
  renewal_at_risk: 'Start a renewal save plan now: confirm the decision maker, show the value delivered, involve your manager.',
  seat_underuse: 'Plan a seat-activation push with the admin (invites, training) before the seat count comes up at renewal.',
  champion_departed: 'Find and meet the new champion within a week; re-confirm the executive sponsor.',
  competitor_mentioned: 'Run a competitive review: learn what they are evaluating and show the value they would lose.',
  payment_failed: 'Ask billing to resolve the failed payment and confirm the billing contact.',
  cancellation_requested: 'Escalate today: call the decision maker and open a save plan with your manager.',
} as const;

const SIGNAL_DRIVERS: Record<string, { severity: DriverSeverity; label: string }> = {
  champion_departed: { severity: 'high', label: 'champion departed' },
  competitor_mentioned: { severity: 'high', label: 'competitor mentioned' },
  payment_failed: { severity: 'high', label: 'payment failed' },
  cancellation_requested: { severity: 'critical', label: 'cancellation requested' },
};

const SEVERITY_RANK: Record<DriverSeverity, number> = { critical: 3, high: 2, warning: 1 };
const r1 = (x: number): number => Math.round(x * 10) / 10;
const fmt = (x: number): string => String(Math.round(x));
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export function findDrivers(ctx: DriverContext): Driver[] {
  const { f, m, config, score } = ctx;
  const loss = (c: ComponentId, part: string) => ctx.loss(c, part);
  const t = config.drivers;
  const out: Driver[] = [];
  const add = (id: keyof typeof DRIVER_ACTIONS, severity: DriverSeverity, reason: string, points: number) =>
    out.push({ id, severity, reason, action: DRIVER_ACTIONS[id], points: r1(points) });

  if (m.events30Raw != null && m.events30Raw < t.lowEvents30d) {
    add('low_events', 'high', `only ${plural(m.events30Raw, 'key event')} in the last 30 days (healthy accounts have ${t.lowEvents30d}+)`, loss('usage', 'keyEvents'));
  }
  if (m.loginChangePct != null && -m.loginChangePct >= t.usageDeclinePct) {
    const critical = -m.loginChangePct >= t.usageDeclineCriticalPct;
    add(
      'usage_decline',
      critical ? 'critical' : 'high',
      `logins down ${fmt(-m.loginChangePct)}% vs previous 30 days (${fmt(m.loginsPrev30 ?? 0)} → ${fmt(f.usage?.logins30 ?? 0)})`,
      loss('usage', 'trend'),
    );
  }
  if (m.daysSinceLogin != null && m.daysSinceLogin >= t.inactiveDays) {
    const since = m.lastLoginDay ? ` (last login ${m.lastLoginDay})` : m.usageSource === 'daily' ? ' (no login on record)' : '';
    add('inactive', m.daysSinceLogin >= t.inactiveHighDays ? 'high' : 'warning', `no login for ${m.daysSinceLogin} days${since}`, loss('engagement', 'recency'));
  }
  if (m.openHighUrgent != null && m.openHighUrgent >= t.supportOverloadHighTickets) {
    add(
      'support_overload',
      'high',
      `${m.openHighUrgent} open high/urgent tickets (${m.openTickets} open in all, oldest ${plural(m.oldestOpenDays ?? 0, 'day')})`,
      loss('support', 'openLoad') + loss('support', 'oldestOpen'),
    );
  } else if (m.openHighUrgent == null && m.openTickets != null && m.openTickets >= 2 * t.supportOverloadHighTickets) {
    // Snapshot counts carry no priority: flag only a clearly heavy load (twice the high-priority threshold).
    add('support_overload', 'high', `${m.openTickets} open tickets (priority unknown)`, loss('support', 'openLoad'));
  }
  if (m.npsLatest != null) {
    const drop = m.npsPrevious != null ? m.npsPrevious - m.npsLatest : 0;
    const isDetractor = m.npsLatest <= t.detractorNps;
    if (isDetractor || drop >= t.npsDropPoints) {
      const was = m.npsPrevious != null ? ` (was ${m.npsPrevious})` : '';
      const reason = isDetractor ? `latest NPS ${m.npsLatest}${was}: a detractor` : `NPS down ${drop} points to ${m.npsLatest}${was}`;
      add('detractor', isDetractor ? 'high' : 'warning', reason, loss('engagement', 'nps'));
    }
  }
  // Without integration data there is nothing to judge: missing is not "none connected".
  if (m.tenureDays != null && m.tenureDays < t.onboardingRiskDays && m.integrations != null && m.integrations < t.onboardingMinIntegrations) {
    add('onboarding_at_risk', 'high', `day ${m.tenureDays} of onboarding with ${m.integrations} of ${t.onboardingMinIntegrations} integrations connected`, loss('usage', 'activation'));
  }
  if (m.daysToRenewal != null && m.daysToRenewal >= 0 && m.daysToRenewal <= t.renewalWindowDays && score < t.renewalRiskScore) {
    add(
      'renewal_at_risk',
      score < config.tiers.atRisk ? 'critical' : 'high',
      `renews in ${plural(m.daysToRenewal, 'day')} (${f.renewalDate}) with health ${score}`,
      loss('financial', 'renewal'),
    );
  }
  if (m.seatUse != null && m.seatUse * 100 < t.seatUnderusePct) {
    add(
      'seat_underuse',
      'warning',
      `${m.activeSeats} of ${m.seatsLicensed} licensed seats active (${fmt(m.seatUse * 100)}%)`,
      loss('engagement', 'seatUse'),
    );
  }
  const seen: string[] = [];
  for (let i = f.signals.length - 1; i >= 0; i--) {
    const s = f.signals[i];
    const d = SIGNAL_DRIVERS[s.kind];
    if (!d || seen.includes(s.kind)) continue; // one driver per kind, quoting the latest
    seen.push(s.kind);
    const detail = s.detail ? `: ${s.detail}` : '';
    add(s.kind as keyof typeof DRIVER_ACTIONS, d.severity, `${d.label} on ${s.occurredAt.slice(0, 10)}${detail}`, ctx.penaltyPoints(s.kind));
  }
  if (out.length < 2) return out;
  return out.sort((a, b) => b.points - a.points || SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.id.localeCompare(b.id));
}
