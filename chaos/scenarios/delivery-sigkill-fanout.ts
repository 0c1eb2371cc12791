/** SIGKILL the delivering process at random points during an alert fan-out (owner, manager, escalation channel). */
import { join } from 'node:path';
import { createDb } from '../../db';
import { startFakeSlack } from '../../test/support/fake-slack';
import type { Scenario } from '../scenario';
import { killLoop } from '../support/kill-loop';
import { seedFanOut, seedUploads } from '../support/seed-fanout';

const ACCOUNTS = Number(process.env.CHAOS_FANOUT_ACCOUNTS ?? 15);

export const scenario: Scenario = {
  name: 'delivery: SIGKILL during fan-out',
  async run(o) {
    const template = join(o.workDir, 'fanout-template.db');
    const db = createDb(template);
    seedFanOut(db, ACCOUNTS, new Date());
    seedUploads(db, o.workDir, 2, new Date());
    db.$client.close();
    const fake = await startFakeSlack();
    try {
      return await killLoop(o, {
        name: this.name,
        mode: 'fanout',
        template,
        fake,
        now: new Date().toISOString(),
        killWindowMs: 1500,
        kills: 2,
        expectedCalls: ACCOUNTS * 3 + 6,
      });
    } finally {
      await fake.close();
    }
  },
};
