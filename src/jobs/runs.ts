/**
 * The job_runs table's owner: a background run records that it started, each step it completed and how it
 * ended, so a restart (or the next tick) can tell a finished run from one a crash cut short.
 */
import type { Db } from '../../db';

export interface JobRunRow {
  job: string;
  key: string;
  status: 'running' | 'done' | 'failed';
  progress: string | null;
  attempts: number;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
}

const COLUMNS = `job, key, status, progress, attempts, started_at as startedAt, finished_at as finishedAt, error`;

/**
 * Mark (job, key) running. A run for a key that never finished keeps its progress (returned as
 * `resumedFrom`) and counts another attempt; a finished key starts afresh.
 */
export function beginJobRun(db: Db, job: string, key: string, now: Date): { resumedFrom: string | null; attempts: number } {
  const row = db.$client
    .prepare(
      `insert into job_runs (job, key, status, progress, attempts, started_at) values (?, ?, 'running', null, 1, ?)
       on conflict (job, key) do update set
         attempts = case when job_runs.status = 'done' then 1 else job_runs.attempts + 1 end,
         progress = case when job_runs.status = 'done' then null else job_runs.progress end,
         status = 'running', started_at = excluded.started_at, finished_at = null, error = null
       returning progress, attempts`,
    )
    .get(job, key, now.toISOString()) as { progress: string | null; attempts: number };
  return { resumedFrom: row.attempts > 1 ? row.progress ?? 'start' : null, attempts: row.attempts };
}

export function recordJobStep(db: Db, job: string, key: string, step: string): void {
  db.$client.prepare(`update job_runs set progress = ? where job = ? and key = ?`).run(step, job, key);
}

export function finishJobRun(db: Db, job: string, key: string, now: Date): void {
  db.$client.prepare(`update job_runs set status = 'done', finished_at = ?, error = null where job = ? and key = ?`).run(now.toISOString(), job, key);
}

export function failJobRun(db: Db, job: string, key: string, now: Date, error: string): void {
  db.$client.prepare(`update job_runs set status = 'failed', finished_at = ?, error = ? where job = ? and key = ?`).run(now.toISOString(), error.slice(0, 2000), job, key);
}

export function jobRun(db: Db, job: string, key: string): JobRunRow | undefined {
  return db.$client.prepare(`select ${COLUMNS} from job_runs where job = ? and key = ?`).get(job, key) as JobRunRow | undefined;
}

/** Runs that started and never finished (crashed or failed), oldest first. */
export function unfinishedJobRuns(db: Db, job?: string): JobRunRow[] {
  return db.$client
    .prepare(`select ${COLUMNS} from job_runs where status != 'done' and (? is null or job = ?) order by started_at`)
    .all(job ?? null, job ?? null) as JobRunRow[];
}
