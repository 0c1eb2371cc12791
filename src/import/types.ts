import type { ImportKind } from './kind';
import type { Mapping } from './mapping';

/** How rows are numbered in messages: CSV data rows (header excluded), JSONL lines, JSON array records. */
export type RowUnit = 'row' | 'line' | 'record';

export interface ImportProblem {
  /** 'row 3', 'line 7', 'record 2', 'header', or '' for whole-file problems. */
  where: string;
  /** The row / line / record number (1-based) when the problem belongs to one. */
  n?: number;
  /** Source column (as named in the file) when the problem belongs to one. */
  column?: string;
  message: string;
}

export interface ImportProgress {
  done: number;
  /** Rows expected (pre-counted; an estimate for CSV with quoted line breaks), or null if unknown. */
  total: number | null;
  elapsedMs: number;
}

export interface ImportOptions {
  mapping?: Mapping;
  /** Validate everything, report what would change, write nothing. */
  dryRun?: boolean;
  /** Clock for updated_at, import_runs.at and the default snapshot date. */
  now?: Date;
  /** Time zone that decides "today" for defaults (config timezone). */
  timeZone?: string;
  /** Name used in messages and import_runs (a file path, or e.g. "api"). */
  source?: string;
  /** Directory that relative lookup files in the mapping resolve against. */
  baseDir?: string;
  onProgress?(p: ImportProgress): void;
  /**
   * Write the whole file in one transaction even for fact kinds (which otherwise commit per chunk with an
   * undo journal); bench:import uses it to measure the old write-lock hold beside the new one.
   */
  singleTransaction?: boolean;
  /** Minimum time between progress reports (default 1000 ms; checked every 4,096 rows). */
  progressIntervalMs?: number;
}

export interface ImportSuccess {
  ok: true;
  kind: ImportKind;
  source: string;
  dryRun: boolean;
  /** Data rows read. */
  rows: number;
  /** Rows left out by the mapping's `where`. */
  skipped: number;
  /** Rows folded into another row by the mapping's aggregates. */
  merged: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Accounts created on the fly (snapshot imports). */
  accountsCreated: number;
  /** import_runs id (null on dry runs). */
  runId: number | null;
  durationMs: number;
}

export interface ImportFailure {
  ok: false;
  kind: ImportKind;
  source: string;
  /** The first problems (at most 20). */
  problems: ImportProblem[];
  /** All problems found, including those not listed. */
  problemCount: number;
  /** Human-readable report: source, each listed problem, "and N more". */
  message: string;
}

export type ImportOutcome = ImportSuccess | ImportFailure;
