/**
 * Alert-group transitions driven by the rule engine: open (or re-open) an account's group, and update it as
 * reasons arrive, change or clear. Each is one IMMEDIATE transaction with a version CAS, an alert_events row per
 * change and the Slack writes through the outbox. Notify path, one function per event (see notify.ts):
 *   tell these recipients about this group → postCopies;  re-render every copy → rerenderCopies;
 *   reply in every copy's thread → replyToCopies.
 * Only a rise of the group's (uninhibited) severity re-notifies; anything else re-renders the copies in place.
 */
import type { Db } from '../../db';
import type { AlertSeverity } from '../../db/schema';
import type { AlertsConfig } from '../config/sections/alerts';
import { parseDuration } from '../lib/dates';
import { matchPlaybook } from '../playbooks/match';
import type { Playbook } from '../playbooks/schema';
import { buildChain, type Chain, initialLevel, initialRecipients, type Recipient } from './chain';
import { inhibitedRules } from './inhibit';
import { attachReasons, byRank, type ReasonDetail, type ReasonRow } from './group-store';
import { type NotifyContext, postCopies, replyToCopies, rerenderCopies } from './notify';
import { SEVERITY_RANK } from './rule-ids';
import { slaDueAt, slaZone } from './sla';
import { type AlertDetail, type AlertRecord, getAlert, insertGroup, lastSelfResolved, recordEvent, updateAlert } from './store';
import { inTx } from './transitions';

const maxSeverity = (rs: readonly ReasonRow[]): AlertSeverity =>
  rs.reduce<AlertSeverity>((m, r) => (SEVERITY_RANK[r.severity] > SEVERITY_RANK[m] ? r.severity : m), 'low');

/** Severity that may notify: the highest reason not muted by an inhibit rule. */
function notifySeverity(rs: readonly ReasonRow[], cfg: AlertsConfig): AlertSeverity {
  const muted = inhibitedRules(rs, cfg.inhibit);
  return maxSeverity(rs.filter((r) => !muted.has(r.rule)));
}

/** The playbook follows the top reason; an unchanged playbook keeps its snapshot (and so its progress). */
function groupDetail(top: ReasonRow, playbooks: readonly Playbook[], prev: AlertDetail | null): AlertDetail {
  const d = top.detail as ReasonDetail;
  const pb = matchPlaybook(playbooks, { rule: top.rule, severity: top.severity, drivers: d.drivers });
  const keep = prev?.playbook && pb && prev.playbook.id === pb.id ? prev.playbook : undefined;
  const playbook = keep ?? (pb ? { id: pb.id, title: pb.title, steps: pb.steps } : undefined);
  return { reason: d.reason, numbers: d.numbers, drivers: d.drivers, ...(playbook ? { playbook, stepsTotal: playbook.steps.length } : {}) };
}

/** Who is told at once: the severity's levels, plus every role a playbook step is assigned to. */
export function groupRecipients(alert: Pick<AlertRecord, 'chain' | 'severity' | 'detail'>): Recipient[] {
  const out = initialRecipients(alert.chain, alert.severity);
  if (SEVERITY_RANK[alert.severity] < SEVERITY_RANK.medium) return out;
  const roles = new Set((alert.detail.playbook?.steps ?? []).map((s) => s.owner));
  const byRole = (role: Recipient['role']) => alert.chain.levels.flat().filter((r) => r.role === role);
  const extra = [...(roles.has('csm') ? byRole('owner') : []), ...(roles.has('manager') ? byRole('manager') : []), ...(roles.has('vp') ? byRole('vp') : [])];
  for (const r of extra) if (!out.some((o) => o.id === r.id)) out.push(r);
  return out;
}

function notifyGroup(db: Db, alert: AlertRecord, ctx: NotifyContext): void {
  const added = postCopies(db, alert, groupRecipients(alert), ctx);
  if (added.length) {
    recordEvent(db, {
      alertId: alert.id,
      at: ctx.now,
      kind: 'notified',
      actor: 'system',
      source: 'rule',
      data: { to: added.map((r) => r.id), severity: alert.severity },
    });
  }
}

const reasonData = (r: ReasonRow) => ({ rule: r.rule, severity: r.severity, title: r.title, reason: (r.detail as ReasonDetail).reason });

/** A group this account resolved by itself (condition cleared) within the re-open window, to reuse. */
function reusableGroup(db: Db, accountId: string, ctx: NotifyContext): AlertRecord | null {
  const since = new Date(ctx.now.getTime() - parseDuration(ctx.config.alerts.grouping.reopenWindow)).toISOString();
  return lastSelfResolved(db, accountId, since);
}

/**
 * Open the account's group from its firing reasons (or re-open the one that cleared within the window: same
 * messages, same playbook progress) and tell the recipients. Returns null when a live group already exists.
 */
export function openGroup(
  db: Db,
  accountId: string,
  reasons: ReasonRow[],
  playbooks: readonly Playbook[],
  ctx: NotifyContext,
): { alert: AlertRecord; reopened: boolean } | null {
  return inTx(db, () => {
    const sorted = [...reasons].sort(byRank);
    const top = sorted[0];
    const severity = maxSeverity(sorted);
    const at = ctx.now.toISOString();
    const prev = reusableGroup(db, accountId, ctx);
    const detail = groupDetail(top, playbooks, prev?.detail ?? null);
    const level = Math.max(0, initialLevel(severity));
    // A re-opened group keeps its frozen chain; a new one freezes its chain now. The SLA runs in the owner's working time.
    const chain: Chain = prev?.chain ?? buildChain(db, accountId, ctx.config.alerts);
    const pb = detail.playbook ? playbooks.find((p) => p.id === detail.playbook!.id) : undefined;
    const sla = slaDueAt(ctx.now, severity, ctx.config.alerts, pb, slaZone(chain, ctx));
    let alert: AlertRecord;
    if (prev) {
      const changed = updateAlert(
        db,
        prev.id,
        { version: prev.version, status: 'resolved' },
        {
          status: 'open',
          severity,
          rule: top.rule,
          title: top.title,
          detail,
          playbookId: detail.playbook?.id ?? null,
          escalationLevel: level,
          slaDueAt: sla,
          acknowledgedAt: null,
          acknowledgedBy: null,
          snoozedUntil: null,
          resolvedAt: null,
          resolvedBy: null,
          updatedAt: at,
        },
      );
      if (!changed) return null;
      alert = getAlert(db, prev.id)!;
    } else {
      const row = insertGroup(db, {
        accountId,
        rule: top.rule,
        severity,
        title: top.title,
        detail,
        playbookId: detail.playbook?.id ?? null,
        chain,
        escalationLevel: level,
        slaDueAt: sla,
        at,
      });
      if (!row) return null; // a live group for the account already exists (partial unique index)
      alert = row;
    }
    attachReasons(db, accountId, alert.id);
    recordEvent(db, {
      alertId: alert.id,
      at: ctx.now,
      kind: prev ? 'reopened' : 'opened',
      actor: 'system',
      source: 'rule',
      fromStatus: prev ? 'resolved' : null,
      toStatus: 'open',
      data: { severity, reasons: sorted.map(reasonData), playbook: detail.playbook?.id ?? null },
    });
    if (prev) {
      rerenderCopies(db, alert, ctx);
      replyToCopies(db, alert, `:repeat: Re-opened (*${severity}*): ${top.title}`, `reopen:${alert.version}`, ctx);
    }
    notifyGroup(db, alert, ctx);
    return { alert: getAlert(db, alert.id)!, reopened: Boolean(prev) };
  });
}

export interface ReasonChanges {
  added: ReasonRow[];
  changed: { row: ReasonRow; from: AlertSeverity }[];
  cleared: ReasonRow[];
}

/**
 * Reasons of a live group arrived, changed severity or cleared. The group takes the highest reason's severity and
 * the top reason's title and playbook. A rise of the uninhibited severity re-opens it (ack and snooze cleared, fresh
 * SLA), replies in every copy's thread and tells newly in-scope people; anything else re-renders the copies.
 */
export function updateGroup(
  db: Db,
  alertId: number,
  reasons: ReasonRow[],
  changes: ReasonChanges,
  playbooks: readonly Playbook[],
  ctx: NotifyContext,
): { ok: boolean; raised: boolean; alert: AlertRecord | null } {
  return inTx(db, () => {
    const cur = getAlert(db, alertId);
    if (!cur || cur.status === 'resolved') return { ok: false, raised: false, alert: cur };
    const sorted = [...reasons].sort(byRank);
    const top = sorted[0];
    const severity = maxSeverity(sorted);
    const raised = SEVERITY_RANK[notifySeverity(sorted, ctx.config.alerts)] > SEVERITY_RANK[cur.severity];
    const detail = groupDetail(top, playbooks, cur.detail);
    const at = ctx.now.toISOString();
    const headline = { severity, rule: top.rule, title: top.title, detail, playbookId: detail.playbook?.id ?? null, updatedAt: at };
    const changed = updateAlert(
      db,
      alertId,
      { version: cur.version },
      raised
        ? {
            ...headline,
            status: 'open',
            acknowledgedAt: null,
            acknowledgedBy: null,
            snoozedUntil: null,
            slaDueAt: slaDueAt(ctx.now, severity, ctx.config.alerts, undefined, slaZone(cur.chain, ctx)),
            escalationAtLeast: Math.max(0, initialLevel(severity)),
          }
        : headline,
    );
    if (!changed) return { ok: false, raised: false, alert: getAlert(db, alertId) };
    attachReasons(db, cur.accountId, alertId);
    const ev = (kind: string, data: unknown, from?: string | null, to?: string | null) =>
      recordEvent(db, { alertId, at: ctx.now, kind, actor: 'system', source: 'rule', fromStatus: from ?? null, toStatus: to ?? null, data });
    for (const r of changes.added) ev('reason_added', reasonData(r));
    for (const c of changes.changed) ev('reason_changed', { ...reasonData(c.row), from: c.from });
    for (const r of changes.cleared) ev('reason_cleared', { rule: r.rule, severity: r.severity });
    if (severity !== cur.severity)
      ev(raised ? 'severity_raised' : 'severity_changed', { from: cur.severity, to: severity, reason: top.title }, cur.status, raised ? 'open' : cur.status);
    const alert = getAlert(db, alertId)!;
    if (raised) {
      replyToCopies(db, alert, `:arrow_up: Severity raised from *${cur.severity}* to *${severity}*: ${top.title}`, `raise:${alert.version}`, ctx);
      rerenderCopies(db, alert, ctx);
      notifyGroup(db, alert, ctx);
    } else rerenderCopies(db, alert, ctx);
    return { ok: true, raised, alert: getAlert(db, alertId)! };
  });
}
