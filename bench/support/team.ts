/** The benchmarks' team: 50 CSMs (csm<i>@x.io, UCSM<i>) under 5 managers, and a VP. */
import type Database from 'better-sqlite3';

export function seedBenchTeam(c: Database.Database): void {
  const team = c.prepare("insert into team_members(email, name, slack_id, role, manager_email, updated_at) values (?, ?, ?, ?, ?, '2026-01-01')");
  c.transaction(() => {
    for (let m = 0; m < 5; m++) team.run(`mgr${m}@x.io`, `Manager ${m}`, `UMGR${m}`, 'manager', null);
    for (let i = 0; i < 50; i++) team.run(`csm${i}@x.io`, `CSM ${i}`, `UCSM${i}`, 'csm', `mgr${i % 5}@x.io`);
    team.run('vp@x.io', 'The VP', 'UVP0', 'vp', null);
  })();
}
