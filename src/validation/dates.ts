/** Which past dates a backtest scores: the data's span, and month-ends with a full horizon after them. */
import type { Db } from '../../db';
import { activityBounds } from '../activity/store';
import { addDays, daysBetween } from '../lib/dates';

export interface DataSpan {
  first: string;
  last: string;
}

/** First and last day of any dated fact (usage, revenue, tickets, NPS, snapshots); null without data. */
export function dataSpan(db: Db): DataSpan | null {
  let first: string | null = null;
  let last: string | null = null;
  for (const source of ['usage', 'revenue', 'tickets', 'nps', 'snapshot'] as const) {
    const b = activityBounds(db, source);
    if (b.first != null && (first == null || b.first < first)) first = b.first;
    if (b.last != null && (last == null || b.last > last)) last = b.last;
  }
  return first && last ? { first, last } : null;
}

/** Last day of the month of `day`. */
export function monthEnd(day: string): string {
  const [y, m] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/**
 * The last `count` month-ends inside the data that still have `horizonDays` of data after them (so every
 * churn in the horizon is on record), oldest first.
 */
export function defaultDates(span: DataSpan, horizonDays: number, count = 12): string[] {
  const latest = addDays(span.last, -horizonDays);
  const out: string[] = [];
  let m = monthEnd(latest);
  if (m > latest) m = addDays(`${m.slice(0, 7)}-01`, -1);
  while (out.length < count && m >= span.first) {
    out.unshift(m);
    m = addDays(`${m.slice(0, 7)}-01`, -1);
  }
  return out;
}

/** The longest usage window the features read (two 30-day windows: this month vs the month before). */
export const USAGE_WINDOW_DAYS = 60;

/** First day of each behavioural source (null: the data has none of it). */
export interface BehaviouralStarts {
  usage: string | null;
  tickets: string | null;
  nps: string | null;
}

export function behaviouralStarts(db: Db): BehaviouralStarts {
  return { usage: activityBounds(db, 'usage').first, tickets: activityBounds(db, 'tickets').first, nps: activityBounds(db, 'nps').first };
}

/**
 * The first date at which the scored signal exists: every behavioural source the data has (usage, tickets,
 * NPS) has started, and usage has a full USAGE_WINDOW_DAYS of history behind it. Null when the data has no
 * behavioural source at all (then only financial data is ever scored).
 */
export function signalStart(s: BehaviouralStarts): string | null {
  const starts = [s.usage && addDays(s.usage, USAGE_WINDOW_DAYS), s.tickets, s.nps].filter((d): d is string => d != null);
  return starts.length ? starts.reduce((a, b) => (a > b ? a : b)) : null;
}

const SOURCE_WORDS = { usage: 'usage', tickets: 'ticket', nps: 'NPS' } as const;
const list = (xs: string[], and: 'and' | 'or') => (xs.length < 2 ? xs.join('') : `${xs.slice(0, -1).join(', ')} ${and} ${xs[xs.length - 1]}`);

/** A date scored before the signal exists, and why ("2025-08-31: no usage data yet — scored on …"). */
export interface ThinDate {
  date: string;
  /** behavioural sources the data has but not yet at this date */
  missing: ('usage' | 'tickets' | 'nps')[];
  message: string;
}

/** Dates before signalStart, each with what it lacks (sources the data has but not yet at the date). */
export function thinDates(dates: readonly string[], s: BehaviouralStarts): ThinDate[] {
  const start = signalStart(s);
  if (!start) return [];
  const out: ThinDate[] = [];
  for (const date of dates) {
    if (date >= start) continue;
    const missing = (['usage', 'tickets', 'nps'] as const).filter((k) => s[k] != null && s[k]! > date);
    const remaining = (['usage', 'tickets', 'nps'] as const).filter((k) => s[k] != null && s[k]! <= date).map((k) => SOURCE_WORDS[k]);
    let message: string;
    if (missing.length) {
      message = `${date}: no ${list(
        missing.map((k) => SOURCE_WORDS[k]),
        'or',
      )} data yet — scored on ${list([...remaining, 'financial'], 'and')} data only`;
    } else {
      const days = daysBetween(s.usage!, date) + 1;
      message = `${date}: only ${days} day(s) of usage data (its windows need ${USAGE_WINDOW_DAYS}) — usage trends are incomplete`;
    }
    out.push({ date, missing: [...missing], message });
  }
  return out;
}
