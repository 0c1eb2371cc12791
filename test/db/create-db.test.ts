import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeDb, createDb } from '../../db';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('createDb', () => {
  it('applies the committed migrations to a new file and sets WAL and foreign keys', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-db-'));
    dirs.push(dir);
    const db = createDb(join(dir, 'nested', 'x.db'));
    const c = db.$client;
    expect(c.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(c.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = (c.prepare("select name from sqlite_master where type='table' order by name").all() as { name: string }[]).map((r) => r.name);
    for (const t of [
      'accounts',
      'team_members',
      'usage_daily',
      'tickets',
      'nps_responses',
      'revenue_events',
      'signals',
      'health_scores',
      'alerts',
      'alert_events',
      'alert_messages',
      'playbook_step_completions',
      'outreach',
      'outbox',
      'digest_log',
    ]) {
      expect(tables).toContain(t);
    }
    closeDb(db);
    // Re-opening is a no-op for migrations (they are recorded).
    const again = createDb(join(dir, 'nested', 'x.db'));
    const applied = again.$client.prepare('select count(*) n from __drizzle_migrations').get() as { n: number };
    expect(applied.n).toBeGreaterThan(0);
    closeDb(again);
  });

  it('enforces foreign keys and the one-live-alert-per-rule index', () => {
    const db = createDb(':memory:');
    const c = db.$client;
    expect(() => c.prepare("insert into usage_daily(account_id, day) values ('nope', '2026-01-01')").run()).toThrow(/FOREIGN KEY/);
    c.prepare("insert into accounts(id, name, updated_at) values ('a', 'A', '2026-01-01')").run();
    const ins = c.prepare(
      "insert into alerts(account_id, rule, severity, status, title, chain, opened_at, updated_at) values ('a', 'inactivity', 'medium', ?, 't', '[]', 'x', 'x')",
    );
    ins.run('open');
    expect(() => ins.run('acknowledged')).toThrow(/UNIQUE/);
    c.prepare("update alerts set status='resolved'").run();
    expect(() => ins.run('open')).not.toThrow();
    closeDb(db);
  });
});
