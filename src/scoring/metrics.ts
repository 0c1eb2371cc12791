/**
 * Metrics derived from extracted features: the numbers the component curves, the drivers and the
 * expansion signal all read, computed once. null always means "no data", never zero.
 */
import type { ScoringConfig } from '../config/sections/scoring';
import { daysFrom } from './day-number';
import { TICKET_LOAD, TREND_BLEND } from './curves';
import type { AccountFeatures, UsageKnown } from './features';

export interface Metrics {
  onboarding: boolean;
  tenureDays: number | null;
  /** usage from daily rows (true) or a flat snapshot (false), null when neither */
  usageSource: 'daily' | 'snapshot' | null;
  /** logins in the last 30 days; for onboarding accounts scaled up to a full 30 days of history */
  logins30: number | null;
  loginsPrev30: number | null;
  /** key events in the last 30 days (scaled like logins30 while onboarding) */
  events30: number | null;
  /** unscaled key events in the last 30 days, as the low_events driver quotes them */
  events30Raw: number | null;
  /** % change of logins, last 30 days vs the 30 before; null without a previous window */
  loginChangePct: number | null;
  /** % change of logins, last 7 days vs the 7 before */
  weekChangePct: number | null;
  /** blended trend % (TREND_BLEND), null without a previous 30-day window */
  trendPct: number | null;
  daysSinceLogin: number | null;
  lastLoginDay: string | null;
  activeSeats: number | null;
  seatsLicensed: number | null;
  /** active seats / licensed seats */
  seatUse: number | null;
  featuresUsed: number | null;
  /** features used / features available */
  adoption: number | null;
  integrations: number | null;
  /** tickets open at the as-of date; byPriority null for snapshot counts (priority unknown) */
  openTickets: number | null;
  openHighUrgent: number | null;
  openLoad: number | null;
  oldestOpenDays: number | null;
  ticketVolume90: number | null;
  csat90: number | null;
  npsLatest: number | null;
  npsPrevious: number | null;
  /** net ARR change in the last 90 days, % of ARR 90 days ago */
  arrChange90Pct: number | null;
  churnedOn: string | null;
  daysToRenewal: number | null;
}

const ALL_KNOWN: UsageKnown = { activeUsers: true, logins: true, keyEvents: true, featuresUsed: true, integrations: true };

const pct = (cur: number, prev: number): number => ((cur - prev) / prev) * 100;

export function deriveMetrics(f: AccountFeatures, config: ScoringConfig, asOf: string): Metrics {
  const onboarding = f.tenureDays != null && f.tenureDays < config.drivers.onboardingDays;
  const u = f.usage;
  const s = f.snapshot;
  const seats = f.seatsLicensed && f.seatsLicensed > 0 ? f.seatsLicensed : null;

  // While onboarding, the 30-day window holds fewer days of life: judge the daily rate, not the total.
  const historyDays = onboarding ? Math.min(30, Math.max(1, (f.tenureDays ?? 0) + 1)) : 30;
  const scale = 30 / historyDays;

  let logins30: number | null = null;
  let loginsPrev30: number | null = null;
  let events30: number | null = null;
  let events30Raw: number | null = null;
  let loginChangePct: number | null = null;
  let weekChangePct: number | null = null;
  let daysSinceLogin: number | null = null;
  let lastLoginDay: string | null = null;
  let activeSeats: number | null = null;
  let featuresUsed: number | null = null;
  let integrations: number | null = null;
  if (u) {
    // A measure the source does not have (NULL column) stays null: missing data, never a zero.
    const k = u.known ?? ALL_KNOWN;
    if (k.logins) {
      logins30 = u.logins30 * scale;
      loginsPrev30 = u.daysPrev30 > 0 ? u.loginsPrev30 : null;
      if (u.daysPrev30 > 0 && u.loginsPrev30 > 0) loginChangePct = pct(u.logins30, u.loginsPrev30);
      if (u.loginsPrev7 > 0) weekChangePct = pct(u.logins7, u.loginsPrev7);
      lastLoginDay = u.lastLoginDay;
      // Never logged in: count from the first day on record (an account silent since it appeared).
      daysSinceLogin = daysFrom(u.lastLoginDay ?? u.firstDay, asOf);
    }
    if (k.keyEvents) {
      events30 = u.events30 * scale;
      events30Raw = u.events30;
    }
    if (k.activeUsers) activeSeats = u.activeSeats30;
    if (k.featuresUsed) featuresUsed = u.features30;
    if (k.integrations) integrations = u.integrations;
  } else if (s) {
    if (s.logins30d != null) logins30 = s.logins30d * scale;
    daysSinceLogin = s.daysSinceLastLogin;
    activeSeats = s.activeSeats;
    featuresUsed = s.featuresUsed;
  }
  const trendPct =
    loginChangePct == null ? null : weekChangePct == null ? loginChangePct : TREND_BLEND.month * loginChangePct + TREND_BLEND.week * weekChangePct;

  let openTickets: number | null = null;
  let openHighUrgent: number | null = null;
  let openLoad: number | null = null;
  let oldestOpenDays: number | null = null;
  let ticketVolume90: number | null = null;
  let csat90: number | null = null;
  if (f.tickets) {
    const o = f.tickets.open;
    openTickets = o.low + o.medium + o.high + o.urgent;
    openHighUrgent = o.high + o.urgent;
    openLoad = o.low * TICKET_LOAD.low + o.medium * TICKET_LOAD.medium + o.high * TICKET_LOAD.high + o.urgent * TICKET_LOAD.urgent;
    oldestOpenDays = f.tickets.oldestOpenDays;
    ticketVolume90 = f.tickets.volume90;
    csat90 = f.tickets.csat90;
  } else if (s?.openTickets != null) {
    openTickets = s.openTickets;
    openLoad = s.openTickets * TICKET_LOAD.medium; // priority unknown: count each as medium
  }

  let arrChange90Pct: number | null = null;
  if (f.revenue) {
    const before = f.arr - f.revenue.net90;
    if (f.revenue.churnedOn) arrChange90Pct = -100;
    else if (before > 0) arrChange90Pct = (f.revenue.net90 / before) * 100;
  }

  return {
    onboarding,
    tenureDays: f.tenureDays,
    usageSource: u ? 'daily' : s ? 'snapshot' : null,
    logins30,
    loginsPrev30,
    events30,
    events30Raw,
    loginChangePct,
    weekChangePct,
    trendPct,
    daysSinceLogin,
    lastLoginDay,
    activeSeats,
    seatsLicensed: seats,
    seatUse: activeSeats != null && seats ? activeSeats / seats : null,
    featuresUsed,
    adoption: featuresUsed != null ? Math.min(1, featuresUsed / config.featureCount) : null,
    integrations,
    openTickets,
    openHighUrgent,
    openLoad,
    oldestOpenDays,
    ticketVolume90,
    csat90,
    npsLatest: f.nps?.latest ?? null,
    npsPrevious: f.nps?.previous ?? null,
    arrChange90Pct,
    churnedOn: f.revenue?.churnedOn ?? null,
    daysToRenewal: f.renewalDate ? daysFrom(asOf, f.renewalDate) : null,
  };
}
