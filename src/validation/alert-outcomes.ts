/**
 * Did the alerts point at the accounts that churned? Two views: the rules' conditions evaluated on the
 * backtest scores (what the rules would have opened), and the alerts the app really opened (alerts table).
 */
import type { Db } from '../../db';
import { addDays } from '../lib/dates';
import { type Outcomes, churnWithin } from './outcomes';
import type { BacktestRow } from './score-dates';

export interface RuleOutcome {
  rule: string;
  /** account-dates where the condition held */
  held: number;
  /** openings: held at a date but not at the account's previous backtest date */
  opened: number;
  /** openings whose account churned within the horizon */
  churned: number;
  rate: number | null;
}

export function alertRuleOutcomes(rows: readonly BacktestRow[]): RuleOutcome[] {
  const lastRules = new Map<string, string[]>();
  const by = new Map<string, RuleOutcome>();
  for (const r of rows) {
    const prev = lastRules.get(r.accountId) ?? [];
    for (const rule of r.rules) {
      let o = by.get(rule);
      if (!o) by.set(rule, (o = { rule, held: 0, opened: 0, churned: 0, rate: null }));
      o.held++;
      if (!prev.includes(rule)) {
        o.opened++;
        o.churned += r.label;
      }
    }
    lastRules.set(r.accountId, r.rules);
  }
  return [...by.values()].map((o) => ({ ...o, rate: o.opened ? o.churned / o.opened : null })).sort((a, b) => a.rule.localeCompare(b.rule));
}

export interface AlertHistory {
  /** alerts opened with a full horizon of data after them, by rule */
  rules: { rule: string; opened: number; churned: number; rate: number | null }[];
  /** alerts opened too recently to know the outcome */
  tooRecent: number;
  /** resolution reasons by rule, or null when the alerts table has no resolution-reason column yet */
  reasons: { rule: string; reason: string; count: number }[] | null;
  reasonColumn: string | null;
}

/** Column that holds why an alert was resolved, when a later version records it. */
function reasonColumn(db: Db): string | null {
  const cols = db.$client.prepare(`SELECT name FROM pragma_table_info('alerts')`).pluck().all() as string[];
  return cols.find((c) => /^resolution_reason$|^resolved_reason$|^resolve_reason$/.test(c)) ?? null;
}

export function alertHistoryOutcomes(db: Db, outcomes: Outcomes, from: string, dataEnd: string, horizonDays: number): AlertHistory {
  const lastFull = addDays(dataEnd, -horizonDays);
  const alerts = db.$client
    .prepare(`SELECT account_id AS accountId, rule, substr(opened_at, 1, 10) AS day FROM alerts WHERE substr(opened_at, 1, 10) >= ? ORDER BY id`)
    .all(from) as { accountId: string; rule: string; day: string }[];
  const by = new Map<string, { rule: string; opened: number; churned: number; rate: number | null }>();
  let tooRecent = 0;
  for (const a of alerts) {
    if (a.day > lastFull) {
      tooRecent++;
      continue;
    }
    let o = by.get(a.rule);
    if (!o) by.set(a.rule, (o = { rule: a.rule, opened: 0, churned: 0, rate: null }));
    o.opened++;
    if (churnWithin(outcomes.byAccount.get(a.accountId), a.day, horizonDays)) o.churned++;
  }
  const col = reasonColumn(db);
  const reasons = col
    ? (db.$client
        .prepare(`SELECT rule, ${col} AS reason, COUNT(*) AS count FROM alerts WHERE status = 'resolved' AND ${col} IS NOT NULL GROUP BY rule, ${col} ORDER BY rule, count DESC`)
        .all() as { rule: string; reason: string; count: number }[])
    : null;
  return {
    rules: [...by.values()].map((o) => ({ ...o, rate: o.opened ? o.churned / o.opened : null })).sort((a, b) => a.rule.localeCompare(b.rule)),
    tooRecent,
    reasons,
    reasonColumn: col,
  };
}
