/**
 * A driver's words, rendered from its figures: the scorer and every reader of stored scores use this one
 * template per driver kind, so a stored driver (id, severity, variant, figures) reads exactly as it did when
 * scored. Thresholds quoted in the text come from the scoring config; a signal's free-text detail comes from
 * the signals table (the reader passes it in).
 */
import type { ScoringConfig } from '../config/sections/scoring';
import { addDays, daysBetween } from '../lib/dates';
import type { DriverSeverity } from './types';

/** Driver kinds in storage-code order: append only (a stored code is an index into this list). */
export const DRIVER_IDS = [
  'low_events',
  'usage_decline',
  'inactive',
  'support_overload',
  'detractor',
  'onboarding_at_risk',
  'renewal_at_risk',
  'seat_underuse',
  'champion_departed',
  'competitor_mentioned',
  'payment_failed',
  'cancellation_requested',
] as const;
export type DriverId = (typeof DRIVER_IDS)[number];
export const DRIVER_SEVERITIES: readonly DriverSeverity[] = ['warning', 'high', 'critical'];

export const DRIVER_ACTIONS: Record<DriverId, string> = {
  low_events: 'Run an adoption session on the key workflow with the main users and share a how-to for the core use case.',
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
};

/** Plain label per kind: the signal drivers' text, and the reason of a migrated row whose old text could not be read. */
export const DRIVER_LABELS: Record<DriverId, string> = {
  low_events: 'few key events',
  usage_decline: 'usage declining',
  inactive: 'no recent login',
  support_overload: 'support overload',
  detractor: 'NPS detractor',
  onboarding_at_risk: 'onboarding at risk',
  renewal_at_risk: 'renewal at risk',
  seat_underuse: 'licensed seats under-used',
  champion_departed: 'champion departed',
  competitor_mentioned: 'competitor mentioned',
  payment_failed: 'payment failed',
  cancellation_requested: 'cancellation requested',
};

export const SIGNAL_DRIVER_IDS = ['champion_departed', 'competitor_mentioned', 'payment_failed', 'cancellation_requested'] as const;
export const isSignalDriver = (id: string): boolean => (SIGNAL_DRIVER_IDS as readonly string[]).includes(id);

/** Which template of a kind (e.g. detractor vs NPS drop); UNREAD marks a migrated driver without figures. */
export const VARIANT = {
  plain: 0,
  inactiveSinceLast: 1,
  inactiveNoLogin: 2,
  supportPriorityUnknown: 1,
  npsDrop: 1,
  signalWithDetail: 1,
  unread: 15,
} as const;

/** The numbers behind a driver's reason (everything in its text that is not config or the row's own score). */
export interface DriverFigures {
  variant: number;
  figures: (number | null)[];
}

export interface RenderContext {
  asOf: string;
  score: number;
  thresholds: ScoringConfig['drivers'];
  /** a signal driver's detail text (from the signals table), when its variant says it has one */
  detail?: string | null;
}

const fmt = (x: number): string => String(Math.round(x));
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** The reason text of a driver from its figures. */
export function renderReason(id: DriverId, f: DriverFigures, ctx: RenderContext): string {
  if (f.variant === VARIANT.unread) return DRIVER_LABELS[id];
  const [a, b, c] = f.figures as number[];
  const t = ctx.thresholds;
  switch (id) {
    case 'low_events':
      return `only ${plural(a, 'key event')} in the last 30 days (healthy accounts have ${t.lowEvents30d}+)`;
    case 'usage_decline':
      return `logins down ${fmt(a)}% vs previous 30 days (${fmt(b)} → ${fmt(c)})`;
    case 'inactive': {
      const since =
        f.variant === VARIANT.inactiveSinceLast
          ? ` (last login ${addDays(ctx.asOf, -a)})`
          : f.variant === VARIANT.inactiveNoLogin
            ? ' (no login on record)'
            : '';
      return `no login for ${a} days${since}`;
    }
    case 'support_overload':
      return f.variant === VARIANT.supportPriorityUnknown
        ? `${a} open tickets (priority unknown)`
        : `${a} open high/urgent tickets (${b} open in all, oldest ${plural(c, 'day')})`;
    case 'detractor': {
      const was = f.figures[1] != null ? ` (was ${b})` : '';
      return f.variant === VARIANT.npsDrop ? `NPS down ${b - a} points to ${a}${was}` : `latest NPS ${a}${was}: a detractor`;
    }
    case 'onboarding_at_risk':
      return `day ${a} of onboarding with ${b} of ${t.onboardingMinIntegrations} integrations connected`;
    case 'renewal_at_risk':
      return `renews in ${plural(a, 'day')} (${addDays(ctx.asOf, a)}) with health ${ctx.score}`;
    case 'seat_underuse':
      return `${a} of ${b} licensed seats active (${fmt((a / b) * 100)}%)`;
    default: {
      const detail = f.variant === VARIANT.signalWithDetail && ctx.detail ? `: ${ctx.detail}` : '';
      return `${DRIVER_LABELS[id]} on ${addDays(ctx.asOf, -a)}${detail}`;
    }
  }
}

const NUM = '(-?\\d+(?:\\.\\d+)?)';
const DAY = '(\\d{4}-\\d\\d-\\d\\d)';
const num = (s: string | undefined): number | null => (s === undefined ? null : Number(s));

/**
 * Figures read back from a reason text written by renderReason (rows stored as JSON before compact scores,
 * and drivers built elsewhere with their text). Null when the text does not follow the kind's template.
 */
export function parseReason(id: DriverId, reason: string, asOf: string): (DriverFigures & { detail?: string }) | null {
  let m: RegExpExecArray | null;
  const one = (re: RegExp, variant: number, pick: (m: RegExpExecArray) => (number | null)[]) => ((m = re.exec(reason)) ? { variant, figures: pick(m) } : null);
  switch (id) {
    case 'low_events':
      return one(new RegExp(`^only ${NUM} key events? in the last 30 days`), 0, (x) => [num(x[1])]);
    case 'usage_decline':
      return one(new RegExp(`^logins down ${NUM}% vs previous 30 days \\(${NUM} → ${NUM}\\)$`), 0, (x) => [num(x[1]), num(x[2]), num(x[3])]);
    case 'inactive':
      return (
        one(new RegExp(`^no login for ${NUM} days \\(last login ${DAY}\\)$`), VARIANT.inactiveSinceLast, (x) => [num(x[1])]) ??
        one(new RegExp(`^no login for ${NUM} days \\(no login on record\\)$`), VARIANT.inactiveNoLogin, (x) => [num(x[1])]) ??
        one(new RegExp(`^no login for ${NUM} days$`), 0, (x) => [num(x[1])])
      );
    case 'support_overload':
      return (
        one(new RegExp(`^${NUM} open high/urgent tickets \\(${NUM} open in all, oldest ${NUM} days?\\)$`), 0, (x) => [num(x[1]), num(x[2]), num(x[3])]) ??
        one(new RegExp(`^${NUM} open tickets \\(priority unknown\\)$`), VARIANT.supportPriorityUnknown, (x) => [num(x[1])])
      );
    case 'detractor':
      return (
        one(new RegExp(`^latest NPS ${NUM}(?: \\(was ${NUM}\\))?: a detractor$`), 0, (x) => [num(x[1]), num(x[2])]) ??
        one(new RegExp(`^NPS down ${NUM} points to ${NUM}(?: \\(was ${NUM}\\))?$`), VARIANT.npsDrop, (x) => [num(x[2]), num(x[3])])
      );
    case 'onboarding_at_risk':
      return one(new RegExp(`^day ${NUM} of onboarding with ${NUM} of \\d+ integrations connected$`), 0, (x) => [num(x[1]), num(x[2])]);
    case 'renewal_at_risk':
      return one(new RegExp(`^renews in ${NUM} days? \\(`), 0, (x) => [num(x[1])]);
    case 'seat_underuse':
      return one(new RegExp(`^${NUM} of ${NUM} licensed seats active`), 0, (x) => [num(x[1]), num(x[2])]);
    default: {
      const s = new RegExp(`^${DRIVER_LABELS[id]} on ${DAY}(?:: ([\\s\\S]*))?$`).exec(reason);
      if (!s) return null;
      return { variant: s[2] ? VARIANT.signalWithDetail : 0, figures: [daysBetween(s[1], asOf)], ...(s[2] ? { detail: s[2] } : {}) };
    }
  }
}
