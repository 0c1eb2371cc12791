/**
 * A chunked import's record in job_runs (job 'import', one key per run), and recovery: an import whose
 * process died mid-file left committed chunks behind; its undo journal takes them back, so the file stays
 * all or nothing. Called before every chunked import and at service start.
 */
import type { Db } from '../../db';
import { beginJobRun, failJobRun, finishJobRun, recordJobStep, unfinishedJobRuns } from '../jobs/runs';
import { undoImport } from './undo-journal';

export const IMPORT_JOB = 'import';

/** This process: its pid and a start stamp, so a recycled pid (a container restart) is not mistaken for it. */
const SELF = `pid=${process.pid} boot=${Math.round(performance.timeOrigin)}`;
let seq = 0;

export interface ImportRun {
  key: string;
  begin(): void;
  /** `inTransaction`: the caller's open transaction carries the update (the run's last chunk) */
  end(status: 'done' | 'failed', error: string | null, inTransaction?: boolean): void;
}

export function startImportRun(db: Db, kind: string, now: Date): ImportRun {
  const key = `${kind} ${now.toISOString()} ${SELF} #${++seq}`;
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

/** True when the process that wrote `progress` may still be running (then its import is left alone). */
function maybeAlive(progress: string | null): boolean {
  const m = /pid=(\d+) boot=(\d+)/.exec(progress ?? '');
  if (!m) return false;
  const pid = Number(m[1]);
  if (pid === process.pid) return progress!.includes(SELF); // same pid, other boot stamp: a recycled pid
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

/** Undo every chunked import a dead process left unfinished; returns how many were rolled back. */
export function recoverInterruptedImports(db: Db, log: (line: string) => void = () => undefined): number {
  let n = 0;
  for (const run of unfinishedJobRuns(db, IMPORT_JOB)) {
    if (run.status === 'running' && maybeAlive(run.progress)) continue;
    const entries = undoImport(db.$client, run.key);
    if (run.status === 'running') failJobRun(db, IMPORT_JOB, run.key, new Date(), 'interrupted; undone from its journal');
    if (entries) log(`import ${run.key}: interrupted mid-file; ${entries} journal entries undone, nothing of it is kept`);
    n += run.status === 'running' || entries ? 1 : 0;
  }
  return n;
}
