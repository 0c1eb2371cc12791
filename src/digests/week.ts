/** Which ISO week a digest is for, and the as-of day its numbers use. */
import { isoWeek, isoWeekMonday, todayIn } from '../lib/dates';

export { isoWeek };
import { UserError } from '../lib/errors';

export function parseWeek(week: string): string {
  const w = week.trim().toUpperCase();
  if (!/^\d{4}-W\d{2}$/.test(w)) throw new UserError('BAD_WEEK', `--week must look like 2026-W48, got "${week}"`);
  if (isoWeek(isoWeekMonday(w)) !== w) throw new UserError('BAD_WEEK', `--week ${week} does not exist (weeks run 01–52 or 53)`);
  return w;
}

/**
 * The current week (in the configured time zone) uses today's data; a past week is rebuilt as of its
 * Monday, the day it would have been posted. Future weeks have no data yet.
 */
export function resolveDigestWeek(timeZone: string, now: Date, week?: string): { week: string; asOf: string } {
  const today = todayIn(timeZone, now);
  const current = isoWeek(today);
  if (!week) return { week: current, asOf: today };
  const w = parseWeek(week);
  if (w === current) return { week: w, asOf: today };
  const monday = isoWeekMonday(w);
  if (monday > today) throw new UserError('BAD_WEEK', `--week ${w} is in the future (today is ${today}, week ${current})`);
  return { week: w, asOf: monday };
}
