/** The job_runs store (drizzle): begin / resume / finish, and a busy database still reads as busy through drizzle's error wrapper. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from '../../db';
import { isBusyError } from '../../src/jobs/busy-retry';
import { beginJobRun, failJobRun, finishJobRun, jobRun, recordJobStep, unfinishedJobRuns } from '../../src/jobs/runs';
import { testDb } from '../support/db';

const dir = mkdtempSync(join(tmpdir(), 'bw-runs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('job_runs store', () => {
  it('resumes an unfinished run from its last step and starts a finished one afresh', () => {
    const db = testDb();
    const t0 = new Date('2026-11-23T01:00:00Z');
    expect(beginJobRun(db, 'scoring', '2026-11-23', t0)).toEqual({ resumedFrom: null, attempts: 1 });
    recordJobStep(db, 'scoring', '2026-11-23', 'scored');
    expect(beginJobRun(db, 'scoring', '2026-11-23', new Date('2026-11-23T02:00:00Z'))).toEqual({ resumedFrom: 'scored', attempts: 2 });
    failJobRun(db, 'scoring', '2026-11-23', new Date('2026-11-23T02:30:00Z'), 'x'.repeat(3000));
    expect(jobRun(db, 'scoring', '2026-11-23')).toMatchObject({ status: 'failed', progress: 'scored', attempts: 2, error: 'x'.repeat(2000) });
    beginJobRun(db, 'digests', '2026-W48', new Date('2026-11-23T00:30:00Z'));
    expect(unfinishedJobRuns(db).map((r) => r.job)).toEqual(['digests', 'scoring']);
    expect(unfinishedJobRuns(db, 'digests').map((r) => r.key)).toEqual(['2026-W48']);
    finishJobRun(db, 'scoring', '2026-11-23', new Date('2026-11-23T03:00:00Z'));
    expect(jobRun(db, 'scoring', '2026-11-23')).toMatchObject({ status: 'done', error: null, finishedAt: '2026-11-23T03:00:00.000Z' });
    expect(beginJobRun(db, 'scoring', '2026-11-23', new Date('2026-11-24T01:00:00Z'))).toEqual({ resumedFrom: null, attempts: 1 });
    expect(jobRun(db, 'scoring', '2026-11-23')).toMatchObject({ status: 'running', progress: null, finishedAt: null, startedAt: '2026-11-24T01:00:00.000Z' });
    expect(jobRun(db, 'scoring', 'never')).toBeUndefined();
  });

  it('a job_runs write blocked by another writer is a busy error (the retry sees it)', () => {
    const path = join(dir, 'busy.db');
    const holder = createDb(path);
    const job = createDb(path, { busyTimeoutMs: 10 });
    holder.$client.exec('BEGIN IMMEDIATE');
    let err: unknown;
    try {
      beginJobRun(job, 'scoring', '2026-11-23', new Date('2026-11-23T01:00:00Z'));
    } catch (e) {
      err = e;
    }
    holder.$client.exec('ROLLBACK');
    expect(err).toBeInstanceOf(Error);
    expect(isBusyError(err)).toBe(true);
    expect(isBusyError(new Error('no such table: job_runs'))).toBe(false);
    // a driver error wrapped by drizzle (DrizzleQueryError keeps it as the cause) still reads as busy
    const locked = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    expect(isBusyError(new Error('Failed query: insert into "job_runs" …', { cause: locked }))).toBe(true);
    expect(isBusyError(new Error('Failed query: insert into "job_runs" …', { cause: new Error('UNIQUE constraint failed') }))).toBe(false);
    holder.$client.close();
    job.$client.close();
  });
});
