/**
 * The process the SIGKILL scenarios kill: deliver the outbox of a DB file to the Slack API at SLACK_API_URL until
 * empty. Mode `digest` first builds and enqueues this week's digests (charts included), as the scheduled job does.
 *   node --import tsx chaos/support/deliver-child.ts <db> fanout|digest <workDir>
 */
import { join } from 'node:path';
import { createDb } from '../../db';
import { parseConfig } from '../../src/config/load';
import { createDeliveryWebClient, createSlackTransport } from '../../src/delivery/transports/slack';
import { drainOutbox } from '../../src/delivery/worker';
import { runDigests } from '../../src/digests/run';
import { loadPlaybooks } from '../../src/playbooks/load';

const [dbFile, mode, workDir] = process.argv.slice(2);
const db = createDb(dbFile);
if (mode === 'digest') {
  const config = parseConfig({ digests: { leadershipChannel: 'C0LEADERS' } });
  runDigests(db, { config, now: new Date(process.env.NOW ?? Date.now()), outboxFile: join(workDir, 'outbox.jsonl'), playbooks: loadPlaybooks('playbooks') });
}
const transport = createSlackTransport(createDeliveryWebClient('xoxb-chaos', process.env.SLACK_API_URL, 2000));
const result = await drainOutbox(db, transport, {
  config: {
    requestTimeoutMs: 2000,
    perChannelIntervalMs: 0,
    staleClaimMs: Number(process.env.STALE_MS ?? 0),
    pollIntervalMs: 50,
    backoffBaseMs: 50,
    backoffMaxMs: 400,
    maxAttempts: 50,
  },
  until: 'empty',
  log: (l) => process.stderr.write(`${l}\n`),
});
process.stdout.write(`${JSON.stringify(result)}\n`);
db.$client.close();
