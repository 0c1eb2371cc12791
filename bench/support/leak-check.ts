/**
 * Leak check: score a book at past dates exactly as the scheduler would have (features as of each date), label
 * each account by whether it churned in the following `horizon` days, and compare the model with naive
 * baselines by AUC (Mann–Whitney: the chance a churner ranks riskier than a non-churner, ties count half).
 * A leak shows as an AUC near 1.0; an unfair (trivial) demo as baselines that match the model.
 * The full tool with intervals, lift and per-signal tables is `bellwether backtest`.
 */
import type { Db } from '../../db';
import type { ScoringConfig } from '../../src/config/sections/scoring';
import { addDays, daysBetween } from '../../src/lib/dates';
import { extractFeatures } from '../../src/scoring/features';
import { scoreAccount } from '../../src/scoring/score-account';
import { auc as statsAuc } from '../../src/validation/stats';

export interface Scored {
  /** higher = riskier */
  risk: number;
  positive: boolean;
}

/** Mann–Whitney AUC over (risk, label) pairs, ties counted half: the backtest's own (validation/stats). NaN without both classes. */
export function auc(items: readonly Scored[]): number {
  return (
    statsAuc(
      items.map((x) => x.risk),
      items.map((x) => (x.positive ? 1 : 0)),
    ) ?? Number.NaN
  );
}

export const PREDICTORS = ['model', 'daysSinceLogin', 'usageTrend30d'] as const;
export type Predictor = (typeof PREDICTORS)[number];

export interface DateResult {
  asOf: string;
  accounts: number;
  positives: number;
  auc: Record<Predictor, number>;
  items: Record<Predictor, Scored[]>;
}

/** Month-ends from `from` to `to` inclusive. */
export function monthEnds(from: string, to: string): string[] {
  const out: string[] = [];
  let d = `${from.slice(0, 7)}-01`;
  while (true) {
    const next = `${addDays(d, 32).slice(0, 7)}-01`;
    const end = addDays(next, -1);
    if (end > to) break;
    if (end >= from) out.push(end);
    d = next;
  }
  return out;
}

export function checkDate(db: Db, asOf: string, config: ScoringConfig, horizonDays = 90): DateResult {
  const churns = new Map<string, string[]>();
  for (const r of db.$client
    .prepare("SELECT account_id AS id, occurred_on AS day FROM revenue_events WHERE kind = 'churn' AND occurred_on > ? AND occurred_on <= ?")
    .iterate(asOf, addDays(asOf, horizonDays)) as Iterable<{ id: string; day: string }>) {
    churns.set(r.id, [...(churns.get(r.id) ?? []), r.day]);
  }
  const { features } = extractFeatures(db, asOf, { signalWindowDays: config.signalWindowDays, staleAfterDays: config.staleAfterDays });
  const items: Record<Predictor, Scored[]> = { model: [], daysSinceLogin: [], usageTrend30d: [] };
  for (const f of features) {
    if (f.revenue?.churnedOn) continue; // already churned at the date
    const positive = churns.has(f.id);
    const s = scoreAccount(f, config, asOf);
    items.model.push({ risk: -s.score, positive });
    const u = f.usage;
    // Baselines read what any spreadsheet would: days since the last login (no usage: the longest), and the
    // change of logins, last 30 days vs the 30 before (no previous window: no change).
    const last = u?.lastLoginDay ?? u?.firstDay ?? null;
    items.daysSinceLogin.push({ risk: last ? daysBetween(last, asOf) : 10_000, positive });
    const trend = u && u.loginsPrev30 > 0 ? (u.logins30 - u.loginsPrev30) / u.loginsPrev30 : 0;
    items.usageTrend30d.push({ risk: -trend, positive });
  }
  const positives = items.model.filter((x) => x.positive).length;
  return {
    asOf,
    accounts: items.model.length,
    positives,
    auc: { model: auc(items.model), daysSinceLogin: auc(items.daysSinceLogin), usageTrend30d: auc(items.usageTrend30d) },
    items,
  };
}

/** AUC pooled within dates: concordant pairs summed over dates / all pairs (an account only meets its own date). */
export function pooledAuc(results: readonly DateResult[], p: Predictor): number {
  let num = 0;
  let pairs = 0;
  for (const r of results) {
    const pos = r.positives;
    const neg = r.accounts - pos;
    if (!pos || !neg) continue;
    num += r.auc[p] * pos * neg;
    pairs += pos * neg;
  }
  return pairs ? num / pairs : Number.NaN;
}
