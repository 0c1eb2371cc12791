/**
 * The account_rollups table's owner: each account's revenue and outreach figures as of now (the sum and newest
 * day of its revenue events, its newest outreach), so a book as of today reads ARR and last touch from one
 * narrow row per account instead of one revenue-events and one outreach lookup each (bench:home).
 *
 * Kept current where those rows are written, in the writer's transaction: the revenue import (its kind's hooks:
 * afterBatch refreshes the accounts a batch touched, onUndo rebuilds after a chunked import is taken back), the
 * demo writer (a rebuild after its bulk insert) and saveOutreach. The figures are recomputed from the rows
 * (never adjusted by deltas), so a re-import that changes or moves an event leaves them exact.
 *
 * A reader uses a row only where it holds on the reader's day (the newest event is not after it) and falls back
 * to the per-event definition otherwise: rollupRevenueToDateSql / rollupLastTouchSql.
 */
import type Database from 'better-sqlite3';
import { stmt } from '../../db/statement-cache';

// Correlated per account, so each sum runs over revenue_account_idx in the same order as the per-event
// definition (REVENUE_TO_DATE_SQL) and the two agree to the last bit.
const FIGURES_SQL = `a.id,
  (select sum(r.arr_delta) from revenue_events r where r.account_id = a.id),
  (select max(r.occurred_on) from revenue_events r where r.account_id = a.id),
  (select max(o.occurred_at) from outreach o where o.account_id = a.id)`;
const INSERT = `insert into account_rollups (account_id, revenue_sum, revenue_last_on, last_outreach_at)`;

const REFRESH_SQL = `${INSERT}
  select ${FIGURES_SQL} from accounts a where a.id in (select value from json_each(@ids))
  on conflict(account_id) do update set revenue_sum = excluded.revenue_sum, revenue_last_on = excluded.revenue_last_on, last_outreach_at = excluded.last_outreach_at`;

/** One keyset chunk of the rebuild (the migration's backfill is the same SELECT over every account). */
const REBUILD_CHUNK_SQL = `${INSERT}
  select ${FIGURES_SQL} from accounts a
  where a.id >= @from and a.id <= @to and (exists (select 1 from revenue_events r where r.account_id = a.id) or exists (select 1 from outreach o where o.account_id = a.id))
`;

const OUTREACH_SQL = `${INSERT} values (@accountId, null, null, @at)
  on conflict(account_id) do update set last_outreach_at = excluded.last_outreach_at
  where account_rollups.last_outreach_at is null or account_rollups.last_outreach_at < excluded.last_outreach_at`;

/**
 * Recompute the rollups of these accounts from their rows. Call inside the transaction that wrote the rows
 * (an account whose last event went away keeps a row of nulls).
 */
export function refreshAccountRollups(client: Database.Database, accountIds: Iterable<string>): void {
  const ids = [...new Set(accountIds)];
  if (ids.length) stmt({ $client: client }, REFRESH_SQL).run({ ids: JSON.stringify(ids) });
}

/** An outreach was logged: it becomes the account's last touch if it is the newest. */
export function outreachLogged(client: Database.Database, accountId: string, occurredAt: string): void {
  stmt({ $client: client }, OUTREACH_SQL).run({ accountId, at: occurredAt });
}

const REBUILD_ACCOUNTS = 5_000;

/**
 * Rebuild the whole table from revenue_events and outreach, in short transactions of 5,000 accounts (an undone
 * import, bulk seeds and fixtures that insert rows directly). Returns the rows written. Writers running
 * meanwhile stay exact: every row is recomputed from the source rows.
 */
export function rebuildAccountRollups(client: Database.Database): number {
  const ids = client.prepare('select id from accounts order by id').pluck().all() as string[];
  const chunk = stmt({ $client: client }, REBUILD_CHUNK_SQL);
  const clear = stmt({ $client: client }, 'delete from account_rollups where account_id >= @from and account_id <= @to');
  let written = 0;
  for (let i = 0; i < ids.length; i += REBUILD_ACCOUNTS) {
    const from = ids[i];
    const to = ids[Math.min(i + REBUILD_ACCOUNTS, ids.length) - 1];
    written += client
      .transaction(() => {
        clear.run({ from, to });
        return chunk.run({ from, to }).changes;
      })
      .immediate();
  }
  return written;
}

/**
 * SQL for readers. `ru` is the alias of the joined rollup row (rollupJoinSql), `perEvent` the definition it
 * stands for; the rollup is read only when it holds on the day, else the definition runs for that account.
 */
export const rollupJoinSql = (ru: string, accountId: string) => `left join account_rollups ${ru} on ${ru}.account_id = ${accountId}`;

/** Revenue events' sum up to @asOf (null when none): the rollup's sum unless an event is dated after the day. */
export const rollupRevenueToDateSql = (ru: string, perEvent: string) =>
  `(case when ${ru}.revenue_last_on is null then null when ${ru}.revenue_last_on <= @asOf then ${ru}.revenue_sum else ${perEvent} end)`;

/** Newest outreach before @touchEnd (the end of the day): the rollup's unless an outreach is dated after. */
export const rollupLastTouchSql = (ru: string, perEvent: string) =>
  `(case when ${ru}.last_outreach_at is null then null when ${ru}.last_outreach_at < @touchEnd then ${ru}.last_outreach_at else ${perEvent} end)`;
