/**
 * Fan-out against a fake Slack that misbehaves at random: 429 + Retry-After (and a per-channel rate limit),
 * 5xx before posting, 5xx after posting, hung calls (the request timeout cuts them), slow answers. Clicks
 * (acknowledge) land mid fan-out, so updates meet copies that are pending, in flight or unsure.
 * Every alert copy and chart must reach Slack exactly once; every update must show; nothing may stay stuck.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createDb } from '../../db';
import { handleAlertClick } from '../../src/alerts/actions';
import { createDeliveryWebClient, createSlackTransport } from '../../src/delivery/transports/slack';
import { startOutboxWorker } from '../../src/delivery/worker';
import { testConfig } from '../../test/alerts/fixtures';
import { startFakeSlack } from '../../test/support/fake-slack';
import type { Scenario, ScenarioResult } from '../scenario';
import { auditDelivery, prng, waitUntil } from '../support/delivery-audit';
import { ESCALATION_CHANNEL, seedFanOut, seedUploads } from '../support/seed-fanout';

const ACCOUNTS = Number(process.env.CHAOS_FANOUT_ACCOUNTS ?? 15);
const TRIAL_DEADLINE_MS = 90_000;

export const scenario: Scenario = {
  name: 'delivery: 429/5xx before+after/hangs/slow',
  async run(o): Promise<ScenarioResult> {
    const fake = await startFakeSlack();
    const total: ScenarioResult = { name: this.name, trials: o.trials, lost: 0, duplicated: 0, lostClicks: 0, stuck: 0, healthP99Ms: null };
    const faults: Record<string, number> = {};
    try {
      for (let t = 0; t < o.trials; t++) {
        const rand = prng(o.seed + t);
        fake.reset();
        const dir = join(o.workDir, `faults-${t}`);
        mkdirSync(dir, { recursive: true });
        const db = createDb(join(dir, 'b.db'));
        const now = new Date();
        seedFanOut(db, ACCOUNTS, now);
        seedUploads(db, dir, 3, now);
        fake.rateLimit({ perSecond: 8, retryAfterSec: 1 });
        // Every kind is forced once among the first 20 write calls (a trial makes 48+), so none depends on timing luck.
        // Slow answers act at once and answer after the 300 ms timeout: an unknown outcome that did land. (Acting 400 ms
        // after the fake reads the call let a starved process see it land after the check: see slowActsFirst.)
        fake.chaos({
          seed: o.seed * 7919 + t,
          p429: 0.05,
          p5xxBefore: 0.06,
          p5xxAfter: 0.06,
          pHang: 0.03,
          pSlow: 0.06,
          slowMs: 400,
          slowActsFirst: true,
          retryAfterSec: 1,
          eachKindWithin: 20,
        });
        const transport = createSlackTransport(createDeliveryWebClient('xoxb-chaos', fake.url, 300));
        const worker = startOutboxWorker(db, transport, {
          config: { perChannelIntervalMs: 50, backoffBaseMs: 50, backoffMaxMs: 500, maxAttempts: 50, pollIntervalMs: 100, requestTimeoutMs: 300 },
          log: () => {},
        });
        // Clicks mid fan-out: acknowledge a random half of the alerts.
        await new Promise((r) => setTimeout(r, 100 + Math.floor(rand() * 400)));
        const config = testConfig({ alerts: { escalationChannel: ESCALATION_CHANNEL } });
        const acked: number[] = [];
        for (const { id } of db.$client.prepare('select id from alerts').all() as { id: number }[]) {
          if (rand() < 0.5) continue;
          const r = handleAlertClick(db, config, 'UMGR1', { kind: 'acknowledge', alertId: id }, new Date());
          if (r.ok) acked.push(id);
          else total.lostClicks += 1;
        }
        worker.kick();
        const done = await waitUntil(
          () => (db.$client.prepare("select count(*) n from outbox where status in ('pending', 'sending')").get() as { n: number }).n === 0,
          TRIAL_DEADLINE_MS,
        );
        await worker.stop();
        fake.chaos(null);
        const a = auditDelivery(db, fake);
        // Each acknowledged alert's copies must show it (the update reached every copy, deferred or not).
        let staleCopies = 0;
        for (const id of acked) {
          for (const m of db.$client
            .prepare('select m.channel, m.ts from alert_messages a join slack_messages m on m.key = a.message_key where a.alert_id = ?')
            .all(id) as { channel: string; ts: string }[]) {
            const msg = fake.messages.find((x) => x.channel === m.channel && x.ts === m.ts);
            if (!msg || !JSON.stringify(msg.blocks).includes('Acknowledged by')) staleCopies += 1;
          }
        }
        total.lost += a.lost + staleCopies;
        total.duplicated += a.duplicated;
        total.stuck += a.stuck;
        for (const [k, v] of Object.entries(fake.faultCounts)) faults[k] = (faults[k] ?? 0) + v;
        o.log(
          `  trial ${t + 1}: ${a.rows} rows, ${acked.length} acks; lost ${a.lost}, stale copies ${staleCopies}, duplicated ${a.duplicated}, stuck ${a.stuck}${done ? '' : ' (deadline hit)'}`,
        );
        db.$client.close();
      }
    } finally {
      await fake.close();
    }
    total.notes = `faults: ${Object.entries(faults)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`;
    return total;
  },
};
