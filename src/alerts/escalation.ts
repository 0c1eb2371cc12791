import type { Db } from '../../db';
import type { AppConfig } from '../config/schema';
import { mayEscalateNow } from '../attention/escalation-gate';
import { TOP_LEVEL } from './chain';
import { EscalationBatch } from './escalation-batch';
import { dueForEscalation, getAlert, snoozesEnded } from './store';
import { escalateAlert, unsnoozeAlert } from './transitions';

export interface EscalationResult {
  escalated: number;
  unsnoozed: number;
  /** batched channel posts (one per channel per tick) */
  channelPosts: number;
  changes: string[];
}

/**
 * One escalation tick (the service runs it on alerts.escalationSchedule, default every 5 minutes):
 * wake snoozed alerts whose snooze ended, then escalate open alerts past their SLA one level; the channel
 * hears once per tick, one post listing every group that escalated.
 * Idempotent and safe to run concurrently: every step is a compare-and-swap.
 */
export function escalationTick(db: Db, opts: { config: AppConfig; now: Date }): EscalationResult {
  const ctx = { config: opts.config, now: opts.now };
  const at = opts.now.toISOString();
  const out: EscalationResult = { escalated: 0, unsnoozed: 0, channelPosts: 0, changes: [] };

  for (const id of snoozesEnded(db, at)) {
    const r = unsnoozeAlert(db, id, ctx);
    if (r.ok) {
      out.unsnoozed += 1;
      out.changes.push(`unsnoozed #${id} → ${r.alert.status}`);
    }
  }

  // The escalations and the channel post listing them commit together: a crash between them can no longer
  // leave groups escalated that the channel never heard of (each escalateAlert nests as a savepoint).
  db.$client
    .transaction(() => {
      const batch = new EscalationBatch();
      for (const id of dueForEscalation(db, at)) {
        // A non-critical group escalates only in its next level's working time (checked before it joins the batch post).
        const cur = getAlert(db, id);
        if (cur && !mayEscalateNow(cur.severity, cur.chain.levels[cur.escalationLevel + 1] ?? cur.chain.levels[TOP_LEVEL], ctx)) continue;
        const r = escalateAlert(db, id, ctx, batch);
        if (r.ok) {
          out.escalated += 1;
          out.changes.push(`escalated #${id} → level ${r.alert.escalationLevel}`);
        }
      }
      out.channelPosts = batch.flush(db, opts.now);
    })
    .immediate();
  return out;
}
