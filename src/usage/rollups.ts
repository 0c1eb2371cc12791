/**
 * The usage rollups store: the only module that writes `usage_rollups`. One row per account with usage, holding
 * the windows the scorer and the alert rules read (src/scoring/features.ts: USAGE_LAST30_SQL, USAGE_PREV30_SQL,
 * the last-login and first-login-data seeks) as of the account's latest usage day. Every writer of usage_daily
 * keeps it: the usage import's afterBatch hook (same transaction as the rows), the demo writer, and a rebuild when
 * a chunked import is taken back. The daily pass reads a row per account instead of 60 raw rows when the row is
 * as of the day it scores; any other day (backfills, backtests) reads the raw rows.
 */
import type Database from 'better-sqlite3';

/**
 * Windows as of each account's latest day (`m.as_of`), one pass over its last 60 days (PK range seek). Each column
 * is the raw window query's column with the window written as a CASE; `filter` selects the accounts (on usage_daily);
 * the last login and first logins value walk the key from the nearer end and stop at the first match.
 * The migration 0016_usage_rollups.sql backfills with this statement (filter `1`); a test keeps them equal.
 */
export const rollupSql = (filter: string) => `
INSERT INTO usage_rollups (account_id, as_of, first_day, last_login_day, first_login_data_day, days30, logins30, events30,
  active_users30, features30, integrations30, logins7, logins14, login_rows30, days_prev30, logins_prev30, login_rows_prev30)
SELECT m.account_id, m.as_of, m.first_day,
  (SELECT day FROM usage_daily WHERE account_id = m.account_id AND logins > 0 ORDER BY day DESC LIMIT 1),
  (SELECT day FROM usage_daily WHERE account_id = m.account_id AND logins IS NOT NULL ORDER BY day LIMIT 1),
  COUNT(CASE WHEN u.day > m.d30 THEN 1 END),
  SUM(CASE WHEN u.day > m.d30 THEN u.logins END),
  SUM(CASE WHEN u.day > m.d30 THEN u.key_events END),
  MAX(CASE WHEN u.day > m.d30 THEN u.active_users END),
  MAX(CASE WHEN u.day > m.d30 THEN u.features_used END),
  MAX(CASE WHEN u.day > m.d30 THEN u.integrations END),
  SUM(CASE WHEN u.day > m.d7 THEN u.logins END),
  SUM(CASE WHEN u.day > m.d14 THEN u.logins END),
  COUNT(CASE WHEN u.day > m.d30 THEN u.logins END),
  COUNT(CASE WHEN u.day <= m.d30 THEN 1 END),
  SUM(CASE WHEN u.day <= m.d30 THEN u.logins END),
  COUNT(CASE WHEN u.day <= m.d30 THEN u.logins END)
FROM (
  SELECT account_id, MAX(day) AS as_of, MIN(day) AS first_day, date(MAX(day), '-7 days') AS d7, date(MAX(day), '-14 days') AS d14,
    date(MAX(day), '-30 days') AS d30, date(MAX(day), '-60 days') AS d60
  FROM usage_daily WHERE ${filter} GROUP BY account_id
) m
CROSS JOIN usage_daily u ON u.account_id = m.account_id AND u.day > m.d60 AND u.day <= m.as_of
GROUP BY m.account_id`;

const IDS = `account_id IN (SELECT value FROM json_each(?))`;

/** Rebuild every account's rollup from usage_daily (undo of a usage import, tests, the benchmark's generated data). */
export function rebuildUsageRollups(client: Database.Database): number {
  return client.transaction(() => {
    client.prepare('DELETE FROM usage_rollups').run();
    return client.prepare(rollupSql('1')).run().changes;
  })();
}

export type RollupRefresher = (accountIds: Iterable<string>) => void;

/**
 * Recompute the rollups of some accounts from their rows (prepared once; call inside the transaction that wrote
 * the rows). An account left without usage rows loses its rollup.
 */
export function rollupRefresher(client: Database.Database): RollupRefresher {
  const del = client.prepare(`DELETE FROM usage_rollups WHERE ${IDS}`);
  const ins = client.prepare(rollupSql(IDS));
  return (accountIds) => {
    const ids = JSON.stringify([...new Set(accountIds)]);
    del.run(ids);
    ins.run(ids);
  };
}
