/**
 * Logged outreach is a touch on the account's alert group: an event row, every copy re-rendered (its card shows
 * "Last touch: call by @dana today"), and — unless alerts.outreachAcknowledges is off — an acknowledgement.
 */
import type { Db } from '../../db';
import type { NotifyContext } from './notify';
import { rerenderCopies } from './notify';
import { bumpVersion, getAlert, liveGroupOf, recordEvent } from './store';
import { acknowledgeAlert, type Actor, inTx } from './transitions';

export function recordTouch(
  db: Db,
  accountId: string,
  touch: { outreachId: number; type: string },
  actor: Actor,
  ctx: NotifyContext,
): { alertId: number; acknowledged: boolean } | null {
  return inTx(db, () => {
    const live = liveGroupOf(db, accountId);
    if (!live) return null;
    recordEvent(db, {
      alertId: live.id,
      at: ctx.now,
      kind: 'touched',
      actor: actor.id,
      source: actor.source,
      data: { outreach: touch.outreachId, type: touch.type },
    });
    if (ctx.config.alerts.outreachAcknowledges && (live.status === 'open' || live.status === 'snoozed')) {
      const r = acknowledgeAlert(db, live.id, actor, ctx); // re-renders every copy
      if (r.ok) return { alertId: live.id, acknowledged: true };
    }
    bumpVersion(db, live.id, ctx.now.toISOString());
    rerenderCopies(db, getAlert(db, live.id)!, ctx);
    return { alertId: live.id, acknowledged: false };
  });
}
