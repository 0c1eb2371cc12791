/** Which past dates a backtest scores: the data's span, and month-ends with a full horizon after them. */
import type { Db } from '../../db';
import { addDays } from '../lib/dates';

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
