/**
 * Migration 0002 (missing_is_null) on a database that already has data: usage rows keep their values (and
 * their account link), the columns accept NULL afterwards, and the history trigger dates a change that sets
 * a new `as_of` by that day.
 */
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR } from '../../db';
import { migrationFolders } from '../support/migrations';

const { firstMigrations, cleanup } = migrationFolders();
afterEach(cleanup);

describe('migration 0002 missing_is_null', () => {
  it('keeps existing usage rows and lets absent measures be NULL', () => {
    const sqlite = new Database(':memory:');
    sqlite.pragma('foreign_keys = ON');
    const db = drizzle(sqlite);
    migrate(db, { migrationsFolder: firstMigrations(2) });
    sqlite.prepare("INSERT INTO accounts (id, name, updated_at) VALUES ('a', 'A', '2026-01-01T00:00:00Z')").run();
    sqlite
      .prepare(
        "INSERT INTO usage_daily (account_id, day, active_users, logins, key_events, features_used, integrations) VALUES ('a', '2026-01-01', 3, 4, 5, 6, 2)",
      )
      .run();
    expect(() => sqlite.prepare("INSERT INTO usage_daily (account_id, day, active_users) VALUES ('a', '2026-01-02', NULL)").run()).toThrow(/NOT NULL/);

    migrate(db, { migrationsFolder: MIGRATIONS_DIR });
    expect(sqlite.prepare('SELECT * FROM usage_daily').all()).toEqual([
      { account_id: 'a', day: '2026-01-01', active_users: 3, logins: 4, key_events: 5, features_used: 6, integrations: 2 },
    ]);
    sqlite.prepare("INSERT INTO usage_daily (account_id, day, logins) VALUES ('a', '2026-01-02', 7)").run();
    expect(sqlite.prepare("SELECT active_users, integrations FROM usage_daily WHERE day = '2026-01-02'").get()).toEqual({
      active_users: null,
      integrations: null,
    });
    // Still a child of accounts: deleting the account removes its usage.
    sqlite.prepare("DELETE FROM accounts WHERE id = 'a'").run();
    expect(sqlite.prepare('SELECT count(*) FROM usage_daily').pluck().get()).toBe(0);
  });

  it('dates a history row by a new as_of, by the write day otherwise, and keeps the old valid-from', () => {
    const sqlite = new Database(':memory:');
    migrate(drizzle(sqlite), { migrationsFolder: MIGRATIONS_DIR });
    sqlite
      .prepare("INSERT INTO accounts (id, name, renewal_status, as_of, updated_at) VALUES ('a', 'A', 'pending', '2025-01-01', '2026-01-01T00:00:00Z')")
      .run();
    sqlite.prepare("UPDATE accounts SET renewal_status = 'at_risk', as_of = '2025-06-01', updated_at = '2026-01-02T00:00:00Z' WHERE id = 'a'").run();
    sqlite.prepare("UPDATE accounts SET renewal_status = 'committed', updated_at = '2026-02-03T10:00:00Z' WHERE id = 'a'").run();
    sqlite.prepare("UPDATE accounts SET as_of = '2026-03-01', updated_at = '2026-03-01T00:00:00Z' WHERE id = 'a'").run(); // no attribute change: no row
    expect(sqlite.prepare('SELECT valid_from, valid_until, renewal_status FROM account_history ORDER BY id').all()).toEqual([
      { valid_from: '2025-01-01', valid_until: '2025-06-01', renewal_status: 'pending' },
      { valid_from: '2025-06-01', valid_until: '2026-02-03', renewal_status: 'at_risk' },
    ]);
  });
});
