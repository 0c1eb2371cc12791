import { daysBetween } from '../src/lib/dates';
import { escapeMrkdwn, truncate } from '../src/lib/mrkdwn';
import { money, relativeDays, severityEmoji, tierEmoji, trendArrow } from './format';
import type { BookGroupView, BookRowView } from './view-models/book';

/** One account as a compact mrkdwn line: tier, name, score + trend arrow, ARR, renewal, last touch. */
export function bookRowLine(r: BookRowView, today: string): string {
  const score = r.score === null ? 'unscored' : `${Math.round(r.score)} ${trendArrow(r.prev7 === null ? null : r.score - r.prev7)}`;
  const renewal = r.renewalDate ? `renews ${r.renewalDate} (${relativeDays(daysBetween(today, r.renewalDate))})` : 'no renewal date';
  const touch = r.lastTouchAt ? `touched ${relativeDays(-Math.max(0, daysBetween(r.lastTouchAt.slice(0, 10), today)))}` : 'no touch logged';
  const line = `${tierEmoji(r.tier)} *${escapeMrkdwn(truncate(r.name, 80))}* · ${score} · ${money(r.arr)} · ${renewal} · ${touch}`;
  return r.group ? `${line}\n${groupLine(r.group)}` : line;
}

/** An alert group in one short line: severity, state, top reason first, then "+N more". */
export function groupLine(g: BookGroupView): string {
  const top = g.reasons[0];
  const more = g.reasons.length > 1 ? ` · +${g.reasons.length - 1} more` : '';
  const state = g.status !== 'open' ? ` (${g.status})` : '';
  return `${severityEmoji(g.severity)} _${g.severity} alert${state}_${top ? `: ${escapeMrkdwn(truncate(top.title, 120))}${more}` : ''}`;
}
