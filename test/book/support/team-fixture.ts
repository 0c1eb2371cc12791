/**
 * A hand-built team book with known rollup answers (as of TODAY 2026-11-20, now 15:00Z). SLA weeks: this week
 * [11-14, 11-21), last week [11-07, 11-14). Untouched cutoff: 2026-10-21T00:00Z.
 *
 *   csm (Carl, under Mona):  a1 100k At-Risk (Healthy a week ago), touched 11-15
 *                            a2  50k Healthy (At-Risk a week ago), never touched
 *                            a3  20k unscored, touched 10-20T23:00 (just before the cutoff)
 *                            gone 70k churned, with a live alert (not in the book: nothing of it counts)
 *   csm2 (Cleo, under Mona): b1 200k Critical, touched 11-19
 *   out (Otto, under the VP directly): c1 30k Neutral, never touched
 *   unowned: u1 10k Critical, never touched
 * Alerts: A a1 live, acked in time (this week, met), playbook steps s1 done, s2 overdue, s3 not due yet;
 *         B a2 missed (this week); C a2 acked in time (last week); D a1 acked late (last week, missed);
 *         E a2 resolved before its deadline without ack (owed none); F b1 live, not yet due, one step overdue;
 *         G c1 live, deadline passed unacknowledged (this week, missed); H gone (churned account).
 */
import type { Db } from '../../../db';
import { addOutreach } from '../../metrics/fixtures';
import { addAccount, addScore, seedTeam, U } from '../../slack/support/seed';

export const TODAY = '2026-11-20';
export const NOW = new Date(`${TODAY}T15:00:00Z`);

export const PLAYBOOK = {
  id: 'pb-test',
  title: 'Test playbook',
  steps: [
    { id: 's1', title: 'Call the champion', due: '1d', owner: 'csm' },
    { id: 's2', title: 'Send the recap', due: '2d', owner: 'csm' },
    { id: 's3', title: 'Hold a QBR', due: '7d', owner: 'csm' },
  ],
};
const F_PLAYBOOK = {
  id: 'pb-fast',
  title: 'Fast playbook',
  steps: [
    { id: 'f1', title: 'Page the owner', due: '60m', owner: 'csm' },
    { id: 'f2', title: 'Call back', due: '8h', owner: 'csm' },
  ],
};

function alert(
  db: Db,
  a: { account: string; status: string; due: string | null; opened: string; ack?: string; resolved?: string; playbook?: typeof PLAYBOOK },
): number {
  const detail = JSON.stringify({ reason: '', numbers: {}, drivers: [], ...(a.playbook ? { playbook: a.playbook } : {}) });
  const r = db.$client
    .prepare(
      `insert into alerts(account_id, rule, severity, status, title, playbook_id, chain, sla_due_at, opened_at, acknowledged_at, resolved_at, updated_at, detail)
       values (?, 'usage_decline', 'high', ?, 'Usage down', ?, '[]', ?, ?, ?, ?, ?, ?)`,
    )
    .run(a.account, a.status, a.playbook?.id ?? null, a.due, a.opened, a.ack ?? null, a.resolved ?? null, a.opened, detail);
  return Number(r.lastInsertRowid);
}

export function seedTeamBook(db: Db): void {
  seedTeam(db);
  const csm = { owner: 'csm@x.io', ownerSlack: U.csm };
  addAccount(db, { id: 'a1', name: 'Alpha One', ...csm, arr: 100_000 });
  addAccount(db, { id: 'a2', name: 'Alpha Two', ...csm, arr: 50_000 });
  addAccount(db, { id: 'a3', name: 'Alpha Three', ...csm, arr: 20_000 });
  addAccount(db, { id: 'gone', name: 'Gone Co', ...csm, arr: 70_000, lifecycle: 'churned' });
  addAccount(db, { id: 'b1', name: 'Bravo One', owner: 'csm2@x.io', ownerSlack: U.csm2, arr: 200_000 });
  addAccount(db, { id: 'c1', name: 'Charlie One', owner: 'out@x.io', ownerSlack: U.outsider, arr: 30_000 });
  addAccount(db, { id: 'u1', name: 'Unowned One', arr: 10_000 });
  addScore(db, 'a1', '2026-11-13', 75, 'Healthy');
  addScore(db, 'a1', TODAY, 40, 'At-Risk');
  addScore(db, 'a2', '2026-11-10', 45, 'At-Risk');
  addScore(db, 'a2', TODAY, 72, 'Healthy');
  addScore(db, 'b1', TODAY, 20, 'Critical');
  addScore(db, 'c1', TODAY, 60, 'Neutral');
  addScore(db, 'u1', TODAY, 25, 'Critical');
  addOutreach(db, 'a1', '2026-11-15T10:00:00.000Z');
  addOutreach(db, 'a3', '2026-10-20T23:00:00.000Z');
  addOutreach(db, 'b1', '2026-11-19T10:00:00.000Z');
  const A = alert(db, {
    account: 'a1',
    status: 'acknowledged',
    opened: '2026-11-17T12:00:00.000Z',
    due: '2026-11-18T12:00:00.000Z',
    ack: '2026-11-18T10:00:00.000Z',
    playbook: PLAYBOOK,
  });
  db.$client
    .prepare("insert into playbook_step_completions(alert_id, step_id, completed_by, completed_at) values (?, 's1', 'UCSM1', '2026-11-18T09:00:00.000Z')")
    .run(A);
  alert(db, { account: 'a2', status: 'resolved', opened: '2026-11-14T00:00:00.000Z', due: '2026-11-16T00:00:00.000Z', resolved: '2026-11-17T00:00:00.000Z' });
  alert(db, {
    account: 'a2',
    status: 'resolved',
    opened: '2026-11-08T00:00:00.000Z',
    due: '2026-11-10T00:00:00.000Z',
    ack: '2026-11-09T00:00:00.000Z',
    resolved: '2026-11-11T00:00:00.000Z',
  });
  alert(db, {
    account: 'a1',
    status: 'resolved',
    opened: '2026-11-10T00:00:00.000Z',
    due: '2026-11-12T00:00:00.000Z',
    ack: '2026-11-13T00:00:00.000Z',
    resolved: '2026-11-13T06:00:00.000Z',
  });
  alert(db, { account: 'a2', status: 'resolved', opened: '2026-11-13T00:00:00.000Z', due: '2026-11-15T00:00:00.000Z', resolved: '2026-11-14T12:00:00.000Z' });
  alert(db, { account: 'b1', status: 'open', opened: '2026-11-20T08:00:00.000Z', due: '2026-11-21T10:00:00.000Z', playbook: F_PLAYBOOK as typeof PLAYBOOK });
  alert(db, { account: 'c1', status: 'open', opened: '2026-11-17T00:00:00.000Z', due: '2026-11-19T00:00:00.000Z' });
  alert(db, { account: 'gone', status: 'open', opened: '2026-11-17T00:00:00.000Z', due: '2026-11-19T00:00:00.000Z', playbook: PLAYBOOK });
}

export const PLAYBOOKS = [PLAYBOOK, F_PLAYBOOK];
