/**
 * The job_runs table's owner: a background run records that it started, each step it completed and how it
 * ended, so a restart (or the next tick) can tell a finished run from one a crash cut short.
 */
import { and, asc, eq, getTableColumns, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db';
import { jobRuns } from '../../db/schema';

/** A job run as stored (row type from db/schema). */
export type JobRunRow = Omit<typeof jobRuns.$inferSelect, 'id'>;

const { id: _id, ...columns } = getTableColumns(jobRuns);

/**
 * Mark (job, key) running. A run for a key that never finished keeps its progress (returned as
 * `resumedFrom`) and counts another attempt; a finished key starts afresh.
 */
export function beginJobRun(db: Db, job: string, key: string, now: Date): { resumedFrom: string | null; attempts: number } {
  const done = sql`${jobRuns.status} = 'done'`;
  const [row] = db
    .insert(jobRuns)
    .values({ job, key, status: 'running', progress: null, attempts: 1, startedAt: now.toISOString() })
    .onConflictDoUpdate({
      target: [jobRuns.job, jobRuns.key],
      set: {
        attempts: sql`case when ${done} then 1 else ${jobRuns.attempts} + 1 end`,
        progress: sql`case when ${done} then null else ${jobRuns.progress} end`,
        status: 'running',
        startedAt: sql`excluded.started_at`,
        finishedAt: null,
        error: null,
      },
    })
    .returning({ progress: jobRuns.progress, attempts: jobRuns.attempts })
    .all();
  return { resumedFrom: row.attempts > 1 ? (row.progress ?? 'start') : null, attempts: row.attempts };
}

const runIs = (job: string, key: string) => and(eq(jobRuns.job, job), eq(jobRuns.key, key));

export function recordJobStep(db: Db, job: string, key: string, step: string): void {
  db.update(jobRuns).set({ progress: step }).where(runIs(job, key)).run();
}

export function finishJobRun(db: Db, job: string, key: string, now: Date): void {
  db.update(jobRuns).set({ status: 'done', finishedAt: now.toISOString(), error: null }).where(runIs(job, key)).run();
}

export function failJobRun(db: Db, job: string, key: string, now: Date, error: string): void {
  db.update(jobRuns)
    .set({ status: 'failed', finishedAt: now.toISOString(), error: error.slice(0, 2000) })
    .where(runIs(job, key))
    .run();
}

export function jobRun(db: Db, job: string, key: string): JobRunRow | undefined {
  return db.select(columns).from(jobRuns).where(runIs(job, key)).get();
}

/** Runs that started and never finished (crashed or failed), oldest first. */
export function unfinishedJobRuns(db: Db, job?: string): JobRunRow[] {
  return db
    .select(columns)
    .from(jobRuns)
    .where(job === undefined ? ne(jobRuns.status, 'done') : and(ne(jobRuns.status, 'done'), eq(jobRuns.job, job)))
    .orderBy(asc(jobRuns.startedAt))
    .all();
}
