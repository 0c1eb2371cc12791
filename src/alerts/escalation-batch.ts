/**
 * Escalations into a channel, batched: one post per channel per escalation tick listing every group that
 * escalated, never one post per group (DMs to the next level stay per group).
 */
import type { Db } from '../../db';
import { severityEmoji, who } from '../../blocks/format';
import { groupReasons } from './group-store';
import { groupWithAccountName } from './store';
import { enqueue } from '../delivery/store/outbox';
import { escapeMrkdwn, truncate } from '../lib/mrkdwn';

const SHOWN = 30;
export const ESCALATION_BATCH_EVENT_TYPE = 'bellwether_escalation_batch';

export class EscalationBatch {
  private readonly byChannel = new Map<string, { alertId: number; reason: string }[]>();

  add(channel: string, alertId: number, reason: string): void {
    const list = this.byChannel.get(channel) ?? [];
    if (!list.some((x) => x.alertId === alertId)) list.push({ alertId, reason });
    this.byChannel.set(channel, list);
  }

  /** Enqueue one post per channel (idempotent per tick). Returns the number of posts. */
  flush(db: Db, now: Date): number {
    let n = 0;
    for (const [channel, items] of this.byChannel) {
      const rows = items.map((it) => {
        const g = groupWithAccountName(db, it.alertId)!; // escalated in this transaction, so it exists
        const owner = g.alert.chain.levels[0]?.[0]?.id ?? null;
        return { ...it, severity: g.alert.severity, title: g.alert.title, name: g.accountName, owner, reasons: groupReasons(db, it.alertId).length };
      });
      const head = `:arrow_double_up: *${rows.length} alert group${rows.length === 1 ? '' : 's'} escalated* — not acknowledged within their SLA`;
      const lines = rows
        .slice(0, SHOWN)
        .map(
          (r) =>
            `${severityEmoji(r.severity)} *${escapeMrkdwn(truncate(r.name ?? '?', 80))}* · ${escapeMrkdwn(truncate(r.title, 100))}` +
            `${r.reasons > 1 ? ` (+${r.reasons - 1} more)` : ''} · owner ${r.owner ? who(r.owner) : 'unassigned'}`,
        );
      if (rows.length > SHOWN) lines.push(`…and ${rows.length - SHOWN} more (\`bellwether alerts list\`)`);
      const text = truncate([head, ...lines].join('\n'), 3000);
      enqueue(
        db,
        {
          idempotencyKey: `escalation-batch:${channel}:${now.toISOString()}`,
          method: 'chat.postMessage',
          args: {
            channel,
            text,
            blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
            unfurl_links: false,
            // which groups (and how severe) the post lists: Slack apps and bench:attention read it without parsing text
            metadata: {
              event_type: ESCALATION_BATCH_EVENT_TYPE,
              event_payload: { alert_ids: rows.map((r) => r.alertId), severities: rows.map((r) => r.severity) },
            },
          },
          channel,
        },
        now,
      );
      n += 1;
    }
    this.byChannel.clear();
    return n;
  }
}
