/**
 * Runs background jobs off Bolt's event loop: each run gets a worker thread with its own better-sqlite3
 * connection to the service's database file, so slash commands, clicks and /healthz keep being answered
 * while scoring, evaluation, digests or an ingest import run. An in-memory database cannot be shared with
 * a thread, so there the job runs inline (tests, and nothing else).
 */
import { Worker } from 'node:worker_threads';
import type { Db } from '../../../db';
import { BACKGROUND_JOBS, type BackgroundJobName, type JobInput, type JobOutput } from './jobs';

// From the TypeScript sources (vitest, tsx) the thread boots through worker-boot.mjs, which registers tsx;
// in the build this code sits in dist/ beside the compiled entry (scripts/build.mjs names it).
const BOOT = import.meta.url.endsWith('.ts') ? new URL('./worker-boot.mjs', import.meta.url) : new URL('./background-worker.js', import.meta.url);

export interface BackgroundRunner {
  /** 'thread' when jobs run in worker threads, 'inline' for an in-memory database */
  readonly mode: 'thread' | 'inline';
  run<N extends BackgroundJobName>(name: N, input: JobInput<N>): Promise<JobOutput<N>>;
  /** Wait for running jobs to finish (a job is never cut off mid-transaction by shutdown). */
  drain(): Promise<void>;
}

/** An error from a job thread, with the SQLite code kept so busy-retry can recognise it. */
export class BackgroundJobError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'BackgroundJobError';
  }
}

export function createBackgroundRunner(db: Db): BackgroundRunner {
  const file = db.$client.memory ? null : db.$client.name;
  const running = new Set<Promise<unknown>>();
  const track = <T>(p: Promise<T>): Promise<T> => {
    running.add(p);
    void p.catch(() => undefined).finally(() => running.delete(p));
    return p;
  };
  return {
    mode: file ? 'thread' : 'inline',
    run(name, input) {
      if (!file) return track(Promise.resolve().then(() => (BACKGROUND_JOBS[name] as (d: Db, i: typeof input) => JobOutput<typeof name>)(db, input)));
      return track(
        new Promise((resolve, reject) => {
          const w = new Worker(BOOT, { workerData: { dbPath: file, name, input } });
          let settled = false;
          w.once('message', (m: { ok: true; out: never } | { ok: false; message: string; code?: string }) => {
            settled = true;
            if (m.ok) resolve(m.out);
            else reject(new BackgroundJobError(m.message, m.code));
          });
          w.once('error', (e) => {
            settled = true;
            reject(e);
          });
          w.once('exit', (code) => {
            if (!settled) reject(new BackgroundJobError(`background job ${name} exited with code ${code} before answering`));
          });
        }),
      );
    },
    async drain() {
      await Promise.allSettled([...running]);
    },
  };
}
