import { escapeMrkdwn, truncate } from '../src/lib/mrkdwn';
import { ActionIds } from './action-ids';
import { bookRowLine } from './book-rows';
import { money, mrkdwn, plain } from './format';
import type { Block } from './types';
import type { BookRowView } from './view-models/book';

export const LIST_LIMIT = 15;

/** A list showing more than one owner: its order and the value of the button that flips it. */
export interface ListOwners {
  sort: 'expected' | 'score';
  /** the list-sort button's value (the same list in the other order) */
  toggle: string;
}

/**
 * A ranked account list for `/health mine`, `at-risk` and `renewals` (message surface, ≤ 50 blocks). With
 * `owners` (a manager's or the VP's list): an owner line per row, an Open card button per row, and the sort toggle.
 */
export function bookListBlocks(title: string, rows: BookRowView[], today: string, emptyText: string, owners?: ListOwners): { text: string; blocks: Block[] } {
  const shown = rows.slice(0, LIST_LIMIT);
  const arr = rows.reduce((n, r) => n + r.arr, 0);
  const t = escapeMrkdwn(title);
  const order = owners ? (owners.sort === 'expected' ? ' · by expected ARR at risk (ARR × churn likelihood)' : ' · score order') : '';
  const blocks: Block[] = [
    {
      type: 'section',
      block_id: 'list_title',
      text: mrkdwn(
        rows.length ? `*${t}* — ${rows.length} account${rows.length === 1 ? '' : 's'}, ${money(arr)} ARR${order}` : `*${t}*\n${escapeMrkdwn(emptyText)}`,
      ),
    },
  ];
  if (owners && rows.length > 1) {
    const to = owners.sort === 'expected' ? 'Sort by score' : 'Sort by expected ARR at risk';
    blocks.push({
      type: 'actions',
      block_id: 'list_sort',
      elements: [{ type: 'button', action_id: ActionIds.listSort, text: plain(to), value: owners.toggle }],
    });
  }
  shown.forEach((r, i) =>
    blocks.push(
      owners
        ? {
            type: 'section',
            block_id: `list_${i}`,
            text: mrkdwn(truncate(`${bookRowLine(r, today)}\n_owner_ ${escapeMrkdwn(truncate(r.ownerEmail ?? r.ownerSlackId ?? 'unassigned', 80))}`, 3000)),
            accessory: { type: 'button', action_id: `${ActionIds.openCard}:list:${i}`, text: plain('Open card'), value: r.id },
          }
        : { type: 'section', block_id: `list_${i}`, text: mrkdwn(bookRowLine(r, today)) },
    ),
  );
  if (rows.length > shown.length) {
    blocks.push({
      type: 'context',
      block_id: 'list_more',
      elements: [mrkdwn(`…and ${rows.length - shown.length} more. Open the Bellwether App Home for the full list with filters.`)],
    });
  }
  const text = rows.length ? `${title}: ${rows.length} accounts, ${money(arr)} ARR` : `${title}: ${emptyText}`;
  return { text: escapeMrkdwn(text), blocks };
}
