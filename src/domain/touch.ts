/**
 * "Untouched since": no outreach logged in the last N days (never touched counts as untouched). The cutoff is
 * the start (UTC) of the day N days before the as-of day, so every surface built on the same day agrees
 * whatever the hour. N is `digests.noTouchDays` (default 30).
 */
import { addDays } from '../lib/dates';

export const DEFAULT_NO_TOUCH_DAYS = 30;

/** The instant before which a last touch is too old. */
export function untouchedCutoff(asOf: string, days: number): string {
  return `${addDays(asOf, -days)}T00:00:00.000Z`;
}

export function isUntouched(lastTouchAt: string | null, asOf: string, days: number): boolean {
  return lastTouchAt === null || lastTouchAt < untouchedCutoff(asOf, days);
}
