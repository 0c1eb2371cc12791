/**
 * `bellwether alerts` — evaluate the rules and run an escalation tick, then deliver;
 * `alerts list`, `alerts ack <id>`; `bellwether outbox [--failed]` shows deliveries and why any failed.
 */
import type { Command } from 'commander';
import { escalationTick } from '../../alerts/escalation';
import { sendDueSummaries } from '../../attention/summary';
import { evaluateAlerts } from '../../alerts/evaluate';
import { LIST_FILTERS, type ListFilter, listAlerts } from '../../alerts/list';
import { acknowledgeAlert, RESOLUTION_REASONS, type ResolutionReason, resolveAlert, snoozeAlert, unacknowledgeAlert } from '../../alerts/transitions';
import { snoozeCapRefusal } from '../../alerts/actions';
import { getAlert } from '../../alerts/store';
import { isSnoozeReason, SNOOZE_REASON_LABEL, SNOOZE_REASONS } from '../../alerts/snooze-reason';
import { groupReasons } from '../../alerts/group-store';
import { reassignAlert } from '../../alerts/reassign';
import { describeQueued, listOutbox, outboxMark, queuedSince } from '../../delivery/store/reports';
import { UserError } from '../../lib/errors';
import { isCalendarDay } from '../../lib/dates';
import type { CliContext } from '../context';
import { deliver } from '../deliver';
import { parseInstant } from '../options';

function parseId(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UserError('BAD_ALERT_ID', `alert id must be a positive whole number, got "${v}"`);
  return n;
}

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));

export function registerAlerts(program: Command, ctx: CliContext): void {
  const alerts = program
    .command('alerts')
    .description('Evaluate alert rules, run an escalation tick and deliver (subcommands: list, ack, resolve)')
    .option('--now <iso>', 'evaluate as of this instant (default: now)')
    .option('--as-of <date>', 'use scores as of this date (default: each account’s latest)')
    .option('--no-deliver', 'only enqueue messages; do not send them')
    .action(async (opts: { now?: string; asOf?: string; deliver: boolean }) => {
      const now = parseInstant('--now', opts.now);
      if (opts.asOf !== undefined && !isCalendarDay(opts.asOf)) throw new UserError('BAD_DATE', `--as-of must be YYYY-MM-DD, got "${opts.asOf}"`);
      const config = ctx.config();
      const pbs = ctx.playbooks();
      const db = ctx.openDb();
      // Count what each step queued from the outbox itself, so escalations and copy updates are included.
      const before = outboxMark(db);
      const ev = evaluateAlerts(db, { config, playbooks: pbs, now, asOf: opts.asOf });
      for (const c of ev.changes) ctx.out(c);
      const afterEval = outboxMark(db);
      const tick = escalationTick(db, { config, now });
      for (const c of tick.changes) ctx.out(c);
      const summaries = sendDueSummaries(db, { config, now });
      for (const c of summaries.changes) ctx.out(c);
      ctx.out(
        `Alerts at ${now.toISOString()}: ${ev.opened} opened, ${ev.raised} severity raised, ${ev.resolved} resolved, ${ev.unchanged} unchanged; ` +
          `${tick.escalated} escalated, ${tick.unsnoozed} woke from snooze.`,
      );
      ctx.out(
        `Queued by evaluation: ${describeQueued(queuedSince(db, before, afterEval))}; by the escalation tick: ${describeQueued(queuedSince(db, afterEval))}.`,
      );
      if (opts.deliver) await deliver(ctx, db, now);
    });

  alerts
    .command('list')
    .description('List alerts (default: live ones), most severe first')
    .option('--status <status>', `one of ${LIST_FILTERS.join(', ')}`, 'live')
    .option('--account <id>', 'only this account')
    .action((opts: { status: string; account?: string }) => {
      if (!LIST_FILTERS.includes(opts.status as ListFilter))
        throw new UserError('BAD_STATUS', `--status must be one of ${LIST_FILTERS.join(', ')}, got "${opts.status}"`);
      const rows = listAlerts(ctx.openDb(), { filter: opts.status as ListFilter, accountId: opts.account });
      if (!rows.length) {
        ctx.out(`No ${opts.status === 'all' ? '' : `${opts.status} `}alerts.`);
        return;
      }
      ctx.out(`${pad('ID', 6)}${pad('SEVERITY', 10)}${pad('STATUS', 14)}${pad('ACCOUNT', 24)}${pad('RULE', 26)}${pad('SLA DUE', 18)}PLAYBOOK`);
      for (const a of rows) {
        const steps = a.detail.playbook ? `${a.detail.playbook.id} ${a.stepsDone}/${a.detail.playbook.steps.length}` : '-';
        const who = a.status === 'acknowledged' ? ` by ${a.acknowledgedBy}` : a.status === 'snoozed' ? ` → ${a.snoozedUntil?.slice(0, 10)}` : '';
        ctx.out(
          `${pad(`#${a.id}`, 6)}${pad(a.severity, 10)}${pad(a.status, 14)}${pad(a.accountName.slice(0, 22), 24)}${pad(a.rule, 26)}${pad(a.slaDueAt ? a.slaDueAt.slice(0, 16).replace('T', ' ') : '-', 18)}${steps}${who}`,
        );
        ctx.out(`      ${a.title}`);
        const reasons = groupReasons(ctx.openDb(), a.id);
        if (reasons.length > 1)
          for (const r of reasons) ctx.out(`        · ${pad(r.severity, 9)}${pad(r.rule, 28)}${r.title}${r.status === 'clearing' ? ' (clearing)' : ''}`);
      }
    });

  alerts
    .command('ack <id>')
    .description('Acknowledge an alert from the command line (stops escalation; every Slack copy is updated)')
    .option('--by <name>', 'who is acknowledging (recorded in the alert history)', process.env.USER ?? 'cli')
    .option('--no-deliver', 'only enqueue the message updates')
    .action(async (id: string, opts: { by: string; deliver: boolean }) => {
      const db = ctx.openDb();
      const now = new Date();
      const r = acknowledgeAlert(db, parseId(id), { id: `cli:${opts.by}`, source: 'cli' }, { config: ctx.config(), now });
      if (!r.ok) throw new UserError('ALERT_NOT_ACKED', `alert #${id}: ${r.reason}`);
      ctx.out(`Acknowledged alert #${r.alert.id} (${r.alert.accountId}: ${r.alert.title}) as cli:${opts.by}.`);
      if (opts.deliver) await deliver(ctx, db, now);
    });

  alerts
    .command('reassign <id>')
    .description('Reassign an alert group to another person (email or Slack id): the chain is rebuilt, old copies say so')
    .requiredOption('--to <person>', 'team member email or Slack user id')
    .option('--by <name>', 'who is reassigning', process.env.USER ?? 'cli')
    .option('--no-deliver', 'only enqueue the messages')
    .action(async (id: string, opts: { by: string; deliver: boolean; to: string }) => {
      const db = ctx.openDb();
      const now = new Date();
      const r = reassignAlert(db, parseId(id), opts.to, { id: `cli:${opts.by}`, source: 'cli' }, { config: ctx.config(), now });
      if (!r.ok) throw new UserError('ALERT_NOT_REASSIGNED', `alert #${id}: ${r.reason}`);
      ctx.out(
        `Reassigned alert group #${r.alert.id} (${r.alert.accountId}) to ${opts.to}; chain: ${r.alert.chain.levels
          .flat()
          .map((x) => x.id)
          .join(' → ')}.`,
      );
      if (opts.deliver) await deliver(ctx, db, now);
    });

  alerts
    .command('unack <id>')
    .description('Take back an acknowledgement: the group is open again with a fresh SLA')
    .option('--by <name>', 'who is un-acknowledging', process.env.USER ?? 'cli')
    .option('--no-deliver', 'only enqueue the message updates')
    .action(async (id: string, opts: { by: string; deliver: boolean }) => {
      const db = ctx.openDb();
      const now = new Date();
      const r = unacknowledgeAlert(db, parseId(id), { id: `cli:${opts.by}`, source: 'cli' }, { config: ctx.config(), now });
      if (!r.ok) throw new UserError('ALERT_NOT_UNACKED', `alert #${id}: ${r.reason}`);
      ctx.out(`Alert group #${r.alert.id} (${r.alert.accountId}) is open again; acknowledge by ${r.alert.slaDueAt ?? '-'}.`);
      if (opts.deliver) await deliver(ctx, db, now);
    });

  alerts
    .command('snooze <id>')
    .description('Snooze an alert group with why (no escalation until it wakes; critical: at most 7 days unless --by is a manager)')
    .requiredOption('--days <n>', 'how many days (whole number)')
    .requiredOption('--reason <reason>', `why: ${SNOOZE_REASONS.join(', ')}`)
    .option('--note <text>', 'optional note shown with the snooze')
    .option('--by <name>', 'who is snoozing (a team email or Slack id counts as that person for the critical cap)', process.env.USER ?? 'cli')
    .option('--no-deliver', 'only enqueue the message updates')
    .action(async (id: string, opts: { by: string; deliver: boolean; days: string; reason: string; note?: string }) => {
      const days = Number(opts.days);
      if (!Number.isInteger(days) || days < 1) throw new UserError('BAD_DAYS', `--days must be a positive whole number, got "${opts.days}"`);
      if (!isSnoozeReason(opts.reason)) throw new UserError('BAD_REASON', `--reason must be one of ${SNOOZE_REASONS.join(', ')}, got "${opts.reason}"`);
      const db = ctx.openDb();
      const now = new Date();
      const alertId = parseId(id);
      const cur = getAlert(db, alertId);
      const over = cur ? snoozeCapRefusal(db, cur.severity, days, opts.by) : null;
      if (over) throw new UserError('ALERT_NOT_SNOOZED', `alert #${id}: ${over}`);
      const r = snoozeAlert(
        db,
        alertId,
        days,
        { id: `cli:${opts.by}`, source: 'cli' },
        { config: ctx.config(), now },
        { reason: opts.reason, note: opts.note ?? null },
      );
      if (!r.ok) throw new UserError('ALERT_NOT_SNOOZED', `alert #${id}: ${r.reason}`);
      ctx.out(`Snoozed alert group #${r.alert.id} (${r.alert.accountId}) until ${r.alert.snoozedUntil?.slice(0, 10)}: ${SNOOZE_REASON_LABEL[opts.reason]}.`);
      if (opts.deliver) await deliver(ctx, db, now);
    });

  alerts
    .command('resolve <id>')
    .description('Resolve an alert group by hand, with why (saved, false_positive, not_actionable, churned)')
    .requiredOption('--reason <reason>', `why: ${RESOLUTION_REASONS.join(', ')}`)
    .option('--note <text>', 'optional note kept with the resolution')
    .option('--by <name>', 'who is resolving', process.env.USER ?? 'cli')
    .option('--no-deliver', 'only enqueue the message updates')
    .action(async (id: string, opts: { by: string; deliver: boolean; reason: string; note?: string }) => {
      if (!RESOLUTION_REASONS.includes(opts.reason as ResolutionReason)) {
        throw new UserError('BAD_REASON', `--reason must be one of ${RESOLUTION_REASONS.join(', ')}, got "${opts.reason}"`);
      }
      const db = ctx.openDb();
      const now = new Date();
      const resolution = { reason: opts.reason as ResolutionReason, note: opts.note ?? null };
      const r = resolveAlert(db, parseId(id), { id: `cli:${opts.by}`, source: 'cli' }, { config: ctx.config(), now }, 'resolved from the CLI', resolution);
      if (!r.ok) throw new UserError('ALERT_NOT_RESOLVED', `alert #${id}: ${r.reason}`);
      ctx.out(`Resolved alert group #${r.alert.id} (${r.alert.accountId}: ${r.alert.title}) as ${opts.reason}.`);
      if (opts.deliver) await deliver(ctx, db, now);
    });

  program
    .command('outbox')
    .description('Show deliveries: counts by status and the latest rows, failed ones with their reason')
    .option('--failed', 'only failed deliveries')
    .option('--limit <n>', 'rows to show', '30')
    .option('--deliver', 'send what is due now first')
    .action(async (opts: { failed?: boolean; limit: string; deliver?: boolean }) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new UserError('BAD_LIMIT', `--limit must be a positive whole number, got "${opts.limit}"`);
      const db = ctx.openDb();
      if (opts.deliver) await deliver(ctx, db, new Date());
      const l = listOutbox(db, { failedOnly: opts.failed, limit });
      const c = (s: string) => l.counts[s] ?? 0;
      ctx.out(`Outbox: ${c('pending')} pending, ${c('sending')} sending, ${c('sent')} sent, ${c('failed')} failed`);
      for (const r of l.rows) {
        const when = r.status === 'sent' ? `sent ${r.sentAt?.slice(0, 19)}` : r.status === 'pending' ? `due ${r.availableAt.slice(0, 19)}` : r.status;
        ctx.out(
          `${pad(`#${r.id}`, 8)}${pad(r.status, 9)}${pad(r.method, 18)}${pad(r.channel ?? '-', 18)}${pad(`try ${r.attempts}`, 8)}${when}${r.alertId ? ` alert #${r.alertId}` : ''}${r.lastError ? `\n        reason: ${r.lastError}` : ''}`,
        );
      }
      if (opts.failed && !l.rows.length) ctx.out('No failed deliveries.');
    });
}
