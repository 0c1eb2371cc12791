import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, closeDb, createDb } from '../../db';
import { evaluateAlerts } from '../../src/alerts/evaluate';
import { parseConfig } from '../../src/config/load';
import { generateDemo } from '../../src/demo/generate';
import { fixedClock } from '../../src/lib/clock';
import { loadPlaybooks } from '../../src/playbooks/load';
import { runScoring } from '../../src/scoring/run';
import { createBackgroundRunner } from '../../src/service/background/runner';
import { isBusyError, withBusyRetry } from '../../src/jobs/busy-retry';
import { beginJobRun, jobRun, recordJobStep, unfinishedJobRuns } from '../../src/jobs/runs';
import { SCORING_JOB, scoringDue, scoringJob } from '../../src/service/jobs';

const TODAY = '2026-11-23';
const config = parseConfig({ alerts: { workingHours: { enabled: false } } });
const playbooks = loadPlaybooks();
const clock = fixedClock(`${TODAY}T10:00:00Z`);
let dir: string;
let seeded: string;

/** alerts as (account, rule) → how many were ever opened, plus opened events */
function alertCensus(db: Db) {
  const perKey = db.$client.prepare("select account_id || ':' || rule k, count(*) n from alerts group by k").all() as { k: string; n: number }[];
  const opened = (db.$client.prepare("select count(*) n from alert_events where kind = 'opened'").get() as { n: number }).n;
  return { keys: perKey.map((r) => r.k).sort(), maxPerKey: Math.max(0, ...perKey.map((r) => r.n)), opened };
}

const scoredToday = (db: Db) => (db.$client.prepare('select count(*) n from health_scores where as_of = ?').get(TODAY) as { n: number }).n;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bw-jobs-'));
  seeded = join(dir, 'seed.db');
  const db = createDb(seeded);
  generateDemo(db, { accounts: 300, today: TODAY, seed: 11 });
  closeDb(db);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function freshCopy(name: string): Db {
  const file = join(dir, `${name}.db`);
  copyFileSync(seeded, file);
  return createDb(file);
}

describe('crash-consistent scoring and evaluation', () => {
  it('records a finished run, after which nothing is owed for the day', () => {
    const db = freshCopy('done');
    expect(scoringDue({ db, config, clock })).toBe(true);
    const r = scoringJob({ db, config, playbooks, clock });
    expect(r.resumedFrom).toBeNull();
    expect(r.alerts.opened).toBeGreaterThan(0);
    expect(jobRun(db, SCORING_JOB, TODAY)).toMatchObject({ status: 'done', progress: 'scored', attempts: 1 });
    expect(scoringDue({ db, config, clock })).toBe(false);
    closeDb(db);
  });

  it('finishes a run cut off part-way through evaluation: every alert opened, none twice', () => {
    const reference = freshCopy('reference');
    scoringJob({ db: reference, config, playbooks, clock });
    const want = alertCensus(reference);
    closeDb(reference);

    // The state a kill leaves: the run is marked running, scores are in, a third of the accounts evaluated.
    const db = freshCopy('interrupted');
    beginJobRun(db, SCORING_JOB, TODAY, clock());
    runScoring(db, { asOf: TODAY, config: config.scoring, clock });
    recordJobStep(db, SCORING_JOB, TODAY, 'scored');
    const ids = (db.$client.prepare('select id from accounts order by id').pluck().all() as string[]).slice(0, 100);
    evaluateAlerts(db, { config, playbooks, now: clock(), asOf: TODAY, accountIds: ids });
    const partial = alertCensus(db);
    expect(partial.keys.length).toBeGreaterThan(0);
    expect(partial.keys.length).toBeLessThan(want.keys.length);
    expect(unfinishedJobRuns(db).map((r) => r.key)).toEqual([TODAY]);

    // Restart: today's scores exist, but the run is unfinished, so it is owed and completes.
    expect(scoringDue({ db, config, clock })).toBe(true);
    const r = scoringJob({ db, config, playbooks, clock });
    expect(r.resumedFrom).toBe('scored');
    expect(r.alerts.opened).toBe(want.keys.length - partial.keys.length);
    const got = alertCensus(db);
    expect(got.keys).toEqual(want.keys);
    expect(got.maxPerKey).toBe(1);
    expect(got.opened).toBe(want.opened);
    expect(jobRun(db, SCORING_JOB, TODAY)).toMatchObject({ status: 'done', attempts: 2 });
    expect(unfinishedJobRuns(db)).toEqual([]);
    closeDb(db);
  });

  it('a run that meets a locked database waits with backoff, logs it, and completes', async () => {
    const db = freshCopy('busy');
    const file = db.$client.name;
    closeDb(db);
    const job = createDb(file, { migrate: false, busyTimeoutMs: 20 });
    const holder = createDb(file, { migrate: false });
    holder.$client.exec('BEGIN IMMEDIATE'); // e.g. an import holding the write lock
    let firstError: unknown;
    try {
      scoringJob({ db: job, config, playbooks, clock });
    } catch (e) {
      firstError = e;
    }
    expect(isBusyError(firstError)).toBe(true);

    const logs: string[] = [];
    const waits: number[] = [];
    const r = await withBusyRetry(() => scoringJob({ db: job, config, playbooks, clock }), {
      what: 'scoring',
      log: (l) => logs.push(l),
      baseDelayMs: 100,
      sleep: async (ms) => {
        waits.push(ms);
        if (waits.length === 2) holder.$client.exec('COMMIT'); // the other writer finishes during the second wait
      },
    });
    expect(r.scoring.accounts).toBe(scoredToday(job));
    expect(waits).toEqual([100, 200]);
    expect(logs[0]).toMatch(/^\[scoring\] database busy \(database is locked\); retry 1\/7 in 100 ms$/);
    expect(jobRun(job, SCORING_JOB, TODAY)?.status).toBe('done');
    closeDb(job);
    closeDb(holder);
  });

  it('gives up after the configured attempts and rethrows the busy error', async () => {
    const err = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    let calls = 0;
    await expect(
      withBusyRetry(
        () => {
          calls++;
          throw err;
        },
        { what: 'x', log: () => undefined, attempts: 3, sleep: async () => undefined },
      ),
    ).rejects.toBe(err);
    expect(calls).toBe(3);
    const other = new Error('no such table: nope');
    await expect(withBusyRetry(() => Promise.reject(other), { what: 'x', log: () => undefined, sleep: async () => undefined })).rejects.toBe(other);
  });
});

describe('background runner', () => {
  it('runs the scoring job in a worker thread on its own connection while the event loop keeps turning', async () => {
    const db = freshCopy('thread');
    const runner = createBackgroundRunner(db);
    expect(runner.mode).toBe('thread');
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const r = await runner.run('scoring', { config, playbooks, nowIso: clock().toISOString() });
    clearInterval(timer);
    expect(r.scoring.accounts).toBe(scoredToday(db));
    expect(r.alerts.opened).toBeGreaterThan(0);
    // Written by the thread's connection, visible on ours.
    expect(jobRun(db, SCORING_JOB, TODAY)?.status).toBe('done');
    expect(ticks).toBeGreaterThan(3); // timers fired during the run: it did not block this thread
    closeDb(db);
  });

  it('parses and imports an ingest body in a worker thread: the event loop keeps turning', async () => {
    const db = freshCopy('ingest');
    const runner = createBackgroundRunner(db);
    const ids = db.$client.prepare('select id from accounts').pluck().all() as string[];
    const records = Array.from({ length: 60_000 }, (_, i) => ({
      account_id: ids[i % ids.length],
      day: `2025-0${1 + (Math.floor(i / ids.length) % 9)}-${String(1 + (Math.floor(i / ids.length / 9) % 28)).padStart(2, '0')}`,
      active_users: i % 9,
    }));
    const body = Buffer.from(JSON.stringify(records));
    const before = (db.$client.prepare('select count(*) n from usage_daily').get() as { n: number }).n;
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const reply = await runner.run('ingest', { kind: 'usage', body, timeZone: 'UTC', nowIso: clock().toISOString() });
    clearInterval(timer);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ ok: true, rows: 60_000 });
    const after = (db.$client.prepare('select count(*) n from usage_daily').get() as { n: number }).n;
    expect(after - before).toBe((reply.body as { inserted: number }).inserted);
    expect(ticks).toBeGreaterThan(3);
    closeDb(db);
  });

  it('runs inline for an in-memory database, and a job error reaches the caller', async () => {
    const db = createDb(':memory:');
    const runner = createBackgroundRunner(db);
    expect(runner.mode).toBe('inline');
    const reply = await runner.run('ingest', { kind: 'accounts', body: Buffer.from('{"nope":'), timeZone: 'UTC', nowIso: clock().toISOString() });
    expect(reply.status).toBe(400);
    expect(JSON.stringify(reply.body)).toMatch(/not valid JSON/);
    closeDb(db);
  });
});
