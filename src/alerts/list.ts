import type { Db } from '../../db';
import { severityRankSql } from '../domain/severity';
import { rowToAlert, type AlertRecord } from './store';

export type ListFilter = 'live' | 'open' | 'acknowledged' | 'snoozed' | 'resolved' | 'all';
export const LIST_FILTERS: ListFilter[] = ['live', 'open', 'acknowledged', 'snoozed', 'resolved', 'all'];

/** Alerts for listings (CLI, digest): live by default, most severe and oldest first. */
export function listAlerts(db: Db, opts: { filter?: ListFilter; accountId?: string; limit?: number } = {}): (AlertRecord & { accountName: string; stepsDone: number })[] {
  const filter = opts.filter ?? 'live';
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter === 'live') where.push("a.status != 'resolved'");
  else if (filter !== 'all') {
    where.push('a.status = ?');
    params.push(filter);
  }
  if (opts.accountId) {
    where.push('a.account_id = ?');
    params.push(opts.accountId);
  }
  const rows = db.$client
    .prepare(
      `select a.*, coalesce(ac.name, a.account_id) account_name,
              (select count(*) from playbook_step_completions p where p.alert_id = a.id) steps_done
         from alerts a left join accounts ac on ac.id = a.account_id
        ${where.length ? `where ${where.join(' and ')}` : ''}
        order by ${severityRankSql('a.severity')} desc, a.opened_at, a.id
        limit ?`,
    )
    .all(...params, opts.limit ?? 200) as Record<string, unknown>[];
  return rows.map((r) => ({ ...rowToAlert(r), accountName: String(r.account_name), stepsDone: Number(r.steps_done) }));
}
