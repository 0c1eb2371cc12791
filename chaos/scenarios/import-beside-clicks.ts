/**
 * A large usage import (`bellwether import`, its own process) while people click Acknowledge on alert DMs
 * and ask `/health`: every click answered 200 must end up applied exactly once, none stuck in the inbox.
 * Reports the /health p99 during the import and the longest write-lock hold the import caused.
 *   CHAOS_IMPORT_ROWS (default 1,000,000) rows per import; CHAOS_CLICK_ACCOUNTS (default 600) demo size.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, existsSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeDb } from '../../db';
import { mulberry32 } from '../../src/demo/prng';
import { addDays } from '../../src/lib/dates';
import { fixedClock } from '../../src/lib/clock';
import { loadPlaybooks } from '../../src/playbooks/load';
import { scoringJob } from '../../src/service/jobs';
import { ClickInboxStore } from '../../src/slack/inbox/store';
import { startFakeSlack } from '../../test/support/fake-slack';
import { acknowledgeClick } from '../../test/support/alert-click';
import { postCommand, postInteraction } from '../../test/support/signed-request';
import type { Scenario, ScenarioResult } from '../scenario';
import { CHAOS_NOW, CHAOS_TODAY, chaosConfig, count, demoTemplate, trialCopy } from '../support/data';
import { probeWriteLock } from '../support/lock-probe';
import { percentile, startService, until } from '../support/service-process';

const SECRET = 'chaos-secret';
const BIN = fileURLToPath(new URL('../../bin/bellwether.mjs', import.meta.url));
const BOUND_MS = 600_000;

function usageCsv(path: string, accountIds: string[], rows: number): void {
  if (existsSync(path)) return;
  const fd = openSync(path, 'w');
  let buf = 'account_id,day,active_users,logins,key_events,features_used,integrations\n';
  const days = Math.ceil(rows / accountIds.length);
  let n = 0;
  outer: for (let d = 0; d < days; d++) {
    const day = addDays(CHAOS_TODAY, -1 - d);
    for (let a = 0; a < accountIds.length; a++) {
      if (n++ >= rows) break outer;
      const x = (a * 31 + d * 17) % 97;
      buf += `${accountIds[a]},${day},${x % 23},${x % 41},${x * 3},${x % 12},${a % 5}\n`;
      if (buf.length > 1 << 20) {
        writeSync(fd, buf);
        buf = '';
      }
    }
  }
  writeSync(fd, buf);
  closeSync(fd);
}

export const scenario: Scenario = {
  name: 'large import beside Acknowledge clicks and /health',
  async run(o): Promise<ScenarioResult> {
    const rows = Number(process.env.CHAOS_IMPORT_ROWS ?? 1_000_000);
    const accounts = Number(process.env.CHAOS_CLICK_ACCOUNTS ?? 600);
    const rand = mulberry32(o.seed);
    // Template with today's run done (alerts open), so the service does not rescore on start.
    const base = demoTemplate(o.workDir, accounts, o.seed);
    const template = join(o.workDir, `clicks-template-${accounts}-${o.seed}.db`);
    if (!existsSync(template)) {
      const t = trialCopy(base, template);
      scoringJob({ db: t, config: chaosConfig(), playbooks: loadPlaybooks(), clock: fixedClock(CHAOS_NOW) });
      t.$client.pragma('wal_checkpoint(TRUNCATE)');
      closeDb(t);
    }
    const csv = join(o.workDir, `usage-${rows}.csv`);
    {
      const t = trialCopy(template, join(o.workDir, 'clicks-ids.db'));
      usageCsv(csv, t.$client.prepare('select id from accounts order by id').pluck().all() as string[], rows);
      closeDb(t);
    }

    const fake = await startFakeSlack();
    const res: ScenarioResult = { name: this.name, trials: o.trials, lost: 0, duplicated: 0, lostClicks: 0, stuck: 0, healthP99Ms: null };
    const health: number[] = [];
    const notes: string[] = [];
    let clicksSent = 0;
    try {
      for (let trial = 0; trial < o.trials; trial++) {
        fake.reset();
        const file = join(o.workDir, 'clicks-trial.db');
        const db = trialCopy(template, file);
        const targets = db.$client
          .prepare(
            `select a.id, t.slack_id user from alerts a join accounts ac on ac.id = a.account_id
             join team_members t on t.email = ac.owner_email where a.status = 'open' and t.slack_id is not null order by a.id`,
          )
          .all() as { id: number; user: string }[];
        const askers = db.$client.prepare("select slack_id from team_members where slack_id is not null and role = 'csm'").pluck().all() as string[];
        const names = db.$client.prepare('select name from accounts limit 200').pluck().all() as string[];
        const service = startService(file, { SLACK_API_URL: fake.url, CHAOS_NOW, CHAOS_SIGNING_SECRET: SECRET });
        const url = `http://127.0.0.1:${await service.port}/slack/events`;
        await service.caughtUp;
        await until(() => count(db, "select count(*) n from outbox where status in ('pending', 'sending')") === 0, 'the initial outbox to drain', BOUND_MS, 50);

        const probe = probeWriteLock(file);
        const t0 = performance.now();
        const imp = spawn(process.execPath, [BIN, '--db', file, 'import', 'usage', csv], { stdio: ['ignore', 'pipe', 'pipe'] });
        let impOut = '';
        imp.stdout!.on('data', (d) => (impOut += String(d)));
        imp.stderr!.on('data', (d) => (impOut += String(d)));
        const impDone = once(imp, 'exit');
        let importing = true;
        void impDone.then(() => (importing = false));

        const clicked: number[] = [];
        const refused: number[] = [];
        let next = 0;
        const clicks = (async () => {
          while (importing && next < targets.length) {
            const t = targets[next++];
            const r = await postInteraction(url, SECRET, acknowledgeClick(t.user, t.id, `${fake.url}response/${t.id}`));
            (r.status === 200 ? clicked : refused).push(t.id);
            await new Promise((r) => setTimeout(r, 100 + rand() * 200));
          }
        })();
        const asks = (async () => {
          while (importing) {
            const a = performance.now();
            await postCommand(url, SECRET, { user_id: askers[Math.floor(rand() * askers.length)], text: names[Math.floor(rand() * names.length)] });
            health.push(performance.now() - a);
            await new Promise((r) => setTimeout(r, 40));
          }
        })();
        const [code] = await impDone;
        const importMs = performance.now() - t0;
        await Promise.all([clicks, asks]);
        const lock = await probe.stop();

        const acked = () => count(db, `select count(*) n from alerts where status = 'acknowledged' and id in (${clicked.join(',') || 0})`);
        await until(() => acked() === clicked.length, 'the saved clicks to apply', 60_000, 50).catch(() => undefined);
        await service.stop();
        const store = new ClickInboxStore(`${file}-inbox`);
        const pending = store.counts().pending;
        store.close();
        const twice = count(
          db,
          `select count(*) n from (select alert_id from alert_events where kind = 'acknowledged' and alert_id in (${clicked.join(',') || 0}) group by alert_id having count(*) > 1)`,
        );
        clicksSent += clicked.length + refused.length;
        res.lostClicks += clicked.length - acked() + refused.length;
        res.duplicated += twice;
        res.stuck += pending + count(db, "select count(*) n from outbox where status = 'sending'");
        if (code !== 0) res.lost += 1; // the import itself must succeed
        const line = `trial ${trial + 1}/${o.trials}: import of ${rows.toLocaleString('en-US')} rows ${code === 0 ? 'ok' : `FAILED (${impOut.slice(-300)})`} in ${Math.round(importMs)} ms, longest write-lock hold ${lock.longestMs} ms; clicks ${clicked.length} answered, ${refused.length} refused, ${acked()} applied, ${twice} applied twice; inbox pending ${pending}`;
        o.log(line);
        notes.push(`import ${Math.round(importMs)} ms, lock ${lock.longestMs} ms`);
        closeDb(db);
      }
    } finally {
      await fake.close();
    }
    res.healthP99Ms = percentile(health, 99);
    res.notes = `${clicksSent} clicks, ${health.length} /health requests during ${rows.toLocaleString('en-US')}-row imports (${notes.join('; ')})`;
    return res;
  },
};
