/**
 * The online service as a child process the chaos scenarios SIGKILL: the same startOnlineService as
 * `bellwether start`, on the database file in argv[2], Slack Web API at SLACK_API_URL (the loopback fake),
 * HTTP on a free loopback port, and a clock that starts at CHAOS_NOW and runs with real time (so the
 * scenario's "today" never depends on the day it runs). Prints `port <n>` once listening and `caught-up`
 * when the start-up catch-up finished; SIGTERM stops it.
 */
import { createDb } from '../../db';
import { parseConfig } from '../../src/config/load';
import { envSchema } from '../../src/config/schema';
import { loadPlaybooks } from '../../src/playbooks/load';
import { startOnlineService } from '../../src/service/online';

const [dbFile, outboxPath] = process.argv.slice(2);
const t0 = Date.now();
const start = new Date(process.env.CHAOS_NOW ?? '2026-11-23T10:00:00Z').getTime();
const clock = () => new Date(start + (Date.now() - t0));
const db = createDb(dbFile);
const config = parseConfig({
  alerts: { workingHours: { enabled: false }, escalationChannel: 'CESCALATE' },
  digests: { leadershipChannel: 'CLEADERS' },
  delivery: { perChannelIntervalMs: 0 },
});
const env = envSchema.parse({
  SLACK_BOT_TOKEN: 'xoxb-chaos',
  SLACK_SIGNING_SECRET: process.env.CHAOS_SIGNING_SECRET ?? 'chaos-secret',
  SLACK_API_URL: process.env.SLACK_API_URL,
  PORT: '0',
});
const service = await startOnlineService({
  db,
  config,
  env,
  playbooks: loadPlaybooks(),
  outboxPath: outboxPath ?? `${dbFile}.outbox.jsonl`,
  clock,
  log: (l) => process.stderr.write(`${l}\n`),
});
process.stdout.write(`port ${service.port}\n`);
service.caughtUp.then(() => process.stdout.write('caught-up\n'));
process.once('SIGTERM', () => {
  void service.stop().then(() => {
    db.$client.close();
    process.exit(0);
  });
});
