/** Test data for the alerting tests: a small team and accounts, scores written like the scorer writes them. */
import type { Db } from '../../db';
import { parseConfig } from '../../src/config/load';
import type { AppConfig } from '../../src/config/schema';
import { writeScores } from '../../src/scoring/store';
import type { Driver, Tier } from '../../src/scoring/types';

export const OWNER = 'UOWNER1';
export const MANAGER = 'UMGR1';
export const VP = 'UVP1';
export const CHANNEL = 'CESC1';

export function testConfig(overrides: Record<string, unknown> = {}): AppConfig {
  const alerts = (overrides.alerts as Record<string, unknown>) ?? {};
  return parseConfig({
    ...overrides,
    alerts: {
      escalationChannel: CHANNEL,
      baseline: false,
      dailyDmCap: 1000,
      ...alerts,
      workingHours: { enabled: false, ...((alerts.workingHours as object) ?? {}) },
    },
  });
}

export function seedTeam(db: Db, opts: { ownerTz?: string } = {}): void {
  const ins = db.$client.prepare('insert into team_members (email, name, slack_id, role, manager_email, timezone, updated_at) values (?, ?, ?, ?, ?, ?, ?)');
  ins.run('vp@example.com', 'Vera VP', VP, 'vp', null, 'America/New_York', '2026-01-01T00:00:00Z');
  ins.run('mgr@example.com', 'Max Manager', MANAGER, 'manager', 'vp@example.com', 'Europe/London', '2026-01-01T00:00:00Z');
  ins.run('owner@example.com', 'Olive Owner', OWNER, 'csm', 'mgr@example.com', opts.ownerTz ?? 'Europe/Berlin', '2026-01-01T00:00:00Z');
}

export function seedAccount(
  db: Db,
  id: string,
  opts: { name?: string; arr?: number; renewalDate?: string | null; renewalStatus?: string; lifecycle?: string; owner?: string | null } = {},
): void {
  db.$client
    .prepare(
      `insert into accounts (id, name, owner_email, arr, renewal_date, renewal_status, lifecycle, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, '2026-01-01T00:00:00Z')`,
    )
    .run(
      id,
      opts.name ?? id,
      opts.owner === undefined ? 'owner@example.com' : opts.owner,
      opts.arr ?? 50_000,
      opts.renewalDate ?? null,
      opts.renewalStatus ?? 'pending',
      opts.lifecycle ?? 'active',
    );
}

export function tierFor(score: number): string {
  return score >= 85 ? 'Thriving' : score >= 70 ? 'Healthy' : score >= 50 ? 'Neutral' : score >= 30 ? 'At-Risk' : 'Critical';
}

export function seedScore(
  db: Db,
  accountId: string,
  asOf: string,
  score: number,
  opts: { drivers?: { id: string; severity?: string; reason?: string }[]; expansion?: number } = {},
): void {
  const drivers = (opts.drivers ?? []).map((d, i) => ({
    id: d.id,
    severity: d.severity ?? 'warning',
    reason: d.reason ?? `${d.id} reason`,
    action: `${d.id} action`,
    points: 10 - i,
  }));
  writeScores(db, [
    {
      accountId,
      asOf,
      score,
      tier: tierFor(score) as Tier,
      components: {},
      drivers: drivers as Driver[],
      coverage: 1,
      expansion: opts.expansion ?? 0,
      onboarding: false,
    },
  ]);
}

export function seedSignal(db: Db, accountId: string, kind: string, occurredAt: string, detail?: string): void {
  db.$client
    .prepare('insert into signals (id, account_id, kind, occurred_at, detail) values (?, ?, ?, ?, ?)')
    .run(`${accountId}-${kind}-${occurredAt}`, accountId, kind, occurredAt, detail ?? null);
}

export interface OutboxTestRow {
  id: number;
  method: string;
  channel: string;
  status: string;
  available_at: string;
  alert_id: number | null;
  args: Record<string, unknown>;
  last_error: string | null;
  attempts: number;
  result: string | null;
}

export function outboxRows(db: Db, where = '1=1'): OutboxTestRow[] {
  return (db.$client.prepare(`select * from outbox where ${where} order by id`).all() as Record<string, unknown>[]).map(
    (r) => ({ ...r, args: JSON.parse(String(r.args)) }) as OutboxTestRow,
  );
}
