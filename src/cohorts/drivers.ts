/**
 * Churn drivers ranked by ARR lost over the last 12 months. Two explanations, each ranked on its own:
 * - reason: the churn reason recorded on the churn event (revenue_events.note; RavenStack's reason_code, the
 *   demo's "Cancelled: …" notes) — what the customer said;
 * - driver: the top driver of the account's last health score before it churned — what the score saw.
 * Each churn's lost ARR goes to exactly one reason and one driver ("(none recorded)" / "(not scored)"), so each
 * ranking sums to the total lost. Churns are the shared definition (loadOutcomes: not reactivated in the grace period).
 */
import type { Db } from '../../db';
import { addDays } from '../lib/dates';
import { arrAt } from '../metrics/portfolio';
import { addMonths } from '../metrics/periods';
import { CHURN_GRACE_DAYS } from '../scoring/features';
import type { CohortData } from './build';
import { churnNote, lastDriversBefore } from './queries';

export interface DriverRank {
  label: string;
  churns: number;
  lostArr: number;
}

export interface ChurnDrivers {
  from: string;
  to: string;
  churns: number;
  lostArr: number;
  byReason: DriverRank[];
  byScoreDriver: DriverRank[];
}

/**
 * ARR lost by a churn on `day`: the ARR the day before. When the data ran the ARR off before the churn label
 * (RavenStack records subscription ends separately), the highest ARR within the grace period before it.
 */
export function lostArrAt(data: CohortData, accountId: string, day: string): number {
  const a = data.portfolio.byId.get(accountId);
  if (!a) return 0;
  const p = data.portfolio;
  let lost = arrAt(p, a, addDays(day, -1));
  const from = addDays(day, -CHURN_GRACE_DAYS);
  for (const e of p.events.get(accountId) ?? []) {
    const d = e.day.slice(0, 10);
    if (d > from && d < day) lost = Math.max(lost, arrAt(p, a, addDays(d, -1)));
  }
  return lost;
}

function rank(m: Map<string, DriverRank>): DriverRank[] {
  return [...m.values()].sort((a, b) => b.lostArr - a.lostArr || b.churns - a.churns || a.label.localeCompare(b.label));
}

export function churnDrivers(db: Db, data: CohortData): ChurnDrivers {
  const to = data.asOf;
  const from = addMonths(to, -12); // exclusive
  const reasons = new Map<string, DriverRank>();
  const drivers = new Map<string, DriverRank>();
  const add = (m: Map<string, DriverRank>, label: string, lost: number) => {
    const r = m.get(label) ?? { label, churns: 0, lostArr: 0 };
    r.churns++;
    r.lostArr += lost;
    m.set(label, r);
  };
  let churns = 0;
  let lostArr = 0;
  for (const [id, o] of data.outcomes.byAccount) {
    for (const day of o.churns) {
      if (day <= from || day > to) continue;
      const lost = lostArrAt(data, id, day);
      churns++;
      lostArr += lost;
      add(reasons, churnNote(db, id, day)?.trim() || '(none recorded)', lost);
      const ids = lastDriversBefore(db, id, day);
      add(drivers, ids === null ? '(not scored)' : (ids[0] ?? '(no driver)'), lost);
    }
  }
  return { from: addDays(from, 1), to, churns, lostArr, byReason: rank(reasons), byScoreDriver: rank(drivers) };
}
