/**
 * Migration 0009 (alert_groups) on a database holding per-rule alerts: each account's live alerts become one
 * group (the highest-severity alert survives and carries every live alert as a reason), copies move to the
 * survivor unless that recipient already has one there, history stays, and one live group per account holds.
 */
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR } from '../../db';
import { migrationFolders } from '../support/migrations';

const { firstMigrations, cleanup } = migrationFolders();
afterEach(cleanup);

describe('migration 0009 alert_groups', () => {
  it('merges each account’s live alerts into one group with those reasons; events, copies and step progress keep working', () => {
    const sqlite = new Database(':memory:');
    sqlite.pragma('foreign_keys = ON');
    const db = drizzle(sqlite);
    migrate(db, { migrationsFolder: firstMigrations(9) });
    const acc = sqlite.prepare("insert into accounts (id, name, updated_at) values (?, ?, '2026-01-01T00:00:00Z')");
    acc.run('acme', 'Acme');
    acc.run('beta', 'Beta');
    const alert = sqlite.prepare(
      `insert into alerts (id, account_id, rule, severity, status, title, detail, chain, opened_at, updated_at, version, resolved_at)
       values (?, ?, ?, ?, ?, ?, ?, '{"levels":[]}', ?, ?, 1, ?)`,
    );
    const d = (reason: string) => JSON.stringify({ reason, numbers: {}, drivers: [] });
    alert.run(1, 'acme', 'health_drop', 'medium', 'open', 'Health dropped', d('fell 18'), '2026-11-20T10:00:00Z', '2026-11-20T10:00:00Z', null);
    alert.run(2, 'acme', 'tier_drop', 'critical', 'acknowledged', 'Tier Critical', d('score 20'), '2026-11-21T10:00:00Z', '2026-11-21T11:00:00Z', null);
    alert.run(3, 'acme', 'signal:competitor_mentioned', 'high', 'open', 'Competitor', d('mentioned'), '2026-11-22T10:00:00Z', '2026-11-22T10:00:00Z', null);
    alert.run(4, 'acme', 'inactivity', 'medium', 'resolved', 'Old', d('old'), '2026-10-01T10:00:00Z', '2026-10-02T10:00:00Z', '2026-10-02T10:00:00Z');
    alert.run(5, 'beta', 'usage_decline', 'high', 'open', 'Usage down', d('down'), '2026-11-22T10:00:00Z', '2026-11-22T10:00:00Z', null);
    const msg = sqlite.prepare("insert into alert_messages (alert_id, recipient, role, created_at) values (?, ?, ?, '2026-11-20T10:00:00Z')");
    msg.run(1, 'UOWNER', 'owner');
    msg.run(2, 'UOWNER', 'owner');
    msg.run(2, 'UMGR', 'manager');
    msg.run(3, 'UVP', 'vp');
    sqlite.prepare("insert into alert_events (alert_id, at, kind, actor, source) values (2, '2026-11-21T11:00:00Z', 'acknowledged', 'UOWNER', 'slack')").run();
    sqlite
      .prepare("insert into playbook_step_completions (alert_id, step_id, completed_by, completed_at) values (2, 'call', 'UOWNER', '2026-11-21T12:00:00Z')")
      .run();

    migrate(db, { migrationsFolder: MIGRATIONS_DIR });

    expect(sqlite.prepare('select id, account_id, status, severity, resolved_by from alerts order by id').all()).toEqual([
      { id: 1, account_id: 'acme', status: 'resolved', severity: 'medium', resolved_by: 'migration' },
      { id: 2, account_id: 'acme', status: 'acknowledged', severity: 'critical', resolved_by: null },
      { id: 3, account_id: 'acme', status: 'resolved', severity: 'high', resolved_by: 'migration' },
      { id: 4, account_id: 'acme', status: 'resolved', severity: 'medium', resolved_by: null },
      { id: 5, account_id: 'beta', status: 'open', severity: 'high', resolved_by: null },
    ]);
    expect(sqlite.prepare('select account_id, alert_id, rule, severity, status, first_seen_at from alert_reasons order by account_id, rule').all()).toEqual([
      { account_id: 'acme', alert_id: 2, rule: 'health_drop', severity: 'medium', status: 'firing', first_seen_at: '2026-11-20T10:00:00Z' },
      { account_id: 'acme', alert_id: 2, rule: 'signal:competitor_mentioned', severity: 'high', status: 'firing', first_seen_at: '2026-11-22T10:00:00Z' },
      { account_id: 'acme', alert_id: 2, rule: 'tier_drop', severity: 'critical', status: 'firing', first_seen_at: '2026-11-21T10:00:00Z' },
      { account_id: 'beta', alert_id: 5, rule: 'usage_decline', severity: 'high', status: 'firing', first_seen_at: '2026-11-22T10:00:00Z' },
    ]);
    // The VP's copy of #3 now shows the group; the owner already had a copy of #2, so #1's stays (frozen, resolved).
    expect(sqlite.prepare('select alert_id, recipient from alert_messages order by alert_id, recipient').all()).toEqual([
      { alert_id: 1, recipient: 'UOWNER' },
      { alert_id: 2, recipient: 'UMGR' },
      { alert_id: 2, recipient: 'UOWNER' },
      { alert_id: 2, recipient: 'UVP' },
    ]);
    expect(sqlite.prepare('select alert_id, kind, actor from alert_events order by id').all()).toEqual([
      { alert_id: 2, kind: 'acknowledged', actor: 'UOWNER' },
      { alert_id: 1, kind: 'merged_into_group', actor: 'migration' },
      { alert_id: 3, kind: 'merged_into_group', actor: 'migration' },
      { alert_id: 2, kind: 'grouped', actor: 'migration' },
      { alert_id: 5, kind: 'grouped', actor: 'migration' },
    ]);
    expect(sqlite.prepare('select alert_id, step_id from playbook_step_completions').all()).toEqual([{ alert_id: 2, step_id: 'call' }]);
    // One live group per account from now on.
    expect(() =>
      sqlite
        .prepare(
          `insert into alerts (account_id, rule, severity, status, title, chain, opened_at, updated_at) values ('acme', 'x', 'low', 'open', 't', '{}', 'n', 'n')`,
        )
        .run(),
    ).toThrow(/UNIQUE/);
  });
});
