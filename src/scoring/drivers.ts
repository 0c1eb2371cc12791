/**
 * Risk drivers: each active condition from the design with a plain-language reason quoting the numbers,
 * a recommended action, and the score points it costs (the sub-score shortfall it explains, or the signal
 * penalty actually taken). Ranked by points, most costly first.
 */
import { daysBetween } from '../lib/dates';
import { renewalDueWithin } from '../domain/renewal';
import { driverSeverityRank } from '../domain/severity';
import type { ScoringConfig } from '../config/sections/scoring';
import type { AccountFeatures } from './features';
import type { Metrics } from './metrics';
import type { ComponentId, Driver, DriverSeverity } from './types';
import { DRIVER_ACTIONS, type DriverFigures, type DriverId, VARIANT, renderReason } from './driver-text';

export interface DriverContext {
  f: AccountFeatures;
  m: Metrics;
  config: ScoringConfig;
  score: number;
  /** the as-of date (dates in the text are told relative to it) */
  asOf: string;
  /** points lost by a component part falling short of 100 (0 when the part has no data) */
  loss(component: ComponentId, part: string): number;
  /** points a signal kind's penalty actually took off the score */
  penaltyPoints(kind: string): number;
}

export { DRIVER_ACTIONS } from './driver-text';

const SIGNAL_SEVERITY: Record<string, DriverSeverity> = {
  champion_departed: 'high',
  competitor_mentioned: 'high',
  payment_failed: 'high',
  cancellation_requested: 'critical',
};

/** The figures behind each driver the scorer built (what the scores store keeps instead of the text). */
const FIGURES = new WeakMap<Driver, DriverFigures>();
export function figuresOf(d: Driver): DriverFigures | undefined {
  return FIGURES.get(d);
}

const r1 = (x: number): number => Math.round(x * 10) / 10;

export function findDrivers(ctx: DriverContext): Driver[] {
  const { f, m, config, score } = ctx;
  const loss = (c: ComponentId, part: string) => ctx.loss(c, part);
  const t = config.drivers;
  const text = { asOf: ctx.asOf, score, thresholds: t };
  const out: Driver[] = [];
  const add = (id: DriverId, severity: DriverSeverity, figures: DriverFigures, points: number, detail?: string | null) => {
    const d: Driver = {
      id,
      severity,
      reason: renderReason(id, figures, detail === undefined ? text : { ...text, detail }),
      action: DRIVER_ACTIONS[id],
      points: r1(points),
    };
    FIGURES.set(d, figures);
    out.push(d);
  };
  const plain = (...figures: (number | null)[]): DriverFigures => ({ variant: VARIANT.plain, figures });

  if (m.events30Raw != null && m.events30Raw < t.lowEvents30d) {
    add('low_events', 'high', plain(m.events30Raw), loss('usage', 'keyEvents'));
  }
  if (m.loginChangePct != null && -m.loginChangePct >= t.usageDeclinePct) {
    const critical = -m.loginChangePct >= t.usageDeclineCriticalPct;
    const r = Math.round;
    add(
      'usage_decline',
      critical ? 'critical' : 'high',
      plain(r(-m.loginChangePct), r(m.loginsPrev30 ?? 0), r(f.usage?.logins30 ?? 0)),
      loss('usage', 'trend'),
    );
  }
  if (m.daysSinceLogin != null && m.daysSinceLogin >= t.inactiveDays) {
    const variant = m.lastLoginDay ? VARIANT.inactiveSinceLast : m.usageSource === 'daily' ? VARIANT.inactiveNoLogin : VARIANT.plain;
    add('inactive', m.daysSinceLogin >= t.inactiveHighDays ? 'high' : 'warning', { variant, figures: [m.daysSinceLogin] }, loss('engagement', 'recency'));
  }
  if (m.openHighUrgent != null && m.openHighUrgent >= t.supportOverloadHighTickets) {
    add('support_overload', 'high', plain(m.openHighUrgent, m.openTickets, m.oldestOpenDays ?? 0), loss('support', 'openLoad') + loss('support', 'oldestOpen'));
  } else if (m.openHighUrgent == null && m.openTickets != null && m.openTickets >= 2 * t.supportOverloadHighTickets) {
    // Snapshot counts carry no priority: flag only a clearly heavy load (twice the high-priority threshold).
    add('support_overload', 'high', { variant: VARIANT.supportPriorityUnknown, figures: [m.openTickets] }, loss('support', 'openLoad'));
  }
  if (m.npsLatest != null) {
    const drop = m.npsPrevious != null ? m.npsPrevious - m.npsLatest : 0;
    const isDetractor = m.npsLatest <= t.detractorNps;
    if (isDetractor || drop >= t.npsDropPoints) {
      const figures = [m.npsLatest, m.npsPrevious];
      add('detractor', isDetractor ? 'high' : 'warning', { variant: isDetractor ? VARIANT.plain : VARIANT.npsDrop, figures }, loss('engagement', 'nps'));
    }
  }
  // Without integration data there is nothing to judge: missing is not "none connected".
  if (m.tenureDays != null && m.tenureDays < t.onboardingRiskDays && m.integrations != null && m.integrations < t.onboardingMinIntegrations) {
    add('onboarding_at_risk', 'high', plain(m.tenureDays, m.integrations), loss('usage', 'activation'));
  }
  if (renewalDueWithin(m.daysToRenewal, t.renewalWindowDays) && score < t.renewalRiskScore) {
    add('renewal_at_risk', score < config.tiers.atRisk ? 'critical' : 'high', plain(m.daysToRenewal!), loss('financial', 'renewal'));
  }
  if (m.seatUse != null && m.seatUse * 100 < t.seatUnderusePct) {
    add('seat_underuse', 'warning', plain(m.activeSeats, m.seatsLicensed), loss('engagement', 'seatUse'));
  }
  const seen: string[] = [];
  for (let i = f.signals.length - 1; i >= 0; i--) {
    const s = f.signals[i];
    const severity = SIGNAL_SEVERITY[s.kind];
    if (!severity || seen.includes(s.kind)) continue; // one driver per kind, quoting the latest
    seen.push(s.kind);
    const figures = { variant: s.detail ? VARIANT.signalWithDetail : VARIANT.plain, figures: [daysBetween(s.occurredAt.slice(0, 10), ctx.asOf)] };
    add(s.kind as DriverId, severity, figures, ctx.penaltyPoints(s.kind), s.detail);
  }
  if (out.length < 2) return out;
  return out.sort((a, b) => b.points - a.points || driverSeverityRank(b.severity) - driverSeverityRank(a.severity) || a.id.localeCompare(b.id));
}
