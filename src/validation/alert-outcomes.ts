/**
 * Did the alerts point at the accounts that churned? Two views: the rules' conditions evaluated on the
 * backtest scores (what the rules would have opened), and the alerts the app really opened (alerts table).
 */
import type { Db } from '../../db';
import { addDays } from '../lib/dates';
import { type Outcomes, churnWithin } from './outcomes';
import type { BacktestRow } from './score-dates';
import { resolutionsByRule } from '../alerts/group-store';
import { alertsOpenedSince } from '../alerts/store';

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

export interface ReasonPrecision {
  rule: string;
  /** groups carrying this rule that a person resolved with a reason */
  judged: number;
  saved: number;
  churned: number;
  notActionable: number;
  falsePositive: number;
  /** (judged − false positives) / judged: how often the rule pointed at a real risk */
  precision: number | null;
}

export interface AlertHistory {
  /** alert groups opened with a full horizon of data after them, by top rule */
  rules: { rule: string; opened: number; churned: number; rate: number | null }[];
  /** alerts opened too recently to know the outcome */
  tooRecent: number;
  /** from the resolution reasons people gave, per reason rule */
  precision: ReasonPrecision[];
}

export function reasonPrecision(rows: readonly { rule: string; reason: string; count: number }[]): ReasonPrecision[] {
  const by = new Map<string, ReasonPrecision>();
  for (const r of rows) {
    let o = by.get(r.rule);
    if (!o) by.set(r.rule, (o = { rule: r.rule, judged: 0, saved: 0, churned: 0, notActionable: 0, falsePositive: 0, precision: null }));
    o.judged += r.count;
    if (r.reason === 'saved') o.saved += r.count;
    else if (r.reason === 'churned') o.churned += r.count;
    else if (r.reason === 'not_actionable') o.notActionable += r.count;
    else if (r.reason === 'false_positive') o.falsePositive += r.count;
  }
  return [...by.values()].map((o) => ({ ...o, precision: o.judged ? (o.judged - o.falsePositive) / o.judged : null }));
}

export function alertHistoryOutcomes(db: Db, outcomes: Outcomes, from: string, dataEnd: string, horizonDays: number): AlertHistory {
  const lastFull = addDays(dataEnd, -horizonDays);
  const alerts = alertsOpenedSince(db, from);
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
  return {
    rules: [...by.values()].map((o) => ({ ...o, rate: o.opened ? o.churned / o.opened : null })).sort((a, b) => a.rule.localeCompare(b.rule)),
    tooRecent,
    precision: reasonPrecision(resolutionsByRule(db)),
  };
}
