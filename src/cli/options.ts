/** Option parsers shared by the CLI commands, so one flag type means the same everywhere. */
import { UserError } from '../lib/errors';
import { isCalendarDay } from '../lib/dates';

/** An ISO instant such as 2026-11-23T10:00:00Z (a date alone means its UTC midnight); undefined → now. */
export function parseInstant(flag: string, v: string | undefined, now: () => Date = () => new Date()): Date {
  if (v === undefined) return now();
  const d = new Date(v);
  if (!/^\d{4}-\d{2}-\d{2}/.test(v) || Number.isNaN(d.getTime())) {
    throw new UserError('BAD_NOW', `${flag} must be an ISO date-time such as 2026-11-23T10:00:00Z, got "${v}"`);
  }
  return d;
}

/** A calendar date flag (YYYY-MM-DD). */
export function parseDay(flag: string, v: string): string {
  if (!isCalendarDay(v)) throw new UserError('BAD_DATE', `${flag} must be a calendar date YYYY-MM-DD, got "${v}"`);
  return v;
}

/** A whole number of days written like 30d (≥ 1). */
export function parseDays(flag: string, v: string): number {
  const m = /^(\d+)d$/.exec(v.trim());
  if (!m || Number(m[1]) < 1) throw new UserError('BAD_DAYS', `${flag} must be a number of days such as 30d, got "${v}"`);
  return Number(m[1]);
}
