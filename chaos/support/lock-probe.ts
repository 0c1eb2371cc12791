/**
 * Measures how long other connections hold a database's write lock: a connection with no busy wait tries
 * BEGIN IMMEDIATE every few ms; the longest unbroken run of "locked" answers is the longest hold seen.
 */
import Database from 'better-sqlite3';

export function probeWriteLock(file: string, everyMs = 5): { stop(): Promise<{ longestMs: number; lockedMs: number }> } {
  const sqlite = new Database(file);
  sqlite.pragma('busy_timeout = 0');
  let lockedSince: number | null = null;
  let longest = 0;
  let total = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    let locked = false;
    try {
      sqlite.exec('BEGIN IMMEDIATE');
      sqlite.exec('ROLLBACK');
    } catch {
      locked = true;
    }
    if (locked) {
      total += now - last;
      lockedSince ??= now;
      longest = Math.max(longest, now - lockedSince);
    } else lockedSince = null;
    last = now;
  }, everyMs);
  return {
    async stop() {
      clearInterval(timer);
      sqlite.close();
      return { longestMs: Math.round(longest), lockedMs: Math.round(total) };
    },
  };
}
