/**
 * A chunked import's record in job_runs (job 'import', one key per run), and recovery: an import whose
 * process died mid-file left committed chunks behind; its undo journal takes them back, so the file stays
 * all or nothing. Called before every chunked import and at service start.
 */
import { threadId } from 'node:worker_threads';
import type { Db } from '../../db';
import { beginJobRun, failJobRun, finishJobRun, recordJobStep, unfinishedJobRuns } from '../jobs/runs';
import type { KindSpec } from './kind';
import { KINDS } from './kinds';
import { undoImport } from './undo-journal';

export const IMPORT_JOB = 'import';

const SELF = `pid=${process.pid}`;
let seq = 0;

export interface ImportRun {
  key: string;
  begin(): void;
  /** Record the outcome (on the import's connection: inside its open transaction when there is one). */
  end(status: 'done' | 'failed', error: string | null): void;
}

/** The kind a run key names (keys start with the kind, see startImportRun). */
function kindOfRun(key: string): KindSpec | undefined {
  return Object.values(KINDS).find((k) => key.startsWith(`${k.kind} `));
}

export function startImportRun(db: Db, kind: string, now: Date): ImportRun {
  const key = `${kind} ${now.toISOString()} ${SELF} thread=${threadId} #${++seq}`; // unique across threads
  return {
    key,
    begin() {
      beginJobRun(db, IMPORT_JOB, key, new Date());
      recordJobStep(db, IMPORT_JOB, key, `writing ${SELF}`);
    },
    end(status, error) {
      if (status === 'done') finishJobRun(db, IMPORT_JOB, key, new Date());
      else failJobRun(db, IMPORT_JOB, key, new Date(), error ?? 'failed');
    },
  };
}

/**
 * True when the process that wrote `progress` may still be running (then its import is left alone). Our own
 * pid counts as alive (another thread of this process may be importing) unless `atStart`: at service start
 * nothing of ours runs yet, so a row with our pid is a dead process whose pid was recycled (a container restart).
 */
function maybeAlive(progress: string | null, atStart: boolean): boolean {
  const m = /pid=(\d+)/.exec(progress ?? '');
  if (!m) return false;
  const pid = Number(m[1]);
  if (pid === process.pid) return !atStart;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

/** Undo every chunked import a dead process left unfinished; returns how many were rolled back. */
export function recoverInterruptedImports(db: Db, log: (line: string) => void = () => undefined, o: { atStart?: boolean } = {}): number {
  let n = 0;
  for (const run of unfinishedJobRuns(db, IMPORT_JOB)) {
    if (run.status === 'running' && maybeAlive(run.progress, o.atStart ?? false)) continue;
    const entries = undoImport(db.$client, run.key);
    if (entries) kindOfRun(run.key)?.onUndo?.(db.$client);
    if (run.status === 'running') failJobRun(db, IMPORT_JOB, run.key, new Date(), 'interrupted; undone from its journal');
    if (entries) log(`import ${run.key}: interrupted mid-file; ${entries} journal entries undone, nothing of it is kept`);
    n += run.status === 'running' || entries ? 1 : 0;
  }
  return n;
}
