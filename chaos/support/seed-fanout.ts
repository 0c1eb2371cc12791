/** A fan-out workload: N critical accounts → an alert copy to the owner, the manager and the escalation channel. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../db';
import { evaluateAlerts } from '../../src/alerts/evaluate';
import { enqueue } from '../../src/delivery/store/outbox';
import { loadPlaybooks } from '../../src/playbooks/load';
import { seedScore, testConfig } from '../../test/alerts/fixtures';

export const ESCALATION_CHANNEL = 'C0ESCALATE';

export function seedFanOut(db: Db, accounts: number, now: Date): { copies: number } {
  const ins = db.$client.prepare("insert into team_members (email, name, slack_id, role, manager_email, updated_at) values (?, ?, ?, ?, ?, '2026-01-01')");
  ins.run('mgr@x.io', 'M', 'UMGR1', 'manager', null);
  for (let i = 0; i < accounts; i++) {
    ins.run(`c${i}@x.io`, `C${i}`, `UCSM${i}`, 'csm', 'mgr@x.io');
    db.$client
      .prepare("insert into accounts (id, name, owner_email, arr, updated_at) values (?, ?, ?, 1000, '2026-01-01')")
      .run(`acct-${i}`, `Account ${i}`, `c${i}@x.io`);
    seedScore(db, `acct-${i}`, '2026-11-22', 20); // Critical → owner + manager + escalation channel
  }
  evaluateAlerts(db, { config: testConfig({ alerts: { escalationChannel: ESCALATION_CHANNEL } }), playbooks: loadPlaybooks('playbooks'), now });
  return { copies: (db.$client.prepare('select count(*) n from alert_messages').get() as { n: number }).n };
}

/** A few chart uploads to the leadership channel (the digest's files.uploadV2 rows). */
export function seedUploads(db: Db, dir: string, n: number, now: Date): void {
  for (let i = 0; i < n; i++) {
    const file = join(dir, `chart-${i}.png`);
    writeFileSync(file, Buffer.alloc(256, i));
    enqueue(
      db,
      {
        idempotencyKey: `chart:${i}`,
        method: 'files.uploadV2',
        args: { channel_id: 'C0LEADERS', file_path: file, filename: `chart-${i}.png`, title: `Chart ${i}` },
        channel: 'C0LEADERS',
      },
      now,
    );
  }
}
