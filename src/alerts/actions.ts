/**
 * What a click on an alert does, independent of Bolt: permission check, then the transition.
 * Every successful transition has already enqueued chat.update for every copy of the alert.
 */
import type { Db } from '../../db';
import type { AppConfig } from '../config/schema';
import { canActOnAccount } from '../team/permissions';
import { getAlert } from './store';
import { memberBySlackIdOrEmailNoCase } from '../team/store';
import { reassignAlert } from './reassign';
import { CRITICAL_SNOOZE_MAX_DAYS, SNOOZE_REASON_LABEL, type SnoozeReason } from './snooze-reason';
import {
  type ResolutionReason,
  RESOLUTION_LABEL,
  type TransitionResult,
  acknowledgeAlert,
  completeStep,
  reopenStep,
  resolveAlert,
  snoozeAlert,
  unacknowledgeAlert,
} from './transitions';

/** A manager (or above), by Slack id or email. */
function isManager(db: Db, person: string): boolean {
  const r = memberBySlackIdOrEmailNoCase(db, person);
  return r ? r.role !== 'csm' : false;
}

/** Why this snooze is over the severity cap (critical: at most 7 days unless a manager snoozes), or null when allowed. */
export function snoozeCapRefusal(db: Db, severity: string, days: number, person: string): string | null {
  return severity === 'critical' && days > CRITICAL_SNOOZE_MAX_DAYS && !isManager(db, person)
    ? `A critical alert can be snoozed for at most ${CRITICAL_SNOOZE_MAX_DAYS} days unless a manager snoozes it.`
    : null;
}

export type AlertClick =
  | { kind: 'acknowledge'; alertId: number }
  | { kind: 'unacknowledge'; alertId: number }
  | { kind: 'reassign'; alertId: number; to: string }
  | { kind: 'resolve'; alertId: number; reason: ResolutionReason; note: string | null }
  | { kind: 'snooze'; alertId: number; days: number; reason?: SnoozeReason; note?: string | null }
  | { kind: 'step'; alertId: number; stepId: string; checked: boolean };

export interface ClickOutcome {
  ok: boolean;
  /** shown to the clicker (ephemeral) when something did not happen */
  message: string;
}

/** `42:7` → {alertId: 42, days: 7} */
export function parseSnoozeValue(v: string): { alertId: number; days: number } | null {
  const m = /^(\d+):(\d+)$/.exec(v);
  return m ? { alertId: Number(m[1]), days: Number(m[2]) } : null;
}

export function handleAlertClick(db: Db, config: AppConfig, user: string, click: AlertClick, now: Date): ClickOutcome {
  const alert = getAlert(db, click.alertId);
  if (!alert) return { ok: false, message: 'That alert no longer exists.' };
  const perm = canActOnAccount(db, config, user, alert.accountId);
  if (!perm.ok) return { ok: false, message: perm.reason };
  const actor = { id: user, source: 'slack' as const };
  const ctx = { config, now, interactive: true };
  let r: TransitionResult;
  switch (click.kind) {
    case 'acknowledge':
      r = acknowledgeAlert(db, click.alertId, actor, ctx);
      return r.ok ? { ok: true, message: 'Acknowledged: escalation stopped.' } : { ok: false, message: r.reason };
    case 'reassign':
      r = reassignAlert(db, click.alertId, click.to, actor, ctx);
      return r.ok ? { ok: true, message: 'Reassigned.' } : { ok: false, message: r.reason };
    case 'unacknowledge':
      r = unacknowledgeAlert(db, click.alertId, actor, ctx);
      return r.ok ? { ok: true, message: 'Unacknowledged: the SLA clock runs again.' } : { ok: false, message: r.reason };
    case 'resolve':
      r = resolveAlert(db, click.alertId, actor, ctx, undefined, { reason: click.reason, note: click.note });
      return r.ok ? { ok: true, message: `Resolved: ${RESOLUTION_LABEL[click.reason]}.` } : { ok: false, message: r.reason };
    case 'snooze':
      {
        const over = snoozeCapRefusal(db, alert.severity, click.days, user);
        if (over) return { ok: false, message: over };
      }
      r = snoozeAlert(db, click.alertId, click.days, actor, ctx, click.reason ? { reason: click.reason, note: click.note ?? null } : undefined);
      return r.ok
        ? { ok: true, message: `Snoozed for ${click.days} day${click.days > 1 ? 's' : ''}${click.reason ? `: ${SNOOZE_REASON_LABEL[click.reason]}` : ''}.` }
        : { ok: false, message: r.reason };
    case 'step':
      r = click.checked ? completeStep(db, click.alertId, click.stepId, actor, ctx) : reopenStep(db, click.alertId, click.stepId, actor, ctx);
      return r.ok ? { ok: true, message: click.checked ? 'Step done.' : 'Step reopened.' } : { ok: false, message: r.reason };
  }
}
