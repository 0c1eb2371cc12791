import type { BookRow } from '../src/accounts/book';
import { daysBetween } from '../src/lib/dates';
import { escapeMrkdwn, truncate } from '../src/lib/mrkdwn';
import { money, relativeDays, tierEmoji, trendArrow } from './format';

/** One account as a compact mrkdwn line: tier, name, score + trend arrow, ARR, renewal, last touch. */
export function bookRowLine(r: BookRow, today: string): string {
  const score = r.score === null ? 'unscored' : `${Math.round(r.score)} ${trendArrow(r.prev7 === null ? null : r.score - r.prev7)}`;
  const renewal = r.renewalDate ? `renews ${r.renewalDate} (${relativeDays(daysBetween(today, r.renewalDate))})` : 'no renewal date';
  const touch = r.lastTouchAt ? `touched ${relativeDays(-Math.max(0, daysBetween(r.lastTouchAt.slice(0, 10), today)))}` : 'no touch logged';
  return `${tierEmoji(r.tier)} *${escapeMrkdwn(truncate(r.name, 80))}* · ${score} · ${money(r.arr)} · ${renewal} · ${touch}`;
}
