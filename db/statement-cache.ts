/**
 * Per-connection statement caches for the stores (src/<area>/store.ts). Two kinds:
 * - `prepared`: a drizzle prepared query (typed rows from db/schema), built once per connection and name, for
 *   store reads on paths that run many times a minute (building a drizzle query per call costs several µs);
 * - `stmt`: a hand-tuned SQL statement, for measured hot paths and SQL drizzle cannot build (recursive CTEs),
 *   used only inside a store module (test/architecture/raw-sql-boundary.test.ts holds that).
 */
import type Database from 'better-sqlite3';

const queries = new WeakMap<Database.Database, Map<string, unknown>>();
const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

export function prepared<T>(db: { $client: Database.Database }, name: string, build: () => T): T {
  let m = queries.get(db.$client);
  if (!m) queries.set(db.$client, (m = new Map()));
  let q = m.get(name) as T | undefined;
  if (q === undefined) m.set(name, (q = build()));
  return q;
}

export function stmt(db: { $client: Database.Database }, sql: string): Database.Statement {
  let m = statements.get(db.$client);
  if (!m) statements.set(db.$client, (m = new Map()));
  let s = m.get(sql);
  if (!s) m.set(sql, (s = db.$client.prepare(sql)));
  return s;
}
