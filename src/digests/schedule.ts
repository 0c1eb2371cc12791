/**
 * When digests are due: next/previous run of a cron in a time zone (DST-aware, deterministic for a given
 * instant) and which ISO week's digest the latest run belongs to. node-cron decides whether an instant
 * matches (its cron dialect and time-zone handling); we only walk the calendar, so tests need no waiting.
 */
import cron, { type ScheduledTask } from 'node-cron';
import { zonedParts } from '../lib/zoned-time';
import { isoWeek } from './week';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** A cron that never fires within this horizon is treated as "never" (e.g. 30 February). */
const HORIZON_MS = 366 * 24 * HOUR;

/** Local calendar day, hour and minute of an instant in a zone. */
export function localParts(d: Date, timeZone: string): { day: string; hour: number; minute: number } {
  const p = zonedParts(d, timeZone);
  return { day: p.date, hour: p.hour, minute: p.minute };
}

export class CronSpecError extends Error {
  constructor(
    readonly expression: string,
    reason: string,
  ) {
    super(`invalid cron expression "${expression}": ${reason}`);
    this.name = 'CronSpecError';
  }
}

interface Matcher {
  hours: Set<number>;
  match(d: Date): boolean;
  dispose(): void;
}

function matcher(expression: string, timeZone: string): Matcher {
  const v = cron.validateDetailed(expression);
  if (!v.valid || !v.fields) throw new CronSpecError(expression, v.errors.map((e) => `${e.field}: ${e.message}`).join('; ') || 'invalid');
  // createTask does not start the task; it is only used for its match() and destroyed afterwards.
  const task: ScheduledTask = cron.createTask(expression, () => undefined, { timezone: timeZone });
  return { hours: new Set(v.fields.hour), match: (d) => task.match(d), dispose: () => void task.destroy() };
}

/** A local wall-clock minute that repeats when clocks fall back fires once, at its first occurrence. */
function isRepeat(d: Date, timeZone: string): boolean {
  const a = localParts(d, timeZone);
  const b = localParts(new Date(d.getTime() - HOUR), timeZone);
  return a.day === b.day && a.hour === b.hour && a.minute === b.minute;
}

function walk(expression: string, timeZone: string, from: Date, direction: 1 | -1): Date | null {
  const m = matcher(expression, timeZone);
  try {
    // Align to a whole minute strictly after (or at/before) `from`.
    let t = direction === 1 ? Math.floor(from.getTime() / MINUTE) * MINUTE + MINUTE : Math.floor(from.getTime() / MINUTE) * MINUTE;
    const limit = from.getTime() + direction * HORIZON_MS;
    while (direction === 1 ? t <= limit : t >= limit) {
      const d = new Date(t);
      const lp = localParts(d, timeZone);
      if (!m.hours.has(lp.hour)) {
        // Skip the rest of this local hour (forward) or back to the previous hour's last minute.
        t += direction === 1 ? (60 - lp.minute) * MINUTE : -(lp.minute + 1) * MINUTE;
        continue;
      }
      if (m.match(d) && !isRepeat(d, timeZone)) return d;
      t += direction * MINUTE;
    }
    return null;
  } finally {
    m.dispose();
  }
}

/** First run strictly after `after`. */
export function nextRun(expression: string, timeZone: string, after: Date): Date | null {
  return walk(expression, timeZone, after, 1);
}

/** Latest run at or before `atOrBefore`. */
export function previousRun(expression: string, timeZone: string, atOrBefore: Date): Date | null {
  return walk(expression, timeZone, atOrBefore, -1);
}

/** The digest that is due at `now`: the latest scheduled run and the ISO week of its local date. */
export function dueDigest(expression: string, timeZone: string, now: Date): { week: string; scheduledAt: Date } | null {
  const at = previousRun(expression, timeZone, now);
  return at ? { week: isoWeek(localParts(at, timeZone).day), scheduledAt: at } : null;
}
