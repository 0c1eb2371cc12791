/**
 * SIGKILL a delivering child at random points, restart it, and audit the end state against the fake Slack.
 * The child's answers are slowed a little so kills land between "Slack has it" and "we recorded it".
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createDb } from '../../db';
import type { FakeSlack } from '../../test/support/fake-slack';
import type { ScenarioOptions, ScenarioResult } from '../scenario';
import { auditDelivery, prng, waitUntil } from './delivery-audit';

const CHILD = join(import.meta.dirname, 'deliver-child.ts');
const RUN_DEADLINE_MS = 120_000;

function start(dbFile: string, mode: string, workDir: string, fake: FakeSlack, now: string): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', CHILD, dbFile, mode, workDir], {
    env: { ...process.env, SLACK_API_URL: fake.url, STALE_MS: '0', NOW: now },
    stdio: ['ignore', 'ignore', 'ignore'],
  });
}

export interface KillLoopOptions {
  name: string;
  mode: 'fanout' | 'digest';
  /** a ready database file; each trial works on a copy */
  template: string;
  fake: FakeSlack;
  now: string;
  /** latest kill point (ms after start) when killing by time (a third of the kills: start-up, enqueueing) */
  killWindowMs: number;
  /** about how many Web API calls a full run makes: the other kills land after a random share of them */
  expectedCalls: number;
  kills: number;
}

export async function killLoop(o: ScenarioOptions, k: KillLoopOptions): Promise<ScenarioResult> {
  const total: ScenarioResult = { name: k.name, trials: o.trials, lost: 0, duplicated: 0, lostClicks: 0, stuck: 0, healthP99Ms: null };
  let killed = 0;
  let midFlight = 0;
  for (let t = 0; t < o.trials; t++) {
    const rand = prng(o.seed * 31 + t);
    const dir = join(o.workDir, `${k.mode}-kill-${t}`);
    mkdirSync(dir, { recursive: true });
    const dbFile = join(dir, 'b.db');
    copyFileSync(k.template, dbFile);
    k.fake.reset();
    k.fake.chaos({ seed: o.seed + t, pSlow: 0.9, slowMs: 15, p5xxAfter: 0.03, p5xxBefore: 0.03 });
    for (let i = 0; i < k.kills; i++) {
      const child = start(dbFile, k.mode, dir, k.fake, k.now);
      const exited = once(child, 'exit');
      const byTime = rand() < 1 / 3;
      const at = 20 + Math.floor(rand() * k.killWindowMs);
      const calls = k.fake.calls.length + 1 + Math.floor(rand() * k.expectedCalls * 0.8);
      const point = byTime
        ? new Promise<false>((r) => setTimeout(() => r(false), at))
        : waitUntil(() => k.fake.calls.length >= calls, 60_000).then(() => false as const);
      const early = await Promise.race([exited.then(() => true), point]);
      if (early) break; // finished before the kill point
      child.kill('SIGKILL');
      await exited;
      killed += 1;
      const db = createDb(dbFile);
      midFlight += (db.$client.prepare("select count(*) n from outbox where status = 'sending'").get() as { n: number }).n;
      db.$client.close();
    }
    const last = start(dbFile, k.mode, dir, k.fake, k.now);
    const finished = await Promise.race([once(last, 'exit').then(() => true), new Promise<false>((r) => setTimeout(() => r(false), RUN_DEADLINE_MS))]);
    if (!finished) {
      last.kill('SIGKILL');
      await once(last, 'exit');
    }
    k.fake.chaos(null);
    const db = createDb(dbFile);
    const a = auditDelivery(db, k.fake);
    db.$client.close();
    total.lost += a.lost;
    total.duplicated += a.duplicated;
    total.stuck += a.stuck;
    o.log(`  trial ${t + 1}: ${a.rows} rows; lost ${a.lost}, duplicated ${a.duplicated}, stuck ${a.stuck}${finished ? '' : ' (deadline hit)'}`);
  }
  total.notes = `${killed} SIGKILLs, ${midFlight} rows caught in flight (sending) at a kill`;
  return total;
}
