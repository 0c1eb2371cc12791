/**
 * The attention summary DM: "Your book today" (first-run baseline) or "Your alert summary" (what the daily cap or
 * the person's settings held back). Critical first, each alert with its buttons; past the 50-block limit the rest
 * fold into one "…and N more" line. Pure.
 */
import { escapeMrkdwn, truncate } from '../src/lib/mrkdwn';
import { SEVERITY_RANK } from '../src/domain/severity';
import { ActionIds } from './action-ids';
import { severityEmoji } from './format';

export interface SummaryItem {
  alertId: number;
  accountId: string;
  accountName: string;
  severity: 'critical' | 'high' | 'medium' | 'low';
  title: string;
  /** the group's other live reasons (titles), shown after the top one */
  also?: string[];
}

export interface SummaryView {
  kind: 'baseline' | 'daily';
  /** local date the summary is for (YYYY-MM-DD) */
  day: string;
  items: SummaryItem[];
  /** a channel (e.g. the escalation channel) reads "Open risk today", not "Your book today" */
  channel?: boolean;
}

const MAX_BLOCKS = 50;
const FIXED = 3; // header, context, divider
const PER_ITEM = 2; // section + actions

export function attentionSummary(v: SummaryView): { text: string; blocks: Record<string, unknown>[] } {
  const items = [...v.items].sort(
    (a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.accountName.localeCompare(b.accountName) || a.alertId - b.alertId,
  );
  const title = v.kind === 'baseline' ? (v.channel ? 'Open risk today' : 'Your book today') : v.channel ? 'Alert summary' : 'Your alert summary';
  const counts = (['critical', 'high', 'medium', 'low'] as const)
    .map((s) => [s, items.filter((i) => i.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
  const intro =
    v.kind === 'baseline'
      ? `Existing risk ${v.channel ? 'routed here' : 'in your book'} as of ${v.day} (${counts || 'nothing open'}). From now on ${v.channel ? 'this channel hears' : 'you hear'} about changes one by one.`
      : `Alerts held for your summary on ${v.day} (${counts || 'none'}): over your daily limit or set to wait for the summary.`;
  const blocks: Record<string, unknown>[] = [
    { type: 'header', text: { type: 'plain_text', text: title, emoji: true } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: intro }] },
    { type: 'divider' },
  ];
  const room = Math.floor((MAX_BLOCKS - FIXED - 1) / PER_ITEM); // keep one block for the overflow line
  const shown = items.length <= Math.floor((MAX_BLOCKS - FIXED) / PER_ITEM) ? items : items.slice(0, room);
  shown.forEach((i, n) => {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(
          `${severityEmoji(i.severity)} *${escapeMrkdwn(i.accountName)}*: ${escapeMrkdwn(i.title)}${i.also?.length ? `\n_also: ${escapeMrkdwn(i.also.join('; '))}_` : ''}`,
          3000,
        ),
      },
    });
    blocks.push({
      type: 'actions',
      elements: [
        { type: 'button', action_id: `${ActionIds.acknowledge}:${n}`, text: { type: 'plain_text', text: 'Acknowledge' }, value: String(i.alertId) },
        { type: 'button', action_id: `${ActionIds.logOutreach}:${n}`, text: { type: 'plain_text', text: 'Log outreach' }, value: i.accountId },
      ],
    });
  });
  if (shown.length < items.length) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${items.length - shown.length} more. Open the App Home for your whole book.` }] });
  }
  return { text: `${title}: ${counts || 'nothing open'}`, blocks };
}
