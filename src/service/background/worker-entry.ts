/** Runs one background job in a worker thread on its own database connection, and posts the result back. */
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { closeDb, createDb } from '../../../db';
import { BACKGROUND_JOBS, type BackgroundJobName } from './jobs';

// On Linux a nice value is per thread: this one yields the CPU to Bolt's thread when cores are short.
try {
  setPriority(10);
} catch {
  // not permitted here: run at normal priority
}

const { dbPath, name, input } = workerData as { dbPath: string; name: BackgroundJobName; input: never };
// Migrations already ran on the service's connection; this one only reads and writes.
const db = createDb(dbPath, { migrate: false });
try {
  const out = (BACKGROUND_JOBS[name] as (db: unknown, i: never) => unknown)(db, input);
  parentPort!.postMessage({ ok: true, out });
} catch (e) {
  const err = e as Error & { code?: string };
  parentPort!.postMessage({ ok: false, message: err.message, code: err.code, name: err.name, stack: err.stack });
} finally {
  closeDb(db);
}
