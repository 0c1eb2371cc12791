/**
 * Sends the attention summaries that are due, through the outbox: a person's "Your book today" (baseline) on their
 * first working moment, and their daily summary of held alerts at their summary time (local). One per person per
 * kind per local day (the outbox idempotency key), so running it every tick, twice, or concurrently is safe.
 */
import type { Db } from '../../db';
import { attentionSummary, type SummaryItem } from '../../blocks/attention-summary';
import { groupReasons } from '../alerts/group-store';
import { groupWithAccountName } from '../alerts/store';
import { workingCalendar } from '../alerts/sla';
import { isWorkingTime, zoneOrUtc } from '../alerts/working-hours';
import type { AppConfig } from '../config/schema';
import { enqueue } from '../delivery/store/outbox';
import { zonedParts } from '../lib/zoned-time';
import { isSlackUserId, memberTimeZone } from '../team/slack-user';
import { getSettings, type HeldItem, heldFor, markSummarized, recipientsWithHeld } from './store';

export const SUMMARY_EVENT_TYPE = 'bellwether_attention_summary';

export interface SummaryResult {
  sent: number;
  /** one line per summary, for the CLI */
  changes: string[];
}

function tzOf(db: Db, id: string, fallback: string): string {
  return zoneOrUtc((isSlackUserId(id) && memberTimeZone(db, id)) || fallback);
}

/**
 * What a summary line shows: the alert group as it is now (its title, current severity and its other live
 * reasons), once per group however many decisions were held for it. Resolved groups drop out (no longer news).
 */
function describe(db: Db, held: HeldItem[]): { items: SummaryItem[]; ids: number[] } {
  const items: SummaryItem[] = [];
  const seen = new Set<number>();
  for (const h of held) {
    if (seen.has(h.alertId)) continue;
    seen.add(h.alertId);
    const g = groupWithAccountName(db, h.alertId);
    // an account gone from the table drops out, as the inner join did
    if (!g || g.accountName === null || g.alert.status === 'resolved') continue;
    const { title, severity } = g.alert;
    const also = groupReasons(db, h.alertId)
      .map((x) => x.title)
      .filter((t) => t !== title);
    items.push({ alertId: h.alertId, accountId: h.accountId, accountName: g.accountName, severity, title, also });
  }
  return { items, ids: held.map((h) => h.id) };
}

export function sendDueSummaries(db: Db, ctx: { config: AppConfig; now: Date }): SummaryResult {
  const out: SummaryResult = { sent: 0, changes: [] };
  const wh = workingCalendar(ctx.config.alerts);
  for (const recipient of recipientsWithHeld(db)) {
    const tz = tzOf(db, recipient, ctx.config.timezone);
    const local = zonedParts(ctx.now, tz);
    const hhmm = `${String(local.hour).padStart(2, '0')}:${String(local.minute).padStart(2, '0')}`;
    const held = heldFor(db, recipient);
    const baseline = held.filter((h) => h.reason === 'baseline');
    const person = isSlackUserId(recipient);
    let kind: 'baseline' | 'daily';
    let batch: HeldItem[];
    if (baseline.length) {
      if (person && !isWorkingTime(ctx.now, tz, wh)) continue;
      kind = 'baseline';
      batch = baseline;
    } else {
      // Daily summaries go out on working days only (a Saturday at 17:00 is nobody's end of day).
      if (person && !isWorkingTime(ctx.now, tz, { ...wh, start: 0, end: 24 })) continue;
      const summaryTime = getSettings(db, recipient, ctx.config.alerts.summaryTime).summaryTime;
      batch = held.filter((h) => h.day <= local.date);
      if (!batch.length || (hhmm < summaryTime && batch.every((h) => h.day === local.date))) continue;
      kind = 'daily';
    }
    db.$client
      .transaction(() => {
        const { items, ids } = describe(db, batch);
        const key = `attention:summary:${recipient}:${local.date}:${kind}`;
        if (!items.length) {
          markSummarized(db, ids, 0); // everything held was resolved meanwhile: nothing to say
          return;
        }
        const payload = attentionSummary({ kind, day: local.date, items, channel: !person });
        const { id, created } = enqueue(
          db,
          {
            idempotencyKey: key,
            method: 'chat.postMessage',
            args: {
              channel: recipient,
              text: payload.text,
              blocks: payload.blocks,
              unfurl_links: false,
              metadata: { event_type: SUMMARY_EVENT_TYPE, event_payload: { day: local.date, kind } },
            },
            channel: recipient,
          },
          ctx.now,
        );
        if (!created) return; // today's summary already went: the rest waits for tomorrow's
        markSummarized(db, ids, id);
        out.sent += 1;
        out.changes.push(`summary  ${recipient} (${kind}, ${items.length} alert(s))`);
      })
      .immediate();
  }
  return out;
}
