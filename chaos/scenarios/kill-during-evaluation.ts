/**
 * SIGKILL the service at a random point of its start-up scoring-and-evaluation run, start it again, and
 * check that the restart finished the run: every alert the rules open for the day is open exactly once,
 * each copy was enqueued and delivered once, and no job run, outbox row or click is left half-done.
 *   CHAOS_ACCOUNTS (default 3000) sets the demo size.
 */
import { join } from 'node:path';
import { closeDb } from '../../db';
import { mulberry32 } from '../../src/demo/prng';
import { fixedClock } from '../../src/lib/clock';
import { loadPlaybooks } from '../../src/playbooks/load';
import { SCORING_JOB, scoringJob } from '../../src/service/jobs';
import { jobRun } from '../../src/jobs/runs';
import { startFakeSlack } from '../../test/support/fake-slack';
import type { Scenario, ScenarioResult } from '../scenario';
import { CHAOS_NOW, CHAOS_TODAY, alertKeys, chaosConfig, count, demoTemplate, trialCopy } from '../support/data';
import { percentile, pollHealthz, startService, until } from '../support/service-process';

const BOUND_MS = 180_000; // per wait: a trial never hangs the suite

export const scenario: Scenario = {
  name: 'kill -9 during scoring and alert evaluation',
  async run(o): Promise<ScenarioResult> {
    const accounts = Number(process.env.CHAOS_ACCOUNTS ?? 3000);
    const rand = mulberry32(o.seed);
    const template = demoTemplate(o.workDir, accounts, o.seed);

    // Reference: the same run, uninterrupted, on a copy; also how long it takes, to aim the kills.
    const ref = trialCopy(template, join(o.workDir, 'kill-reference.db'));
    const t0 = performance.now();
    scoringJob({ db: ref, config: chaosConfig(), playbooks: loadPlaybooks(), clock: fixedClock(CHAOS_NOW) });
    const runMs = performance.now() - t0;
    const want = alertKeys(ref);
    const wantCopies = count(ref, 'select count(*) n from alert_messages');
    closeDb(ref);
    o.log(`reference: ${accounts} accounts, ${want.size} alerts, ${wantCopies} copies, run ${Math.round(runMs)} ms`);

    const fake = await startFakeSlack();
    const res: ScenarioResult = { name: this.name, trials: o.trials, lost: 0, duplicated: 0, lostClicks: 0, stuck: 0, healthP99Ms: null };
    const health: number[] = [];
    const killedAt: string[] = [];
    try {
      for (let trial = 0; trial < o.trials; trial++) {
        fake.reset();
        const file = join(o.workDir, 'kill-trial.db');
        const db = trialCopy(template, file);
        const env = { SLACK_API_URL: fake.url, CHAOS_NOW };

        const first = startService(file, env);
        await first.port;
        await until(() => jobRun(db, SCORING_JOB, CHAOS_TODAY), 'the scoring run to start', BOUND_MS, 2);
        await new Promise((r) => setTimeout(r, rand() * runMs * 1.3)); // anywhere in scoring or evaluation (or just after)
        await first.kill9();
        const step = jobRun(db, SCORING_JOB, CHAOS_TODAY);
        const openedBefore = count(db, 'select count(*) n from alerts');
        killedAt.push(`${step?.status}/${step?.progress ?? 'scoring'}/${openedBefore}`);

        const second = startService(file, env);
        const probe = pollHealthz(await second.port);
        await Promise.race([second.caughtUp, new Promise((_, rej) => setTimeout(() => rej(new Error('catch-up bound exceeded')), BOUND_MS))]);
        // Let the outbox drain (nothing waits for working hours in this config).
        await until(() => count(db, "select count(*) n from outbox where status in ('pending', 'sending')") === 0, 'the outbox to drain', BOUND_MS, 50).catch(
          () => undefined,
        );
        health.push(...(await probe.stop()));
        await second.stop();

        const got = alertKeys(db);
        const lost = [...want.keys()].filter((k) => !got.has(k)).length;
        const extra = [...got.keys()].filter((k) => !want.has(k)).length;
        const twice = [...got.values()].reduce((s, n) => s + (n - 1), 0);
        const openedEvents = count(db, "select count(*) n from alert_events where kind = 'opened'") - count(db, 'select count(*) n from alerts');
        const copies = count(db, 'select count(*) n from alert_messages');
        const postsPerCopy = db.$client
          .prepare("select count(*) n from outbox where method = 'chat.postMessage' and alert_id is not null group by alert_id, channel having n > 1")
          .all().length;
        const delivered = new Map<string, number>();
        for (const m of fake.messages) {
          const p = m.metadata?.event_payload as { outbox_id?: number; alert_id?: number } | undefined;
          if (p?.alert_id) delivered.set(String(p.outbox_id), (delivered.get(String(p.outbox_id)) ?? 0) + 1);
        }
        const deliveredTwice = [...delivered.values()].reduce((s, n) => s + (n - 1), 0);
        const undelivered = count(db, 'select count(*) n from alert_messages a join slack_messages m on m.key = a.message_key where m.ts is null');
        const stuck =
          count(db, "select count(*) n from job_runs where status != 'done'") +
          count(db, "select count(*) n from outbox where status in ('pending', 'sending')");
        res.lost += lost + Math.max(0, want.size ? wantCopies - copies : 0) + undelivered;
        res.duplicated += extra + twice + openedEvents + postsPerCopy + deliveredTwice;
        res.stuck += stuck;
        o.log(
          `trial ${trial + 1}/${o.trials}: killed at ${killedAt.at(-1)} (status/step/alerts); after restart ${got.size}/${want.size} alerts, ${copies} copies, ${delivered.size} delivered; lost ${lost + undelivered}, duplicated ${extra + twice + openedEvents + postsPerCopy + deliveredTwice}, stuck ${stuck}`,
        );
        closeDb(db);
      }
    } finally {
      await fake.close();
    }
    res.healthP99Ms = percentile(health, 99);
    res.notes = `${accounts} accounts, ${want.size} alerts per run; kill points (status/step/alerts opened): ${killedAt.join(', ')}`;
    return res;
  },
};
