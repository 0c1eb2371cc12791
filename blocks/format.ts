/** Small pure formatters shared by the Slack surfaces (card, Home, lists). */
import { escapeMrkdwn } from '../src/lib/mrkdwn';
import type { Tier } from '../src/domain/tier';

/** Who did something, for every surface: <@U123> for Slack ids; a CLI actor or 'system' as escaped text. */
export function who(actor: string): string {
  if (/^[UW][A-Z0-9]{2,}$/.test(actor)) return `<@${actor}>`;
  if (actor === 'system') return 'Bellwether';
  return escapeMrkdwn(actor.replace(/^cli:/, ''));
}

const SPARKS = '▁▂▃▄▅▆▇█';

/** One character per value, scaled between the series' min and max (flat series draw mid-height). */
export function sparkline(values: number[]): string {
  if (!values.length) return '';
  const min = Math.min(...values);
  const max = Math.max(...values);
  if (max === min) return (max === 0 ? SPARKS[0] : SPARKS[3]).repeat(values.length);
  return values.map((v) => SPARKS[Math.round(((v - min) / (max - min)) * (SPARKS.length - 1))]).join('');
}

/** Money and percent: the one definition in src/domain/format. */
export { money, pct } from '../src/domain/format';

export function signed(n: number): string {
  const r = Math.round(n);
  return r > 0 ? `+${r}` : r < 0 ? `−${Math.abs(r)}` : '±0';
}

/** ▲ / ▼ / → for a score delta; small moves (< 2 points) read as flat. */
export function trendArrow(delta: number | null): string {
  if (delta === null) return '·';
  if (delta >= 2) return '▲';
  if (delta <= -2) return '▼';
  return '→';
}

/** One colour per tier, everywhere (card, Home, digests); white is "not scored". */
export const TIER_EMOJI: Record<Tier, string> = {
  Thriving: ':large_green_circle:',
  Healthy: ':large_blue_circle:',
  Neutral: ':large_yellow_circle:',
  'At-Risk': ':large_orange_circle:',
  Critical: ':red_circle:',
};

const SEVERITY_EMOJI: Record<string, string> = {
  critical: ':red_circle:',
  high: ':large_orange_circle:',
  medium: ':large_yellow_circle:',
  low: ':large_blue_circle:',
};

/** One emoji per alert severity (cards, alert messages, lists). */
export function severityEmoji(severity: string): string {
  return SEVERITY_EMOJI[severity] ?? ':white_circle:';
}

export function tierEmoji(tier: string | null): string {
  return (tier && TIER_EMOJI[tier as Tier]) || ':white_circle:';
}

/** "in 12 days" / "today" / "3 days ago" */
export function relativeDays(days: number): string {
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  if (days === -1) return 'yesterday';
  return days > 0 ? `in ${days} days` : `${-days} days ago`;
}

export function plain(text: string, emoji = true) {
  return { type: 'plain_text' as const, text, emoji };
}

export function mrkdwn(text: string) {
  return { type: 'mrkdwn' as const, text };
}

/**
 * The one way a time is shown to people: Slack's date token renders it in each reader's own time zone;
 * the fallback (clients that cannot render it, notification text) is the UTC time, labelled as such.
 */
export function slackDate(iso: string, format = '{date_short_pretty} {time}'): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return escapeMrkdwn(iso);
  const d = new Date(t).toISOString();
  const fallback = format.includes('{time}') ? `${d.slice(0, 10)} ${d.slice(11, 16)} UTC` : d.slice(0, 10);
  return `<!date^${Math.floor(t / 1000)}^${format}|${fallback}>`;
}
