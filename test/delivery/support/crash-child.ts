/**
 * Child process for the crash test: drain the outbox of a DB file to the Slack API at SLACK_API_URL until empty,
 * then print the result as JSON. The parent SIGKILLs it mid fan-out and starts it again.
 */
import { createDb } from '../../../db';
import { createDeliveryWebClient, createSlackTransport } from '../../../src/delivery/transports/slack';
import { drainOutbox } from '../../../src/delivery/worker';

const [dbFile] = process.argv.slice(2);
const db = createDb(dbFile);
const transport = createSlackTransport(createDeliveryWebClient('xoxb-crash-test', process.env.SLACK_API_URL));
const result = await drainOutbox(db, transport, {
  config: { perChannelIntervalMs: 0, staleClaimMs: Number(process.env.STALE_MS ?? 120_000), pollIntervalMs: 50 },
  until: 'empty',
  log: (l) => process.stderr.write(`${l}\n`),
});
process.stdout.write(`${JSON.stringify(result)}\n`);
db.$client.close();
