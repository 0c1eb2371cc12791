/**
 * Reassign an alert group to another person: the chain is rebuilt around them (their manager, VP), the old
 * copies get a thread reply saying so and re-render, and the new people in scope are told.
 */
import type { Db } from '../../db';
import { who } from '../../blocks/format';
import { memberByEmailOrSlackId } from '../team/store';
import { buildChain, initialLevel } from './chain';
import { groupRecipients } from './group-transitions';
import { type NotifyContext, postCopies, replyToCopies, rerenderCopies } from './notify';
import { getAlert, recordEvent, updateAlert } from './store';
import { type Actor, inTx, type TransitionResult } from './transitions';

/** `to` is a team member's email or Slack user id. */
export function reassignAlert(db: Db, alertId: number, to: string, actor: Actor, ctx: NotifyContext): TransitionResult {
  return inTx(db, () => {
    const cur = getAlert(db, alertId);
    if (!cur) return { ok: false, reason: `alert ${alertId} not found`, alert: null };
    if (cur.status === 'resolved') return { ok: false, reason: 'This alert is already resolved.', alert: cur };
    const m = memberByEmailOrSlackId(db, to);
    if (!m) return { ok: false, reason: `"${to}" is not in the team table (give an email or Slack user id)`, alert: cur };
    if (!m.slackId) return { ok: false, reason: `${m.email} has no Slack id, so they could not be told`, alert: cur };
    const from = cur.chain.levels[0]?.[0]?.id ?? null;
    if (from === m.slackId) return { ok: false, reason: `The alert is already assigned to ${who(m.slackId)}.`, alert: cur };
    const chain = buildChain(db, cur.accountId, ctx.config.alerts, m.email);
    const changed = updateAlert(
      db,
      alertId,
      { version: cur.version },
      { chain, escalationLevel: Math.max(0, initialLevel(cur.severity)), updatedAt: ctx.now.toISOString() },
    );
    if (!changed) return { ok: false, reason: 'alert changed concurrently; try again', alert: getAlert(db, alertId) };
    recordEvent(db, { alertId, at: ctx.now, kind: 'reassigned', actor: actor.id, source: actor.source, data: { from, to: m.slackId } });
    const alert = getAlert(db, alertId)!;
    replyToCopies(db, alert, `:arrows_counterclockwise: Reassigned to ${who(m.slackId)} by ${who(actor.id)}.`, `reassign:${alert.version}`, ctx);
    rerenderCopies(db, alert, ctx);
    postCopies(db, alert, groupRecipients(alert), ctx);
    return { ok: true, alert: getAlert(db, alertId)! };
  });
}
