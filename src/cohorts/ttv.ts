/**
 * Time to first value: days from signup to the first day with N key events (N = cohorts.firstValueKeyEvents).
 * "Activated" = first value within cohorts.activationDays of signup; the onboarding split of the triangle.
 */
import { median, quantileSorted } from 'simple-statistics';
import { addDays, daysBetween } from '../lib/dates';
import type { SignupRow } from './queries';

/** `unknown`: no signup day, key events not on record from signup, or the activation window still open. */
export type Onboarding = 'activated' | 'not activated' | 'unknown';

export function ttvDays(s: SignupRow): number | null {
  return s.signup && s.firstValue ? daysBetween(s.signup, s.firstValue) : null;
}

export function onboardingOutcome(s: SignupRow | null, ctx: { usageStart: string | null; asOf: string; activationDays: number }): Onboarding {
  if (!s?.signup) return 'unknown';
  const t = ttvDays(s);
  if (t !== null && t <= ctx.activationDays) return 'activated';
  // Not activated only when the whole window was observed: key events on record from signup, window over.
  if (!ctx.usageStart || ctx.usageStart > s.signup) return 'unknown';
  if (addDays(s.signup, ctx.activationDays) > ctx.asOf) return 'unknown';
  return 'not activated';
}

export interface TtvSummary {
  key: string;
  /** accounts whose onboarding was observed (activated or not) */
  observed: number;
  activated: number;
  /** of the observed accounts that reached first value at all */
  reached: number;
  medianDays: number | null;
  p75Days: number | null;
}

/** TTV per group, over accounts whose onboarding was observed (signup inside the usage data). */
export function summarizeTtv(groups: Map<string, Array<{ ttv: number | null; onboarding: Onboarding }>>): TtvSummary[] {
  const out: TtvSummary[] = [];
  for (const [key, list] of groups) {
    const observed = list.filter((m) => m.onboarding !== 'unknown');
    const days = observed.flatMap((m) => (m.ttv === null ? [] : [m.ttv])).sort((a, b) => a - b);
    out.push({
      key,
      observed: observed.length,
      activated: observed.filter((m) => m.onboarding === 'activated').length,
      reached: days.length,
      medianDays: days.length ? median(days) : null,
      p75Days: days.length ? quantileSorted(days, 0.75) : null,
    });
  }
  return out.sort((a, b) => a.key.localeCompare(b.key));
}
