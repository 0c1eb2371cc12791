import { escapeMrkdwn } from '../src/lib/mrkdwn';
import { bookRowLine } from './book-rows';
import { money, mrkdwn } from './format';
import type { Block } from './types';
import type { BookRowView } from './view-models/book';

export const LIST_LIMIT = 15;

/** A ranked account list for `/health mine`, `at-risk` and `renewals` (message surface, ≤ 50 blocks). */
export function bookListBlocks(title: string, rows: BookRowView[], today: string, emptyText: string): { text: string; blocks: Block[] } {
  const shown = rows.slice(0, LIST_LIMIT);
  const arr = rows.reduce((n, r) => n + r.arr, 0);
  const t = escapeMrkdwn(title);
  const blocks: Block[] = [
    { type: 'section', block_id: 'list_title', text: mrkdwn(rows.length ? `*${t}* — ${rows.length} account${rows.length === 1 ? '' : 's'}, ${money(arr)} ARR` : `*${t}*\n${escapeMrkdwn(emptyText)}`) },
  ];
  shown.forEach((r, i) => blocks.push({ type: 'section', block_id: `list_${i}`, text: mrkdwn(bookRowLine(r, today)) }));
  if (rows.length > shown.length) {
    blocks.push({ type: 'context', block_id: 'list_more', elements: [mrkdwn(`…and ${rows.length - shown.length} more. Open the Bellwether App Home for the full list with filters.`)] });
  }
  const text = rows.length ? `${title}: ${rows.length} accounts, ${money(arr)} ARR` : `${title}: ${emptyText}`;
  return { text: escapeMrkdwn(text), blocks };
}
