/** Calendar helpers the demo needs beyond src/lib/dates: anniversaries and weekdays on 'YYYY-MM-DD' strings. */
import { addDays } from '../lib/dates';

/** Same calendar day n years later (29 Feb rolls to 1 Mar, as contract systems usually do). */
export function addYears(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + n);
  return d.toISOString().slice(0, 10);
}

/** First anniversary of `start` strictly after `today`: the renewal date of an annual contract. */
export function nextAnniversary(start: string, today: string): string {
  // Always count from the start date so a 29 Feb start does not drift.
  let k = Math.max(1, Number(today.slice(0, 4)) - Number(start.slice(0, 4)) - 1);
  while (addYears(start, k) <= today) k++;
  return addYears(start, k);
}

/** 0 = Sunday … 6 = Saturday */
export function weekday(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

/** The `days` calendar days ending at (and including) `today`, oldest first. */
export function windowDays(today: string, days: number): string[] {
  const out: string[] = [];
  for (let age = days - 1; age >= 0; age--) out.push(addDays(today, -age));
  return out;
}
