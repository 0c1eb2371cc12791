/** Helpers for the demo tests: a stable hash of every demo table's rows. */
import { createHash } from 'node:crypto';
import type { Db } from '../../db';

export const DEMO_TABLES: readonly (readonly [string, string])[] = [
  ['team_members', 'email'],
  ['accounts', 'id'],
  ['usage_daily', 'account_id, day'],
  ['tickets', 'id'],
  ['nps_responses', 'id'],
  ['revenue_events', 'id'],
  ['signals', 'id'],
];

/** sha256 over every demo table dumped in primary-key order. */
export function dumpHash(db: Db): string {
  const h = createHash('sha256');
  for (const [table, order] of DEMO_TABLES) {
    h.update(`#${table}\n`);
    for (const row of db.$client.prepare(`SELECT * FROM ${table} ORDER BY ${order}`).iterate()) h.update(`${JSON.stringify(row)}\n`);
  }
  return h.digest('hex');
}

export function count(db: Db, sql: string, ...params: unknown[]): number {
  return (db.$client.prepare(sql).get(...params) as { n: number }).n;
}
