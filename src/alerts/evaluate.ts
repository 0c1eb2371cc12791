import type { Db } from '../../db';
import type { AppConfig } from '../config/schema';
import type { Playbook } from '../playbooks/schema';
import { loadAccountFacts, scoredAccountIds } from './facts';
import { SEVERITY_RANK } from './rule-ids';
import { evaluateRules, evaluatedRules } from './rules';
import { SYSTEM_RULE, openAlert, raiseSeverity, resolveAlert } from './transitions';

export interface EvaluateOptions {
  config: AppConfig;
  playbooks: Playbook[];
  now: Date;
  /** score date to evaluate (default: each account's latest score) */
  asOf?: string;
  /** only these accounts (default: every scored account) */
  accountIds?: string[];
}

export interface EvaluateResult {
  opened: number;
  raised: number;
  resolved: number;
  /** new Slack copies enqueued (posts) */
  notified: number;
  unchanged: number;
  /** one line per change, for the CLI */
  changes: string[];
}

/**
 * Run every rule against every scored account and reconcile with live alerts: open new ones, raise severity
 * (re-notify), auto-resolve those whose condition cleared. One live alert per (account, rule).
 * Each transition is its own transaction, so a Slack click racing this run resolves cleanly (CAS).
 */
export function evaluateAlerts(db: Db, opts: EvaluateOptions): EvaluateResult {
  const rules = opts.config.alerts.rules;
  const evaluated = evaluatedRules(rules);
  const ctx = { config: opts.config, now: opts.now };
  const out: EvaluateResult = { opened: 0, raised: 0, resolved: 0, notified: 0, unchanged: 0, changes: [] };
  const countPosts = () =>
    (db.$client.prepare(`select count(*) n from outbox where method = 'chat.postMessage' and alert_id is not null`).get() as { n: number }).n;
  const postsBefore = countPosts();

  const liveStmt = db.$client.prepare(`select id, rule, severity from alerts where account_id = ? and status != 'resolved'`);
  const evaluateAccount = (accountId: string) => {
    const facts = loadAccountFacts(db, accountId, {
      asOf: opts.asOf,
      dropWindowDays: rules.healthDrop.days,
      signalWindowDays: rules.criticalSignal.withinDays,
    });
    if (!facts) return;
    const holds = evaluateRules(facts, rules);
    const live = new Map(
      (liveStmt.all(accountId) as {
        id: number;
        rule: string;
        severity: keyof typeof SEVERITY_RANK;
      }[]).map((r) => [r.rule, r]),
    );
    for (const [rule, c] of holds) {
      const cur = live.get(rule);
      if (!cur) {
        const a = openAlert(db, { accountId, candidate: c, playbooks: opts.playbooks }, ctx);
        if (a) {
          out.opened += 1;
          out.changes.push(`opened   #${a.id} ${accountId} ${rule} (${c.severity}): ${c.title}`);
        } else out.unchanged += 1; // opened concurrently by another evaluator
      } else if (SEVERITY_RANK[c.severity] > SEVERITY_RANK[cur.severity]) {
        const r = raiseSeverity(db, cur.id, c, ctx);
        if (r.ok) {
          out.raised += 1;
          out.changes.push(`raised   #${cur.id} ${accountId} ${rule}: ${cur.severity} → ${c.severity}`);
        } else out.unchanged += 1;
      } else out.unchanged += 1;
    }
    for (const [rule, cur] of live) {
      if (holds.has(rule) || !evaluated(rule)) continue;
      const r = resolveAlert(db, cur.id, SYSTEM_RULE, ctx, 'condition cleared');
      if (r.ok) {
        out.resolved += 1;
        out.changes.push(`resolved #${cur.id} ${accountId} ${rule}: condition cleared`);
      }
    }
  };

  for (const accountId of opts.accountIds ?? scoredAccountIds(db, opts.asOf)) evaluateAccount(accountId);
  out.notified = countPosts() - postsBefore;
  return out;
}
