/**
 * The alert state machine. Every transition is one IMMEDIATE transaction that compare-and-swaps the alert row
 * (so a Slack click racing the rule engine or a second worker resolves to exactly one winner), bumps the version,
 * writes an alert_events row (who, when, source) and enqueues the messages that show the new state.
 *
 *   open ──ack──▶ acknowledged ──▶ resolved        open/ack ──snooze──▶ snoozed ──timer──▶ open/acknowledged
 *   any live state ──condition clears / resolve──▶ resolved;  severity rise ──▶ open again (re-notified)
 */
import type { Db } from '../../db';
import { who } from '../../blocks/format';
import type { AlertStatus } from '../../db/schema';
import { TOP_LEVEL } from './chain';
import { RESOLUTION_REASONS, type ResolutionReason } from './resolution';
import { isSnoozeReason, SNOOZE_NOTE_MAX, SNOOZE_REASONS, type SnoozeReason } from './snooze-reason';

export { RESOLUTION_LABEL, RESOLUTION_REASONS, type ResolutionReason } from './resolution';
import type { EscalationBatch } from './escalation-batch';
import { copyRecipients } from './message-keys';
import { isDm, type NotifyContext, postCopies, replyToCopies, rerenderCopies } from './notify';
import { formatSpan, slaDueAt, slaMs, slaZone, workingCalendar } from './sla';
import { addWorkingTime } from './working-hours';
import {
  type AlertRecord,
  type AlertRow,
  bumpVersion,
  deleteStepCompletion,
  type EventSource,
  getAlert,
  insertStepCompletion,
  recordEvent,
  stepCompletions,
  updateAlert,
} from './store';

export interface Actor {
  /** Slack user id, `cli:<name>` or 'system' */
  id: string;
  source: EventSource;
}

export const SYSTEM_RULE: Actor = { id: 'system', source: 'rule' };
export const SYSTEM_TIMER: Actor = { id: 'system', source: 'timer' };

export type TransitionResult = { ok: true; alert: AlertRecord } | { ok: false; reason: string; alert: AlertRecord | null };

/** Run fn in an IMMEDIATE transaction (takes the write lock up front: no lost updates between read and CAS). */
export function inTx<T>(db: Db, fn: () => T): T {
  return db.$client.transaction(fn).immediate();
}

function nowIso(ctx: NotifyContext) {
  return ctx.now.toISOString();
}

// ── generic CAS status change ───────────────────────────────────────────────

function changeStatus(
  db: Db,
  alertId: number,
  actor: Actor,
  ctx: NotifyContext,
  spec: { kind: string; from: AlertStatus[]; to: AlertStatus; set: Partial<AlertRow>; data?: unknown; refuse: (a: AlertRecord) => string },
): TransitionResult {
  return inTx(db, () => {
    const cur = getAlert(db, alertId);
    if (!cur) return { ok: false, reason: `alert ${alertId} not found`, alert: null };
    if (!spec.from.includes(cur.status)) return { ok: false, reason: spec.refuse(cur), alert: cur };
    const changed = updateAlert(db, alertId, { status: cur.status, version: cur.version }, { ...spec.set, status: spec.to, updatedAt: nowIso(ctx) });
    if (!changed) return { ok: false, reason: 'alert changed concurrently; try again', alert: getAlert(db, alertId) };
    recordEvent(db, {
      alertId,
      at: ctx.now,
      kind: spec.kind,
      actor: actor.id,
      source: actor.source,
      fromStatus: cur.status,
      toStatus: spec.to,
      data: spec.data,
    });
    const alert = getAlert(db, alertId)!;
    rerenderCopies(db, alert, ctx);
    return { ok: true, alert };
  });
}

const describe = (a: AlertRecord) =>
  a.status === 'resolved'
    ? 'This alert is already resolved.'
    : a.status === 'acknowledged'
      ? `Already acknowledged by ${who(a.acknowledgedBy ?? 'system')}.`
      : `This alert is ${a.status}.`;

/** Acknowledge: stops escalation. Allowed from open or snoozed. */
export function acknowledgeAlert(db: Db, alertId: number, actor: Actor, ctx: NotifyContext): TransitionResult {
  return changeStatus(db, alertId, actor, ctx, {
    kind: 'acknowledged',
    from: ['open', 'snoozed'],
    to: 'acknowledged',
    set: { acknowledgedAt: nowIso(ctx), acknowledgedBy: actor.id, snoozedUntil: null },
    refuse: describe,
  });
}

/** Resolve (condition cleared, or by hand with a reason and an optional note). Allowed from any live state. */
export function resolveAlert(
  db: Db,
  alertId: number,
  actor: Actor,
  ctx: NotifyContext,
  reason?: string,
  resolution?: { reason: ResolutionReason; note?: string | null },
): TransitionResult {
  if (resolution && !RESOLUTION_REASONS.includes(resolution.reason)) {
    return { ok: false, reason: `resolution reason must be one of ${RESOLUTION_REASONS.join(', ')}`, alert: getAlert(db, alertId) };
  }
  const note = resolution?.note?.trim() ? resolution.note.trim().slice(0, 2000) : null;
  return changeStatus(db, alertId, actor, ctx, {
    kind: 'resolved',
    from: ['open', 'acknowledged', 'snoozed'],
    to: 'resolved',
    set: { resolvedAt: nowIso(ctx), resolvedBy: actor.id, resolutionReason: resolution?.reason ?? null, resolutionNote: note },
    data: reason || resolution ? { ...(reason ? { reason } : {}), ...(resolution ? { resolution: resolution.reason, note } : {}) } : undefined,
    refuse: describe,
  });
}

/** Take an acknowledgement back: open again with a fresh SLA, so escalation resumes if nobody acts. */
export function unacknowledgeAlert(db: Db, alertId: number, actor: Actor, ctx: NotifyContext): TransitionResult {
  const cur = getAlert(db, alertId);
  return changeStatus(db, alertId, actor, ctx, {
    kind: 'unacknowledged',
    from: ['acknowledged'],
    to: 'open',
    set: {
      acknowledgedAt: null,
      acknowledgedBy: null,
      slaDueAt: cur ? slaDueAt(ctx.now, cur.severity, ctx.config.alerts, undefined, slaZone(cur.chain, ctx)) : null,
    },
    refuse: (a) => (a.status === 'resolved' ? 'This alert is already resolved.' : `This alert is ${a.status}, not acknowledged.`),
  });
}

export const MAX_SNOOZE_DAYS = 90;

/** Snooze until now + days, optionally with why (kept in the event's data): no escalation while snoozed; the timer wakes it. */
export function snoozeAlert(
  db: Db,
  alertId: number,
  days: number,
  actor: Actor,
  ctx: NotifyContext,
  why?: { reason: SnoozeReason; note?: string | null },
): TransitionResult {
  if (!Number.isInteger(days) || days < 1 || days > MAX_SNOOZE_DAYS) {
    return { ok: false, reason: `snooze days must be a whole number from 1 to ${MAX_SNOOZE_DAYS}`, alert: getAlert(db, alertId) };
  }
  if (why && !isSnoozeReason(why.reason))
    return { ok: false, reason: `snooze reason must be one of ${SNOOZE_REASONS.join(', ')}`, alert: getAlert(db, alertId) };
  const note = why?.note?.trim() ? why.note.trim().slice(0, SNOOZE_NOTE_MAX) : null;
  const until = new Date(ctx.now.getTime() + days * 86_400_000).toISOString();
  return changeStatus(db, alertId, actor, ctx, {
    kind: 'snoozed',
    from: ['open', 'acknowledged', 'snoozed'],
    to: 'snoozed',
    set: { snoozedUntil: until },
    data: { days, until, ...(why ? { reason: why.reason, note } : {}) },
    refuse: describe,
  });
}

/** Snooze ended (timer): back to acknowledged if it had been, else open with a fresh SLA. */
export function unsnoozeAlert(db: Db, alertId: number, ctx: NotifyContext): TransitionResult {
  const cur = getAlert(db, alertId);
  if (!cur) return { ok: false, reason: 'not found', alert: null };
  if (cur.status !== 'snoozed' || !cur.snoozedUntil || cur.snoozedUntil > ctx.now.toISOString()) {
    return { ok: false, reason: 'not due', alert: cur };
  }
  const to: AlertStatus = cur.acknowledgedAt ? 'acknowledged' : 'open';
  return changeStatus(db, alertId, SYSTEM_TIMER, ctx, {
    kind: 'unsnoozed',
    from: ['snoozed'],
    to,
    // a fresh SLA after a snooze counts the owner's working days
    set: {
      snoozedUntil: null,
      slaDueAt: (to === 'open' && slaDueAt(ctx.now, cur.severity, ctx.config.alerts, undefined, slaZone(cur.chain, ctx))) || cur.slaDueAt,
    },
    refuse: describe,
  });
}

// ── playbook steps ──────────────────────────────────────────────────────────

/** Tick a playbook step. First click wins: a second person ticking the same step is told who did it. */
export function completeStep(db: Db, alertId: number, stepId: string, actor: Actor, ctx: NotifyContext): TransitionResult {
  return inTx(db, () => {
    const cur = getAlert(db, alertId);
    if (!cur) return { ok: false, reason: `alert ${alertId} not found`, alert: null };
    if (cur.status === 'resolved') return { ok: false, reason: 'This alert is already resolved.', alert: cur };
    if (!cur.detail.playbook?.steps.some((s) => s.id === stepId)) return { ok: false, reason: `unknown step "${stepId}"`, alert: cur };
    if (!insertStepCompletion(db, alertId, stepId, actor.id, nowIso(ctx))) {
      return { ok: false, reason: `Already done by ${who(stepCompletions(db, alertId).get(stepId)?.by ?? 'someone')}.`, alert: cur };
    }
    bumpVersion(db, alertId, nowIso(ctx));
    recordEvent(db, { alertId, at: ctx.now, kind: 'step_completed', actor: actor.id, source: actor.source, data: { step: stepId } });
    const alert = getAlert(db, alertId)!;
    rerenderCopies(db, alert, ctx);
    return { ok: true, alert };
  });
}

/** Untick a step (someone clicked a ticked box). */
export function reopenStep(db: Db, alertId: number, stepId: string, actor: Actor, ctx: NotifyContext): TransitionResult {
  return inTx(db, () => {
    const cur = getAlert(db, alertId);
    if (!cur) return { ok: false, reason: `alert ${alertId} not found`, alert: null };
    if (cur.status === 'resolved') return { ok: false, reason: 'This alert is already resolved.', alert: cur };
    if (!deleteStepCompletion(db, alertId, stepId)) return { ok: false, reason: 'That step is not done.', alert: cur };
    bumpVersion(db, alertId, nowIso(ctx));
    recordEvent(db, { alertId, at: ctx.now, kind: 'step_reopened', actor: actor.id, source: actor.source, data: { step: stepId } });
    const alert = getAlert(db, alertId)!;
    rerenderCopies(db, alert, ctx);
    return { ok: true, alert };
  });
}

// ── escalation ──────────────────────────────────────────────────────────────

/**
 * SLA passed without acknowledgement: tell the next level of the frozen chain, with a message saying so.
 * CAS on escalation_level makes a second (or concurrent) tick a no-op. Past the top level, one final
 * "SLA breached" notice goes to the top level's existing copies and escalation stops.
 */
export function escalateAlert(db: Db, alertId: number, ctx: NotifyContext, channelBatch?: EscalationBatch): TransitionResult {
  return inTx(db, () => {
    const cur = getAlert(db, alertId);
    if (!cur) return { ok: false, reason: 'not found', alert: null };
    if (cur.status !== 'open' || !cur.slaDueAt || cur.slaDueAt > ctx.now.toISOString()) return { ok: false, reason: 'not due', alert: cur };
    if (cur.escalationLevel > TOP_LEVEL) return { ok: false, reason: 'already at the top of the chain', alert: cur };
    const notified = copyRecipients(db, alertId);
    let next = cur.escalationLevel + 1;
    while (next <= TOP_LEVEL && !cur.chain.levels[next]?.some((r) => !notified.has(r.id))) next += 1;
    const window = slaMs(cur.severity, ctx.config.alerts) ?? 0;
    const overdueFor = formatSpan(ctx.now.getTime() - Date.parse(cur.openedAt));
    const reason = `not acknowledged ${overdueFor} after it opened`;
    const newLevel = Math.min(next, TOP_LEVEL + 1);
    const changed = updateAlert(
      db,
      alertId,
      { escalationLevel: cur.escalationLevel, status: 'open' },
      {
        escalationLevel: newLevel,
        // the next level's SLA window counts that level's working days
        slaDueAt:
          next <= TOP_LEVEL
            ? addWorkingTime(ctx.now, window, cur.chain.levels[next]?.[0]?.tz ?? ctx.config.timezone, workingCalendar(ctx.config.alerts)).toISOString()
            : cur.slaDueAt,
        updatedAt: nowIso(ctx),
      },
    );
    if (!changed) return { ok: false, reason: 'escalated concurrently', alert: getAlert(db, alertId) };
    const to = next <= TOP_LEVEL ? cur.chain.levels[next].filter((r) => !notified.has(r.id)) : [];
    recordEvent(db, {
      alertId,
      at: ctx.now,
      kind: next <= TOP_LEVEL ? 'escalated' : 'sla_breached',
      actor: 'system',
      source: 'timer',
      fromStatus: 'open',
      toStatus: 'open',
      data: { fromLevel: cur.escalationLevel, toLevel: newLevel, to: to.map((r) => r.id), reason },
    });
    const alert = getAlert(db, alertId)!;
    if (to.length) {
      rerenderCopies(db, alert, ctx); // existing copies show "Escalated to …" before the new ones arrive
      // DMs to the next level stay per group; a channel hears once per tick, in the batch post listing every group.
      const channels = channelBatch ? to.filter((r) => !isDm(r.id)) : [];
      for (const c of channels) channelBatch!.add(c.id, alert.id, reason);
      postCopies(
        db,
        alert,
        to.filter((r) => !channels.includes(r)),
        ctx,
        'escalation',
      );
    } else {
      replyToCopies(db, alert, `:rotating_light: SLA breached: ${reason} and nobody is left to escalate to.`, 'breach', ctx);
      rerenderCopies(db, alert, ctx);
    }
    return { ok: true, alert: getAlert(db, alertId)! };
  });
}
