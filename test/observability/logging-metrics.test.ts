/** Structured logs (pino) with secrets redacted, Bolt's logger through pino, and the metrics the jobs report. */
import { Writable } from 'node:stream';
import { LogLevel } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { boltLogger } from '../../src/observability/bolt-logger';
import { createLogger } from '../../src/observability/logger';
import { observeJob, registry } from '../../src/observability/metrics';
import { createSlackApp } from '../../src/slack/app';
import { parseConfig } from '../../src/config/load';
import { testDb } from '../support/db';
import { startFakeSlack } from '../support/fake-slack';
import { postCommand } from '../support/signed-request';

function sink() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
      cb();
    },
  });
  return { lines, stream };
}

const SECRET = 'signing-secret-abcdef123456';

describe('structured logs', () => {
  it('one JSON object per line with level, time and msg; tokens and configured secrets never appear', () => {
    const { lines, stream } = sink();
    const log = createLogger({ destination: stream, secrets: [SECRET] });
    log.info('started with xoxb-1234-5678-abcdefghij');
    log.warn({ env: { SLACK_BOT_TOKEN: 'xoxb-9-9-secret', PORT: 3000 }, headers: { authorization: 'Bearer xyz' } }, 'env loaded');
    log.error(new Error(`bad signature for ${SECRET}`), 'request rejected');
    const text = JSON.stringify(lines);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ level: 30, name: 'bellwether', msg: 'started with [redacted]' });
    expect(typeof lines[0].time).toBe('string');
    expect(lines[1]).toMatchObject({ level: 40, env: { SLACK_BOT_TOKEN: '[redacted]', PORT: 3000 }, headers: { authorization: '[redacted]' } });
    expect(lines[2]).toMatchObject({ level: 50, msg: 'request rejected' });
    expect(text).not.toContain('xoxb-');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('Bearer xyz');
  });

  it("Bolt's own logger writes through pino (component bolt), at the level Bolt sets", async () => {
    const { lines, stream } = sink();
    const logger = boltLogger(createLogger({ destination: stream, secrets: [SECRET] }));
    const fake = await startFakeSlack();
    const slack = createSlackApp({
      db: testDb(),
      config: parseConfig({}),
      env: { SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.url, PORT: 0 },
      logger,
      logLevel: LogLevel.INFO,
    });
    try {
      const { port } = await slack.start(0);
      // a request signed with the wrong secret: Bolt logs the rejection
      const r = await postCommand(`http://127.0.0.1:${port}/slack/events`, 'wrong-secret', { text: 'acme', user_id: 'U1' });
      expect(r.status).toBe(401);
      logger.debug('not shown at info');
      const bolt = lines.filter((l) => l.component === 'bolt');
      expect(bolt.some((l) => String(l.msg).includes('listening over HTTP'))).toBe(true);
      expect(lines.some((l) => l.level === 30 || l.level === 40 || l.level === 50)).toBe(true);
      expect(lines.some((l) => String(l.msg).includes('not shown'))).toBe(false);
      expect(logger.getLevel()).toBe(LogLevel.INFO);
      expect(JSON.stringify(lines)).not.toContain(SECRET);
      expect(JSON.stringify(lines)).not.toContain('xoxb-test-token');
    } finally {
      await slack.stop();
      await fake.close();
    }
  });
});

describe('metrics API for jobs', () => {
  it('observeJob records duration and outcome per job', async () => {
    observeJob('scoring', 'ok', 2.5);
    observeJob('scoring', 'error', 0.1);
    observeJob('scoring', 'ok', 0.4);
    const text = await registry.metrics();
    expect(text).toContain('bellwether_job_runs_total{job="scoring",outcome="ok"} 2');
    expect(text).toContain('bellwether_job_runs_total{job="scoring",outcome="error"} 1');
    expect(text).toContain('bellwether_job_duration_seconds_sum{job="scoring",outcome="ok"} 2.9');
    expect(text).toContain('bellwether_job_duration_seconds_bucket{le="1",job="scoring",outcome="ok"} 1');
  });
});

describe('/metrics beside /healthz in Socket Mode', () => {
  it('the Socket Mode health server answers GET /metrics in Prometheus format', async () => {
    const { startHealthServer } = await import('../../src/slack/receivers');
    const { countDelivery, watchDatabase } = await import('../../src/observability/metrics');
    const { fixedClock } = await import('../../src/lib/clock');
    const db = testDb();
    db.$client
      .prepare("insert into outbox (idempotency_key, method, args, status, available_at, created_at) values ('k', 'chat.postMessage', '{}', 'pending', ?, ?)")
      .run('2026-11-23T09:00:00Z', '2026-11-23T09:00:00Z');
    watchDatabase(db, fixedClock('2026-11-23T10:00:00Z'));
    countDelivery('chat.postMessage', 'recovered');
    const server = await startHealthServer(0, (_q, s) => s.end('ok'));
    try {
      const port = (server.address() as { port: number }).port;
      const r = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(r.status).toBe(200);
      const text = await r.text();
      expect(text).toContain('bellwether_outbox_rows{status="pending"} 1');
      expect(text).toContain('bellwether_outbox_oldest_age_seconds{status="pending"} 3600');
      expect(text).toContain('bellwether_deliveries_total{method="chat.postMessage",result="recovered"} 1');
      expect(text).toContain('bellwether_process_cpu_seconds_total');
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
