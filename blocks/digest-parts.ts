/** Small pure Block Kit helpers shared by the digest builders. */
import { escapeMrkdwn, truncate } from '../src/lib/mrkdwn';

export type Block = Record<string, unknown>;

export function header(text: string): Block {
  return { type: 'header', text: { type: 'plain_text', text: truncate(text, 150), emoji: true } };
}

export function section(text: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } };
}

export function fields(items: string[]): Block {
  return { type: 'section', fields: items.slice(0, 10).map((t) => ({ type: 'mrkdwn', text: truncate(t, 2000) })) };
}

export function context(text: string): Block {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(text, 3000) }] };
}

export const divider: Block = { type: 'divider' };

/**
 * Join lines into one section text: at most `limit` lines, and whole lines only (never one cut in half)
 * when the 3000-character limit is near; one "…and N more" note counts everything left out.
 */
export function linesSection(title: string, lines: string[], empty: string, limit = Infinity, max = 3000): Block {
  if (lines.length === 0) return section(`${title}\n_${empty}_`);
  let text = title;
  let shown = 0;
  for (const l of lines) {
    if (shown >= limit) break;
    const rest = lines.length - shown - 1;
    const reserve = rest > 0 ? 30 : 0;
    if (text.length + 1 + l.length + reserve > max) break;
    text += `\n${l}`;
    shown++;
  }
  if (shown < lines.length) text += `\n_…and ${lines.length - shown} more_`;
  return section(text);
}

/** Fixed-width cell for code-block tables: cut the raw value first, then escape (escaping must not be cut). */
export function cell(raw: string, width: number, align: 'left' | 'right' = 'left'): string {
  // Backticks in data could close the surrounding code block; newlines would break the row.
  const flat = raw.replace(/`/g, "'").replace(/[\r\n\t]+/g, ' ');
  const cut = flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
  const padded = align === 'left' ? cut.padEnd(width) : cut.padStart(width);
  return escapeMrkdwn(padded);
}

/** An account / segment name for mrkdwn: escaped, on one line, length-capped. */
export function safeName(name: string, max = 60): string {
  return escapeMrkdwn(truncate(name.replace(/[\r\n]+/g, ' '), max));
}

/** One context line naming the stale data sources, or nothing when all data is fresh. */
export function staleContext(warnings: readonly string[] | undefined): Block[] {
  if (!warnings?.length) return [];
  return [context(`:warning: Stale data, scores count it as missing: ${warnings.map((w) => escapeMrkdwn(w)).join('; ')}`)];
}
