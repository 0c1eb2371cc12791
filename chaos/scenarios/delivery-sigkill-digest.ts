/** SIGKILL the process at random points while it builds, enqueues and delivers the weekly digests (posts + chart uploads). */
import { join } from 'node:path';
import { createDb } from '../../db';
import { parseConfig } from '../../src/config/load';
import { generateDemo } from '../../src/demo/generate';
import { fixedClock } from '../../src/lib/clock';
import { runScoring } from '../../src/scoring/run';
import { startFakeSlack } from '../../test/support/fake-slack';
import type { Scenario } from '../scenario';
import { killLoop } from '../support/kill-loop';

const ACCOUNTS = Number(process.env.CHAOS_DIGEST_ACCOUNTS ?? 60);
const NOW = '2026-11-23T10:00:00Z'; // a Monday: the digest week is 2026-W48

export const scenario: Scenario = {
  name: 'delivery: SIGKILL during digests',
  async run(o) {
    const template = join(o.workDir, 'digest-template.db');
    const db = createDb(template);
    generateDemo(db, { accounts: ACCOUNTS, today: '2026-11-23', seed: o.seed });
    runScoring(db, { asOf: '2026-11-23', config: parseConfig({}).scoring, clock: fixedClock(NOW) });
    db.$client.close();
    const fake = await startFakeSlack();
    try {
      return await killLoop(o, { name: this.name, mode: 'digest', template, fake, now: NOW, killWindowMs: 2500, kills: 2, expectedCalls: 25 });
    } finally {
      await fake.close();
    }
  },
};
