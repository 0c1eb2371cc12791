/** Which past dates a backtest scores: the data's span, and month-ends with a full horizon after them. */
import type { Db } from '../../db';
import { addDays, daysBetween } from '../lib/dates';

export interface DataSpan {
  first: string;
  last: string;
}

const SPAN_SQL = `
SELECT MIN(d) AS first, MAX(d) AS last FROM (
  SELECT MIN(day) AS d FROM usage_daily UNION ALL SELECT MAX(day) FROM usage_daily
  UNION ALL SELECT MIN(substr(occurred_on, 1, 10)) FROM revenue_events UNION ALL SELECT MAX(substr(occurred_on, 1, 10)) FROM revenue_events
  UNION ALL SELECT MIN(substr(opened_at, 1, 10)) FROM tickets UNION ALL SELECT MAX(substr(opened_at, 1, 10)) FROM tickets
  UNION ALL SELECT MIN(substr(responded_at, 1, 10)) FROM nps_responses UNION ALL SELECT MAX(substr(responded_at, 1, 10)) FROM nps_responses
  UNION ALL SELECT MIN(as_of) FROM account_snapshots UNION ALL SELECT MAX(as_of) FROM account_snapshots
) WHERE d IS NOT NULL`;

/** First and last day of any dated fact (usage, revenue, tickets, NPS, snapshots); null without data. */
export function dataSpan(db: Db): DataSpan | null {
  const r = db.$client.prepare(SPAN_SQL).get() as { first: string | null; last: string | null };
  return r.first && r.last ? { first: r.first, last: r.last } : null;
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

const STARTS_SQL = `SELECT (SELECT MIN(day) FROM usage_daily) AS usage,
  (SELECT MIN(substr(opened_at, 1, 10)) FROM tickets) AS tickets,
  (SELECT MIN(substr(responded_at, 1, 10)) FROM nps_responses) AS nps`;

export function behaviouralStarts(db: Db): BehaviouralStarts {
  return db.$client.prepare(STARTS_SQL).get() as BehaviouralStarts;
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
      message = `${date}: no ${list(missing.map((k) => SOURCE_WORDS[k]), 'or')} data yet — scored on ${list([...remaining, 'financial'], 'and')} data only`;
    } else {
      const days = daysBetween(s.usage!, date) + 1;
      message = `${date}: only ${days} day(s) of usage data (its windows need ${USAGE_WINDOW_DAYS}) — usage trends are incomplete`;
    }
    out.push({ date, missing: [...missing], message });
  }
  return out;
}
