import type { Db } from '../../db';
import { type AlertRecord, type ListFilter, listGroups } from './store';

export type { ListFilter } from './store';
export const LIST_FILTERS: ListFilter[] = ['live', 'open', 'acknowledged', 'snoozed', 'resolved', 'all'];

/** Alerts for listings (CLI, digest): live by default, most severe and oldest first. */
export function listAlerts(
  db: Db,
  opts: { filter?: ListFilter; accountId?: string; limit?: number } = {},
): (AlertRecord & { accountName: string; stepsDone: number })[] {
  return listGroups(db, { filter: opts.filter ?? 'live', accountId: opts.accountId, limit: opts.limit ?? 200 });
}
