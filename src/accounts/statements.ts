import type Database from 'better-sqlite3';
import type { Db } from '../../db';

const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** A prepared statement, prepared once per connection: the hot read paths run thousands of times a minute. */
export function stmt(db: Db, sql: string): Database.Statement {
  return prepared(db.$client, sql);
}

/** The same on a bare connection (import hooks and other writers that hold the client, not the Db). */
export function prepared(client: Database.Database, sql: string): Database.Statement {
  let m = cache.get(client);
  if (!m) cache.set(client, (m = new Map()));
  let s = m.get(sql);
  if (!s) m.set(sql, (s = client.prepare(sql)));
  return s;
}
