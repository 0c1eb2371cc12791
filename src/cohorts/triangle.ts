/**
 * The cohort triangle: for each signup month, the share retained at the end of each calendar month since
 * (month 0 = the signup month itself, so a mid-month start has a short month 0). The month still in progress
 * is measured on asOf.
 * - logo: accounts still customers (started, and not churned per the shared definition: cancelled and not
 *   reactivated within the grace period; a later win-back counts again from its return) / cohort size.
 * - revenue (NRR): the cohort's ARR at that month end / its ARR at the end of month 0; contraction and
 *   churn lower it, expansion and reactivation raise it. ARR is event-sourced (arrAt); during a grace-period
 *   gap (cancelled, back within the grace period) the account keeps the ARR it had before cancelling.
 */
import { addDays } from '../lib/dates';
import { type Portfolio, arrAt } from '../metrics/portfolio';
import { addMonths } from '../metrics/periods';
import { CHURN_GRACE_DAYS } from '../scoring/features';
import { churnedAt, type Outcomes } from '../validation/outcomes';
import { type CohortData, type CohortMember, type CohortMetric, type CohortSplit, splitKey } from './build';

export interface TriangleRow {
  cohort: string;
  /** the split value (plan tier or onboarding outcome) when split */
  key?: string;
  size: number;
  /** month-0 denominator: accounts (logo) or ARR (revenue) */
  base: number;
  /** ratio per month since start (0..n); null when the base is 0 */
  retention: Array<number | null>;
}

export interface Triangle {
  metric: CohortMetric;
  by?: CohortSplit;
  asOf: string;
  rows: TriangleRow[];
  /** per split key ("all" unsplit): base-weighted retention per month over the cohorts that reached it */
  curves: Array<{ key: string; size: number; retention: Array<number | null> }>;
}

/** The last day of calendar month `m` (YYYY-MM) + k months. */
export function monthEnd(m: string, k: number): string {
  return addDays(addMonths(`${m}-01`, k + 1), -1);
}

/** Number of month ends observable for a cohort by asOf (the current month counts, measured on asOf). */
export function monthsObserved(cohort: string, asOf: string): number {
  const [cy, cm] = cohort.split('-').map(Number);
  const [ay, am] = asOf.split('-').map(Number);
  return Math.max(0, (ay - cy) * 12 + (am - cm) + 1);
}

/** Logo: a customer on `day` — started by then and not churned (grace-period reactivations are no churn). */
export function isRetained(m: CohortMember, outcomes: Outcomes, day: string): boolean {
  return m.start <= day && !churnedAt(outcomes.byAccount.get(m.account.id), day);
}

/** Revenue: ARR on `day`, bridging a grace-period gap with the ARR before the cancellation. */
export function retainedArr(m: CohortMember, p: Portfolio, outcomes: Outcomes, day: string): number {
  const arr = arrAt(p, m.account, day);
  if (arr > 0 || !isRetained(m, outcomes, day)) return arr;
  const evs = p.events.get(m.account.id) ?? [];
  let lastChurn: string | null = null;
  for (const e of evs) if (e.day.slice(0, 10) <= day && e.kind === 'churn') lastChurn = e.day.slice(0, 10);
  if (!lastChurn || addDays(lastChurn, CHURN_GRACE_DAYS) < day) return arr;
  return arrAt(p, m.account, addDays(lastChurn, -1));
}

function cellValue(metric: CohortMetric, m: CohortMember, data: CohortData, day: string): number {
  return metric === 'logo' ? (isRetained(m, data.outcomes, day) ? 1 : 0) : retainedArr(m, data.portfolio, data.outcomes, day);
}

export function buildTriangle(data: CohortData, opts: { metric: CohortMetric; by?: CohortSplit; months: number }): Triangle {
  const { metric, by, months } = opts;
  const groups = new Map<string, { cohort: string; key?: string; members: CohortMember[] }>();
  for (const m of data.members) {
    const key = by ? splitKey(m, by) : undefined;
    const id = `${key ?? ''}\u0000${m.cohort}`;
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { cohort: m.cohort, key, members: [] }));
    g.members.push(m);
  }
  const rows: TriangleRow[] = [];
  // per curve key, per month: [retained, base]
  const sums = new Map<string, { size: number; cols: Array<[number, number]> }>();
  for (const g of [...groups.values()].sort((a, b) => (a.key ?? '').localeCompare(b.key ?? '') || a.cohort.localeCompare(b.cohort))) {
    const n = Math.min(monthsObserved(g.cohort, data.asOf), months + 1);
    const totals = Array.from({ length: n }, (_, k) => {
      const end = monthEnd(g.cohort, k);
      const day = end < data.asOf ? end : data.asOf;
      return g.members.reduce((s, m) => s + cellValue(metric, m, data, day), 0);
    });
    const base = metric === 'logo' ? g.members.length : (totals[0] ?? 0);
    rows.push({
      cohort: g.cohort,
      ...(g.key !== undefined ? { key: g.key } : {}),
      size: g.members.length,
      base,
      retention: totals.map((t) => (base > 0 ? t / base : null)),
    });
    const ck = g.key ?? 'all';
    let s = sums.get(ck);
    if (!s) sums.set(ck, (s = { size: 0, cols: [] }));
    s.size += g.members.length;
    if (base > 0)
      totals.forEach((t, k) => {
        s.cols[k] ??= [0, 0];
        s.cols[k][0] += t;
        s.cols[k][1] += base;
      });
  }
  const curves = [...sums.entries()].map(([key, s]) => ({ key, size: s.size, retention: s.cols.map(([t, b]) => (b > 0 ? t / b : null)) }));
  return { metric, ...(by ? { by } : {}), asOf: data.asOf, rows, curves };
}
