/** Date helpers on 'YYYY-MM-DD' strings (UTC calendar days) and ISO instants. */
import { zonedParts } from './zoned-time';

const DAY_MS = 86_400_000;

export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** A real calendar date written YYYY-MM-DD (2026-02-30 is not). */
export function isCalendarDay(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const ms = Date.parse(`${s}T00:00:00Z`);
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === s;
}

export function addDays(day: string, n: number): string {
  return isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS));
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to.slice(0, 10)}T00:00:00Z`) - Date.parse(`${from.slice(0, 10)}T00:00:00Z`)) / DAY_MS);
}

/** Today's calendar date in a time zone, as YYYY-MM-DD. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return zonedParts(now, timeZone).date;
}

/** Parse durations such as 30m, 24h, 7d into milliseconds. */
export function parseDuration(s: string): number {
  const m = /^(\d+)(m|h|d)$/.exec(s.trim());
  if (!m) throw new Error(`invalid duration "${s}" (expected e.g. 30m, 24h, 7d)`);
  const n = Number(m[1]);
  return n * (m[2] === 'm' ? 60_000 : m[2] === 'h' ? 3_600_000 : DAY_MS);
}

/** ISO-8601 week label (2026-W48) of a calendar day: the week's Thursday decides the year. */
export function isoWeek(day: string): string {
  const dow = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
  const thursday = addDays(day, 3 - dow);
  const year = thursday.slice(0, 4);
  const week = 1 + Math.floor(daysBetween(isoWeekMonday(`${year}-W01`), thursday) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Monday (YYYY-MM-DD) of an ISO week label. */
export function isoWeekMonday(week: string): string {
  const m = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!m) throw new Error(`invalid ISO week "${week}" (expected e.g. 2026-W48)`);
  const year = Number(m[1]);
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const mondayW1 = Date.UTC(year, 0, 4 - ((jan4.getUTCDay() + 6) % 7));
  return isoDay(new Date(mondayW1 + (Number(m[2]) - 1) * 7 * DAY_MS));
}
