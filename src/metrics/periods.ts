/** Calendar helpers for metric periods. A period (start, end] holds the events dated after `start` up to and including `end`. */
import { addDays } from '../lib/dates';

export interface Period {
  /** exclusive: ARR "at start" is the ARR at the end of this day */
  start: string;
  /** inclusive */
  end: string;
}

/** Same calendar day n months later (clamped to the month's last day). */
export function addMonths(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const total = y * 12 + (m - 1) + n;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${ny}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export function trailingDays(end: string, days: number): Period {
  return { start: addDays(end, -days), end };
}

export function trailingMonths(end: string, months: number): Period {
  return { start: addMonths(end, -months), end };
}

/**
 * The last `n` calendar months up to `asOf`, oldest first; the current month is partial (ends at asOf).
 * Each period starts after the last day of the previous month.
 */
export function monthlyPeriods(asOf: string, n: number): Array<Period & { month: string }> {
  const out: Array<Period & { month: string }> = [];
  const firstOfMonth = `${asOf.slice(0, 7)}-01`;
  for (let i = n - 1; i >= 0; i--) {
    const first = addMonths(firstOfMonth, -i);
    const nextFirst = addMonths(first, 1);
    const end = i === 0 ? asOf : addDays(nextFirst, -1);
    out.push({ month: first.slice(0, 7), start: addDays(first, -1), end });
  }
  return out;
}

/** [from, to) ISO instants covering the calendar days of a period (UTC days, as stored). */
export function instantRange(p: Period): { from: string; to: string } {
  return { from: `${addDays(p.start, 1)}T00:00:00.000Z`, to: `${addDays(p.end, 1)}T00:00:00.000Z` };
}
