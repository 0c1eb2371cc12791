/**
 * Day arithmetic for the scoring hot path: the same dates (last logins, renewals, signups) recur across
 * accounts, so day numbers are memoised instead of re-parsing a Date for every account.
 */
const cache = new Map<string, number>();
const DAY_MS = 86_400_000;

/** Days since 1970-01-01 for 'YYYY-MM-DD' (or an ISO instant: its UTC day). */
export function dayNumber(s: string): number {
  const k = s.length > 10 ? s.slice(0, 10) : s;
  let n = cache.get(k);
  if (n === undefined) {
    n = Math.round(Date.parse(`${k}T00:00:00Z`) / DAY_MS);
    if (cache.size >= 50_000) cache.clear(); // bounded: a run touches a few thousand distinct days
    cache.set(k, n);
  }
  return n;
}

/** Whole days from `from` to `to` (negative when `to` is earlier), like lib/dates daysBetween. */
export function daysFrom(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}
