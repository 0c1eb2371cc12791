/**
 * Expansion opportunities are not risk: no group, no SLA, no escalation. Once a week each owner gets one DM
 * listing their accounts' open opportunities (and alerts.salesChannel, when set, one post listing them all).
 * Idempotent per (ISO week, recipient).
 */
import type { Db } from '../../db';
import { accountById } from '../accounts/store';
import type { AppConfig } from '../config/schema';
import { enqueue } from '../delivery/store/outbox';
import { money } from '../../blocks/format';
import { escapeMrkdwn, truncate } from '../lib/mrkdwn';
import { buildChain } from './chain';
import { expansionReasons, type ReasonDetail } from './group-store';

const SHOWN = 25;

interface Line {
  accountId: string;
  name: string;
  arr: number;
  title: string;
  reason: string;
}

function message(head: string, lines: Line[]) {
  const body = lines
    .slice(0, SHOWN)
    .map(
      (l) =>
        `:large_green_circle: *${escapeMrkdwn(truncate(l.name, 80))}* (${money(l.arr)} ARR) · ${escapeMrkdwn(truncate(l.title, 120))}\n${escapeMrkdwn(truncate(l.reason, 200))}`,
    );
  if (lines.length > SHOWN) body.push(`…and ${lines.length - SHOWN} more`);
  const text = truncate(`${head}\n${body.join('\n')}`, 3000);
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }], unfurl_links: false };
}

export function expansionWeeklyBatch(
  db: Db,
  opts: { config: AppConfig; now: Date; week: string },
): { owners: number; opportunities: number; enqueued: number } {
  const byOwner = new Map<string, Line[]>();
  const all: Line[] = [];
  for (const r of expansionReasons(db)) {
    const acc = accountById(db, r.accountId);
    const line: Line = {
      accountId: r.accountId,
      name: acc?.name ?? r.accountId,
      arr: acc?.arr ?? 0,
      title: r.title,
      reason: (r.detail as ReasonDetail).reason ?? '',
    };
    all.push(line);
    const owner = buildChain(db, r.accountId, opts.config.alerts).levels[0][0];
    if (!owner) continue;
    byOwner.set(owner.id, [...(byOwner.get(owner.id) ?? []), line]);
  }
  let enqueued = 0;
  const post = (channel: string, head: string, lines: Line[]) => {
    lines.sort((a, b) => b.arr - a.arr);
    const e = enqueue(
      db,
      { idempotencyKey: `expansion:${opts.week}:${channel}`, method: 'chat.postMessage', args: { channel, ...message(head, lines) }, channel },
      opts.now,
    );
    if (e.created) enqueued += 1;
  };
  for (const [owner, lines] of byOwner) post(owner, `:seedling: *Expansion opportunities this week* · ${lines.length} in your book`, lines);
  const sales = opts.config.alerts.salesChannel;
  if (sales && all.length) post(sales, `:seedling: *Expansion opportunities this week* · ${all.length} accounts`, all);
  return { owners: byOwner.size, opportunities: all.length, enqueued };
}
