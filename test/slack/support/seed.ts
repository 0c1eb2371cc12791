/** Test data for the Slack surface, written straight into the real tables. */
import type { Db } from '../../../db';
import { writeScores } from '../../../src/scoring/store';
import type { Driver, Tier } from '../../../src/scoring/types';

export const TODAY = '2026-11-20';
export const NOW = new Date(`${TODAY}T15:00:00Z`);

export interface SeedIds {
  csm: string; // owns acme-corp, globex
  csm2: string; // owns initech
  manager: string; // manages both CSMs
  vp: string;
  outsider: string; // in the team, not related to the accounts
  guest: string; // restricted Slack user, in the team table
}

export const U: SeedIds = { csm: 'UCSM1', csm2: 'UCSM2', manager: 'UMGR1', vp: 'UVP01', outsider: 'UOUT1', guest: 'UGST1' };

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

export function seedTeam(db: Db): void {
  const ins = db.$client.prepare(
    "insert into team_members(email, name, slack_id, role, manager_email, is_restricted, updated_at) values (?, ?, ?, ?, ?, ?, '2026-01-01')",
  );
  ins.run('vp@x.io', 'Vera VP', U.vp, 'vp', null, 0);
  ins.run('mgr@x.io', 'Mona Manager', U.manager, 'manager', 'vp@x.io', 0);
  ins.run('csm@x.io', 'Carl CSM', U.csm, 'csm', 'mgr@x.io', 0);
  ins.run('csm2@x.io', 'Cleo CSM', U.csm2, 'csm', 'mgr@x.io', 0);
  ins.run('out@x.io', 'Otto Other', U.outsider, 'csm', 'vp@x.io', 0);
  ins.run('guest@x.io', 'Gus Guest', U.guest, 'csm', null, 1);
}

export function addAccount(
  db: Db,
  a: { id: string; name: string; owner?: string; ownerSlack?: string; arr?: number; segment?: string; renewal?: string | null; lifecycle?: string },
): void {
  db.$client
    .prepare(
      `insert into accounts(id, name, owner_email, owner_slack_id, segment, arr, renewal_date, lifecycle, seats_licensed, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, 50, '2026-01-01')`,
    )
    .run(a.id, a.name, a.owner ?? null, a.ownerSlack ?? null, a.segment ?? 'Enterprise', a.arr ?? 100_000, a.renewal ?? null, a.lifecycle ?? 'active');
}

export function addScore(db: Db, accountId: string, asOf: string, score: number, tier: string, drivers: unknown[] = []): void {
  writeScores(db, [
    { accountId, asOf, score, tier: tier as Tier, components: {}, drivers: drivers as Driver[], coverage: 0.9, expansion: 0.2, onboarding: false },
  ]);
}

export function addUsage(db: Db, accountId: string, days: number, keyEvents: (i: number) => number): void {
  const ins = db.$client.prepare('insert into usage_daily(account_id, day, active_users, logins, key_events) values (?, ?, ?, ?, ?)');
  for (let i = 0; i < days; i++) ins.run(accountId, addDays(TODAY, -i), 10, 20, keyEvents(i));
}

/** The standard book: acme-corp (At-Risk, open alert), globex (Healthy), initech (Critical, other CSM), umbrella (unowned). */
export function seedBook(db: Db): void {
  seedTeam(db);
  addAccount(db, { id: 'acme-corp', name: 'Acme Corp', owner: 'csm@x.io', ownerSlack: U.csm, arr: 240_000, renewal: addDays(TODAY, 45) });
  addAccount(db, { id: 'globex', name: 'Globex Inc', owner: 'csm@x.io', ownerSlack: U.csm, arr: 80_000, renewal: addDays(TODAY, 200), segment: 'Growth' });
  addAccount(db, { id: 'initech', name: 'Initech', owner: 'csm2@x.io', ownerSlack: U.csm2, arr: 150_000, renewal: addDays(TODAY, 80) });
  addAccount(db, { id: 'umbrella', name: 'Umbrella Holdings', arr: 30_000 });
  addAccount(db, { id: 'acme-labs', name: 'Acme Labs', owner: 'csm2@x.io', ownerSlack: U.csm2, arr: 20_000 });
  addScore(db, 'acme-corp', addDays(TODAY, -30), 68, 'Neutral');
  addScore(db, 'acme-corp', addDays(TODAY, -7), 55, 'Neutral');
  addScore(db, 'acme-corp', TODAY, 42, 'At-Risk', [
    { id: 'usage_decline', severity: 'high', reason: 'logins down 45% vs previous 30 days (120 → 66)', action: '', points: 12 },
    { id: 'support_overload', severity: 'warning', reason: '2 open high/urgent tickets (2 open in all, oldest 13 days)', action: '', points: 6 },
  ]);
  addScore(db, 'globex', TODAY, 78, 'Healthy');
  addScore(db, 'initech', TODAY, 22, 'Critical');
  addUsage(db, 'acme-corp', 90, (i) => 20 + i); // falling: older days were busier
  db.$client
    .prepare(
      "insert into tickets(id, account_id, opened_at, priority) values ('t1','acme-corp','2026-11-10T00:00:00Z','high'), ('t2','acme-corp','2026-11-12T00:00:00Z','urgent'), ('t3','acme-corp','2026-10-01T00:00:00Z','low')",
    )
    .run();
  db.$client.prepare("update tickets set closed_at = '2026-10-05T00:00:00Z' where id = 't3'").run();
  db.$client
    .prepare(
      `insert into alerts(account_id, rule, severity, status, title, playbook_id, chain, sla_due_at, opened_at, updated_at, detail)
       values ('acme-corp', 'usage_decline', 'high', 'open', 'Usage down 45% in 30 days', 'usage-decline', '[]', '2026-11-21T15:00:00Z', '2026-11-19T15:00:00Z', '2026-11-19T15:00:00Z', '{"stepsTotal":4}')`,
    )
    .run();
  db.$client
    .prepare("insert into playbook_step_completions(alert_id, step_id, completed_by, completed_at) values (1, 'call', 'UCSM1', '2026-11-19T16:00:00Z')")
    .run();
}

/** A reason on an alert group (alert_reasons row), firing unless told otherwise. */
export function addReason(db: Db, alertId: number, accountId: string, rule: string, severity: string, title: string, status = 'firing'): void {
  db.$client
    .prepare(
      `insert into alert_reasons(account_id, alert_id, rule, severity, status, title, detail, first_seen_at, last_seen_at)
       values (?, ?, ?, ?, ?, ?, '{"reason":"","numbers":{},"drivers":[]}', '2026-11-19T15:00:00Z', '2026-11-19T15:00:00Z')`,
    )
    .run(accountId, alertId, rule, severity, status, title);
}
