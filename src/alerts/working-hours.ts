/**
 * Working time: when a person is at work (their time zone, working weekdays, working hours, holidays).
 * Two clocks use it: DM delivery (non-critical DMs wait for the working morning) and the SLA clock
 * (`addWorkingTime`: only working days count, so Friday 17:00 + 24 h is Monday 17:00, not Saturday).
 */
import { zoneFormatter, zonedParts } from '../lib/zoned-time';

export interface WorkingHours {
  enabled: boolean;
  start: number; // hour, inclusive
  end: number; // hour, exclusive
  days: number[]; // ISO weekdays, 1 = Monday
  /** local dates (YYYY-MM-DD) that are not working days */
  holidays?: readonly string[];
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

export const zoneOrUtc = (tz: string | null | undefined) => (isValidTimeZone(tz) ? tz : 'UTC');

/** One local calendar day, `i` days after the day `p` falls on. */
function localDay(p: { year: number; month: number; day: number; weekday: number }, i: number) {
  const base = new Date(Date.UTC(p.year, p.month - 1, p.day + i, 12));
  const y = base.getUTCFullYear();
  const m = base.getUTCMonth() + 1;
  const d = base.getUTCDate();
  return { y, m, d, date: `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`, weekday: ((p.weekday - 1 + i) % 7) + 1 };
}

function isWorkingDay(date: string, weekday: number, wh: WorkingHours): boolean {
  return wh.days.includes(weekday) && !(wh.holidays ?? []).includes(date);
}

/** Is `now` inside working hours (a working day that is not a holiday, between start and end) in `timeZone`? */
export function isWorkingTime(now: Date, timeZone: string | null | undefined, wh: WorkingHours): boolean {
  if (!wh.enabled || wh.days.length === 0) return true;
  const p = zonedParts(now, zoneOrUtc(timeZone));
  return isWorkingDay(p.date, p.weekday, wh) && p.hour >= wh.start && p.hour < wh.end;
}

/** `now` when it falls inside working hours in `timeZone`, else the start of the next working period. */
export function nextWorkingInstant(now: Date, timeZone: string, wh: WorkingHours): Date {
  if (!wh.enabled || wh.days.length === 0) return now;
  const tz = zoneOrUtc(timeZone);
  if (isWorkingTime(now, tz, wh)) return now;
  const p = zonedParts(now, tz);
  // Walk forward day by day (local calendar) to the next working day's start hour (a long holiday run is bounded).
  for (let i = 0; i <= 60; i++) {
    const day = localDay(p, i);
    if (!isWorkingDay(day.date, day.weekday, wh)) continue;
    const at = zonedInstant(day.y, day.m, day.d, wh.start, tz);
    if (at.getTime() > now.getTime()) return at;
  }
  return now;
}

/**
 * `from` plus `ms` of elapsed time counted only on working days (whole local days; weekends and holidays pause the
 * clock). Real elapsed hours, so a 24 h SLA across a DST change is still 24 hours of working days.
 * Working time disabled → plain addition.
 */
export function addWorkingTime(from: Date, ms: number, timeZone: string | null | undefined, wh: WorkingHours): Date {
  if (!wh.enabled || wh.days.length === 0) return new Date(from.getTime() + ms);
  const tz = zoneOrUtc(timeZone);
  const p = zonedParts(from, tz);
  let left = ms;
  let t = from.getTime();
  for (let i = 0; i <= 3660; i++) {
    const day = localDay(p, i);
    const dayEnd = zonedInstant(day.y, day.m, day.d + 1, 0, tz).getTime();
    if (dayEnd <= t) continue;
    if (isWorkingDay(day.date, day.weekday, wh)) {
      const start = Math.max(t, zonedInstant(day.y, day.m, day.d, 0, tz).getTime());
      if (start + left <= dayEnd) return new Date(start + left);
      left -= dayEnd - start;
    }
    t = dayEnd;
  }
  return new Date(t + left);
}
