/** Drizzle prepared queries, built once per connection and name (the hot path's statements). */
import type Database from 'better-sqlite3';

const cache = new WeakMap<Database.Database, Map<string, unknown>>();

export function prepared<T>(db: { $client: Database.Database }, name: string, build: () => T): T {
  let m = cache.get(db.$client);
  if (!m) cache.set(db.$client, (m = new Map()));
  let q = m.get(name) as T | undefined;
  if (q === undefined) m.set(name, (q = build()));
  return q;
}
