/**
 * Explicit transaction control for code that spans a transaction over many calls (chunked imports commit every
 * ≤ 40 ms, so they cannot use better-sqlite3's `transaction(fn)` wrapper). Names no table.
 */
import type Database from 'better-sqlite3';

type Client = Pick<Database.Database, 'exec' | 'inTransaction'>;

/** Take the write lock now (not at the first write), so a busy database fails here rather than mid-chunk. */
export function beginImmediate(c: Client): void {
  c.exec('BEGIN IMMEDIATE');
}

export function commit(c: Client): void {
  c.exec('COMMIT');
}

/** Roll back the open transaction, if any. */
export function rollbackIfOpen(c: Client): void {
  if (c.inTransaction) c.exec('ROLLBACK');
}

/** A savepoint nests inside a caller's transaction, so rolling it back leaves theirs intact. */
export function savepoint(c: Client, name: string): void {
  c.exec(`SAVEPOINT ${name}`);
}

export function releaseSavepoint(c: Client, name: string): void {
  c.exec(`RELEASE ${name}`);
}

export function rollbackToSavepoint(c: Client, name: string): void {
  c.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
}
