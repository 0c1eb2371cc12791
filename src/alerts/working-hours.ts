/** Working-hours delivery: non-critical DMs wait for the recipient's working day in their own time zone. */
import { zoneFormatter, zonedParts } from '../lib/zoned-time';

export interface WorkingHours {
  enabled: boolean;
  start: number; // hour, inclusive
  end: number; // hour, exclusive
  days: number[]; // ISO weekdays, 1 = Monday
}

/** Milliseconds the zone is ahead of UTC at an instant. */
function offsetMs(at: Date, timeZone: string): number {
  const p = zonedParts(at, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  return asUtc - Math.floor(at.getTime() / 60_000) * 60_000;
}

/** The UTC instant of a local wall-clock time in a zone (DST-safe for whole hours). */
function zonedInstant(year: number, month: number, day: number, hour: number, timeZone: string): Date {
  const guess = Date.UTC(year, month - 1, day, hour);
  let t = guess - offsetMs(new Date(guess), timeZone);
  t = guess - offsetMs(new Date(t), timeZone);
  return new Date(t);
}

export function isValidTimeZone(tz: string | null | undefined): tz is string {
  if (!tz) return false;
  try {
    zoneFormatter(tz);
    return true;
  } catch {
    return false;
  }
}

/** `now` when it falls inside working hours in `timeZone`, else the start of the next working period. */
export function nextWorkingInstant(now: Date, timeZone: string, wh: WorkingHours): Date {
  if (!wh.enabled || wh.days.length === 0) return now;
  const tz = isValidTimeZone(timeZone) ? timeZone : 'UTC';
  const p = zonedParts(now, tz);
  if (wh.days.includes(p.weekday) && p.hour >= wh.start && p.hour < wh.end) return now;
  // Walk forward day by day (local calendar) to the next working day's start hour.
  for (let i = 0; i <= 7; i++) {
    const base = new Date(Date.UTC(p.year, p.month - 1, p.day + i, 12));
    const weekday = ((p.weekday - 1 + i) % 7) + 1;
    if (!wh.days.includes(weekday)) continue;
    const at = zonedInstant(base.getUTCFullYear(), base.getUTCMonth() + 1, base.getUTCDate(), wh.start, tz);
    if (at.getTime() > now.getTime()) return at;
  }
  return now;
}
