/** Number formatting for digest text (Slack mrkdwn and plain-text fallback). */
import { money as compactMoney, pctPrecise, points } from '../src/domain/format';
import type { DeltaView as Delta } from './view-models/common';

/** Compact money (src/domain/format); 'n/a' when unknown. */
export function money(v: number | null): string {
  return v === null ? 'n/a' : compactMoney(v);
}

/** A share with one decimal (src/domain/format); 'n/a' when unknown. */
export function pct(v: number | null, digits = 1): string {
  return v === null ? 'n/a' : pctPrecise(v, digits);
}

export type DeltaKind = 'money' | 'ratio' | 'count' | 'score';

/** "▲ 1.2 pts" / "▼ $40k" / "no change"; `upIsGood` is not shown as colour, only the arrow direction. */
export function change(d: Delta, kind: DeltaKind): string {
  if (d.change === null) return 'no prior week';
  const c = d.change;
  const rounded = kind === 'ratio' ? Math.round(c * 1000) / 10 : kind === 'score' ? Math.round(c * 10) / 10 : kind === 'money' ? Math.round(c) : c;
  if (rounded === 0) return '= no change';
  const arrow = rounded > 0 ? '▲' : '▼';
  const mag = Math.abs(rounded);
  const text = kind === 'ratio' ? points(mag) : kind === 'money' ? money(mag) : kind === 'score' ? mag.toFixed(1) : String(mag);
  return `${arrow} ${text}`;
}

export function value(d: Delta, kind: DeltaKind): string {
  if (d.value === null) return 'n/a';
  return kind === 'money' ? money(d.value) : kind === 'ratio' ? pct(d.value) : kind === 'score' ? d.value.toFixed(1) : String(d.value);
}

/** value plus its week-over-week change, e.g. "$12.40M  ▲ $120k". */
export function withChange(d: Delta, kind: DeltaKind): string {
  return d.value === null ? 'n/a' : `${value(d, kind)}  ${change(d, kind)}`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** A Slack user mention only for well-formed user ids; anything else is not trusted as markup. */
export function mention(slackId: string | null | undefined): string | null {
  return slackId && /^[UW][A-Z0-9]{2,}$/.test(slackId) ? `<@${slackId}>` : null;
}

export function shortDate(day: string): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${months[Number(day.slice(5, 7)) - 1]} ${Number(day.slice(8, 10))}`;
}
