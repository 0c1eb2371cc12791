import { escapeMrkdwn, truncate } from '../src/lib/mrkdwn';
import { ActionIds } from './action-ids';
import { money, mrkdwn, plain } from './format';
import type { Block } from './types';
import type { AccountChoiceView } from './view-models/book';

/** Echo a user's query safely: escaped, single line, short. */
export function quoteQuery(q: string): string {
  return escapeMrkdwn(truncate(q.replace(/\s+/g, ' ').trim(), 80));
}

/** Several accounts match: one button each (value = account id). */
export function ambiguousBlocks(query: string, candidates: AccountChoiceView[], total: number): { text: string; blocks: Block[] } {
  const more = total > candidates.length ? ` (showing ${candidates.length} of ${total}; add more of the name to narrow it)` : '';
  return {
    text: `Several accounts match "${quoteQuery(query)}". Which one did you mean?`,
    blocks: [
      { type: 'section', block_id: 'pick_prompt', text: mrkdwn(`Several accounts match *${quoteQuery(query)}*. Which one did you mean?${more}`) },
      {
        type: 'actions',
        block_id: 'pick_choices',
        elements: candidates.map((c, i) => ({
          type: 'button' as const,
          action_id: `${ActionIds.pickAccount}:${i}`,
          text: plain(truncate(`${c.name} · ${money(c.arr)}`, 75)),
          value: c.id,
        })),
      },
    ],
  };
}

export function notFoundBlocks(query: string, suggestions: AccountChoiceView[]): { text: string; blocks: Block[] } {
  const q = quoteQuery(query);
  const blocks: Block[] = [
    {
      type: 'section',
      block_id: 'nf_prompt',
      text: mrkdwn(
        suggestions.length
          ? `I couldn't find an account called *${q}*. Closest names:`
          : `I couldn't find an account called *${q}*, and nothing comes close. Try the account's slug (e.g. \`acme-corp\`) or \`/health help\`.`,
      ),
    },
  ];
  if (suggestions.length) {
    blocks.push({
      type: 'actions',
      block_id: 'nf_choices',
      elements: suggestions.map((c, i) => ({
        type: 'button' as const,
        action_id: `${ActionIds.pickAccount}:${i}`,
        text: plain(truncate(c.name, 75)),
        value: c.id,
      })),
    });
  }
  return { text: `No account called "${q}".${suggestions.length ? ` Closest: ${suggestions.map((s) => escapeMrkdwn(s.name)).join(', ')}` : ''}`, blocks };
}

/** A polite one-section answer (refusals, bad arguments, nothing to show). */
export function noticeBlocks(message: string): { text: string; blocks: Block[] } {
  return { text: message, blocks: [{ type: 'section', block_id: 'notice', text: mrkdwn(message) }] };
}

/** `/health at-risk <segment>` for a segment no account has: say so and list the known ones, closest first. */
export function unknownSegmentBlocks(segment: string, closestFirst: string[], show = 8): { text: string; blocks: Block[] } {
  const q = quoteQuery(segment);
  const names = closestFirst.slice(0, show).map((s) => escapeMrkdwn(truncate(s, 60)));
  const more = closestFirst.length > names.length ? ` (and ${closestFirst.length - names.length} more)` : '';
  const text = closestFirst.length
    ? `I don't know a segment called *${q}*. Known segments, closest first: ${names.join(', ')}${more}. Try \`/health at-risk ${names[0]}\`.`
    : `I don't know a segment called *${q}*: no account has a segment yet. Try \`/health at-risk\` for every at-risk account.`;
  return noticeBlocks(text);
}
