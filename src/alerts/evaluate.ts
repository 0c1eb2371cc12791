import type { Db } from '../../db';
import type { AppConfig } from '../config/schema';
import { parseDuration } from '../lib/dates';
import type { Playbook } from '../playbooks/schema';
import { type AccountFacts, loadAccountFacts, scoredAccountIds } from './facts';
import { liveReasons, recordClear, recordHeld, type ReasonRow } from './group-store';
import { openGroup, type ReasonChanges, updateGroup } from './group-transitions';
import { ALERT_RULES } from './rules';
import { bindRules, type RuleRegistry } from './registry';
import { isDismissed, liveGroupOf, recordEvent } from './store';
import { noNotifyCounts } from './notify';
import { inTx, resolveAlert, SYSTEM_RULE } from './transitions';

export interface EvaluateOptions {
  config: AppConfig;
  playbooks: Playbook[];
  now: Date;
  /** score date to evaluate (default: each account's latest score) */
  asOf?: string;
  /** only these accounts (default: every scored account) */
  accountIds?: string[];
  /** the alert rules (default: the app's registry); config.alerts.rules must be parsed from the same registry */
  registry?: RuleRegistry;
}

export interface EvaluateResult {
  /** groups opened (re-opened ones included) */
  opened: number;
  /** groups whose severity rose (re-notified) */
  raised: number;
  /** groups updated in place (a reason added, changed or cleared without a rise) */
  updated: number;
  resolved: number;
  /** new Slack copies enqueued (posts and thread replies) */
  notified: number;
  unchanged: number;
  /** one line per change, for the CLI */
  changes: string[];
}

/**
 * Run every rule against every scored account and reconcile with the account's alert group: each rule that holds
 * is a reason (pending until it held `forRuns` runs, clearing until clear for `keepFiringFor`); the group opens
 * with its first firing reason, is updated as reasons come and go, and resolves when none is left.
 * Expansion reasons are kept out of the risk group: they go out in the weekly expansion batch.
 * Each account is its own transaction, so a Slack click racing this run resolves cleanly (CAS).
 */
export function evaluateAlerts(db: Db, opts: EvaluateOptions): EvaluateResult {
  const ev = alertEvaluator(db, opts);
  const rules = opts.config.alerts.rules;
  const factsOpts = { asOf: opts.asOf, dropWindowDays: rules.healthDrop.days, signalWindowDays: rules.criticalSignal.withinDays, scoring: opts.config.scoring };
  for (const accountId of opts.accountIds ?? scoredAccountIds(db, opts.asOf)) ev.account(accountId, loadAccountFacts(db, accountId, factsOpts));
  return ev.finish();
}

export interface AlertEvaluator {
  /**
   * Evaluate one account from its facts (null: nothing to evaluate). `live: false` says the account has no
   * live group and no uncleared reason, so when no rule holds nothing can change and no transaction is opened.
   */
  account(accountId: string, facts: AccountFacts | null, live?: boolean): void;
  /** count an account the caller knows this run leaves unchanged (no rule can hold, no live alert state) */
  unchanged(): void;
  /** the run's counts (call once, after the last account) */
  finish(): EvaluateResult;
}

/** The evaluation of one run, fed account by account in id order (evaluateAlerts, or the daily pass per chunk). */
export function alertEvaluator(db: Db, opts: Omit<EvaluateOptions, 'asOf' | 'accountIds'> & { maxChangeLines?: number }): AlertEvaluator {
  const rules = opts.config.alerts.rules;
  const grouping = opts.config.alerts.grouping;
  const keepMs = parseDuration(grouping.keepFiringFor);
  const bound = bindRules(opts.registry ?? ALERT_RULES, rules);
  const counts = noNotifyCounts();
  const ctx = { config: opts.config, now: opts.now, counts };
  const at = opts.now.toISOString();
  const out: EvaluateResult = { opened: 0, raised: 0, updated: 0, resolved: 0, notified: 0, unchanged: 0, changes: [] };
  // The daily pass caps the per-change lines (nobody reads 50k of them), so memory does not grow with the book.
  const lines: string[] = [];
  const maxLines = opts.maxChangeLines ?? Number.POSITIVE_INFINITY;
  let dropped = 0;
  const changeLines = { push: (line: string) => void (lines.length < maxLines ? lines.push(line) : dropped++) };

  const evaluateAccount = (accountId: string, facts: AccountFacts | null, live = true) => {
    if (!facts) return;
    const holds = bound.evaluate(facts);
    if (!live && holds.size === 0) return void (out.unchanged += 1);
    const changes: ReasonChanges = { added: [], changed: [], cleared: [] };
    const group = liveGroupOf(db, accountId);
    inTx(db, () => {
      const before = liveReasons(db, accountId);
      // The account's reasons after this run's writes, kept from what the writes return (no second read).
      const after = new Map(before.map((r) => [r.id, r]));
      const liveByRule = new Map(before.map((r) => [r.rule, r]));
      for (const c of holds.values()) {
        const { row, before: prev } = recordHeld(db, accountId, c, grouping.forRuns, at, liveByRule.get(c.rule));
        after.set(row.id, row);
        if (row.positive || row.status !== 'firing') continue;
        if (!prev || prev.status === 'pending') changes.added.push(row);
        else if (prev.severity !== row.severity) changes.changed.push({ row, from: prev.severity });
      }
      for (const r of before) {
        if (holds.has(r.rule) || !bound.evaluates(r.rule)) continue;
        const row = recordClear(db, r, keepMs, opts.now);
        if (row.status === 'cleared') after.delete(row.id);
        else after.set(row.id, row);
        if (row.status === 'cleared' && r.status !== 'pending' && !r.positive) changes.cleared.push(row);
      }
      // Risk reasons the group shows: firing or still clearing. Reasons a person resolved stay dismissed until they clear.
      const active = [...after.values()]
        .sort((a, b) => a.id - b.id)
        .filter((r) => !r.positive && (r.status === 'firing' || r.status === 'clearing') && !(r.alertId !== null && !group && isDismissed(db, r.alertId)));
      if (!group) {
        if (!active.some((r) => r.status === 'firing')) return void (out.unchanged += 1);
        const g = openGroup(db, accountId, active, opts.playbooks, ctx);
        if (!g) return void (out.unchanged += 1);
        out.opened += 1;
        changeLines.push(
          `${g.reopened ? 'reopened' : 'opened  '} #${g.alert.id} ${accountId} (${g.alert.severity}): ${g.alert.title} — reasons: ${describeReasons(active)}`,
        );
      } else if (active.length === 0) {
        for (const c of changes.cleared) {
          recordEvent(db, {
            alertId: group.id,
            at: opts.now,
            kind: 'reason_cleared',
            actor: 'system',
            source: 'rule',
            data: { rule: c.rule, severity: c.severity },
          });
        }
        const r = resolveAlert(db, group.id, SYSTEM_RULE, ctx, 'condition cleared');
        if (r.ok) {
          out.resolved += 1;
          changeLines.push(`resolved #${group.id} ${accountId}: every reason cleared`);
        }
      } else if (changes.added.length || changes.changed.length || changes.cleared.length) {
        const r = updateGroup(db, group.id, active, changes, opts.playbooks, ctx);
        if (!r.ok) return void (out.unchanged += 1);
        if (r.raised) out.raised += 1;
        else out.updated += 1;
        changeLines.push(
          `${r.raised ? 'raised  ' : 'updated '} #${group.id} ${accountId} (${group.severity} → ${r.alert!.severity}): ${r.alert!.title} — reasons: ${describeReasons(active)}`,
        );
      } else out.unchanged += 1;
    });
  };

  return {
    account: evaluateAccount,
    unchanged: () => void (out.unchanged += 1),
    finish() {
      out.changes = dropped ? [...lines, `… and ${dropped} more change(s)`] : lines;
      out.notified = counts.posts + counts.replies;
      return out;
    },
  };
}

function describeReasons(rs: ReasonRow[]): string {
  return rs.map((r) => `${r.rule} (${r.severity})`).join(', ');
}
