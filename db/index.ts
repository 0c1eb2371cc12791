import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema';
import { convertLegacyScoreDrivers } from '../src/scoring/store';

export { schema };
export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface CreateDbOptions {
  /** Apply committed migrations on open (default true). */
  migrate?: boolean;
  /** How long a statement waits synchronously for another connection's write lock (default 5000 ms). */
  busyTimeoutMs?: number;
  /** where a long data migration reports progress (default: stderr) */
  progress?: (line: string) => void;
}

/**
 * Open (creating if needed) a SQLite database, set pragmas and apply migrations.
 * Use ':memory:' for tests: the same real migrations run there.
 */
export function createDb(path: string, opts: CreateDbOptions = {}): Db {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL'); // safe with WAL; fsync at checkpoints only
  sqlite.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? 5000}`); // CLI, service and its job workers share the file
  const db = drizzle(sqlite, { schema }) as Db;
  if (opts.migrate !== false) {
    migrate(db, { migrationsFolder: MIGRATIONS_DIR });
    // Data steps SQL cannot do (reading old text back into numbers) run right after their migration.
    convertLegacyScoreDrivers(db, opts.progress ?? ((l) => process.stderr.write(`${l}\n`)));
  }
  return db;
}

/** Throws unless the database answers a trivial query (the service's /healthz). */
export function pingDb(db: Db): void {
  db.$client.prepare('select 1').get();
}

export function closeDb(db: Db): void {
  db.$client.close();
}
