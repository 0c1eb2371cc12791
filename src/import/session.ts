/**
 * The import engine. Every row is parsed, validated and written as the file is read; the first problem
 * stops the writing (validation carries on to report everything), and any problem or a dry run takes
 * back what was written. That gives the validate-then-write guarantee (all or nothing, dry run writes
 * nothing) while reading the file once, which halves the parsing cost.
 *
 * Kinds marked chunked (the fact kinds) commit chunk by chunk, each chunk with its undo
 * journal (undo-journal.ts), so a million-row file never holds the write lock for more than one chunk
 * and clicks, the delivery worker and scoring get in between; a failure, or a crash recovered by the next
 * import or service start, is undone from the journal. Other kinds (small, and accounts carry a history
 * trigger), dry runs and imports inside a caller's transaction use ONE transaction rolled back as a whole.
 * A kind's special behaviour (account creation, manager checks, the snapshot's account write) lives in hooks on its
 * spec (kind.ts, ImportHooks): this engine names no kind.
 * Call begin(), push() each record, then finish() (or fail() for a problem that ends the read).
 */
import { beginImmediate, commit, releaseSavepoint, rollbackIfOpen, rollbackToSavepoint, savepoint } from '../../db/transactions';
import { accountIds } from '../accounts/store';
import { importRuns } from '../../db/schema';
import type { Db } from '../../db';
import { todayIn } from '../lib/dates';
import { CellProblem } from './cells';
import { type FinalizeContext, type ImportHooks, type KindSpec, type Row, rowSchema } from './kind';
import type { Aggregate } from './mapping';
import { WhereProblem, type Plan, type PlannedField, type RawRecord } from './plan';
import { Problems, failure, shown } from './problems';
import type { ImportOptions, ImportOutcome, ImportProgress, RowUnit } from './types';
import { KeySet } from './keyset';
import { recoverInterruptedImports, startImportRun, type ImportRun } from './import-runs';
import { discardUndo, UndoJournal, undoImport } from './undo-journal';
import { RowWriter, type WriteOutcome } from './upsert';

/** The savepoint an import opens inside a caller's transaction. */
const SAVEPOINT = 'bellwether_import';

const PROGRESS_EVERY_MS = 1000;
const BATCH = 1000;
/**
 * A chunk's transaction is committed once it has been open this long (and before every progress report):
 * long enough that pages are written once per many rows, short enough that other writers barely wait.
 */
const CHUNK_HOLD_MS = 40;

interface Group {
  n: number;
  row: Row;
  acc: Map<string, { count: number; sum: number; min: number; max: number; distinct?: Set<string> }>;
}

export class ImportSession {
  readonly problems: Problems;
  total: number | null = null;
  private readonly schema;
  private readonly keyParts: string[];
  private readonly accounts = new Set<string>();
  /** the kind's special behaviour for this import (kind.ts, ImportHooks) */
  private readonly hooks: ImportHooks;
  private readonly seenKeys: KeySet;
  private batch: { row: Row; n: number; exists: boolean }[] = [];
  private readonly keyValues: unknown[];
  private readonly groups = new Map<string, Group>();
  private readonly reportedUnknown = new Set<string>();
  private readonly writer: RowWriter;
  private readonly started = performance.now();
  private lastProgress = this.started;
  private readonly stamp: string;
  private todayValue: string | null = null;
  private readonly savepoint: boolean;
  /** commit per chunk with an undo journal (see the header comment) */
  private readonly chunked: boolean;
  private run: ImportRun | null = null;
  private journal: UndoJournal | null = null;
  /** when the open chunk transaction began (chunked mode), null when none is open */
  private chunkSince: number | null = null;
  private open = false;
  private rows = 0;
  private skipped = 0;
  private merged = 0;
  private counts = [0, 0, 0];
  private accountsCreated = 0;
  /** Row being processed, and the fields that already have a problem (allocated on first problem). */
  private current: { n: number; failed: Set<string> | null } = { n: 0, failed: null };
  private readonly labelOf = new Map<string, string>();
  private readonly ctx: FinalizeContext;

  constructor(
    private readonly db: Db,
    private readonly kind: KindSpec,
    private readonly plan: Plan,
    private readonly opts: ImportOptions,
    unit: RowUnit,
  ) {
    this.problems = new Problems(unit);
    this.schema = rowSchema(kind);
    this.keyParts = kind.key;
    this.seenKeys = new KeySet(kind.key.length);
    this.keyValues = new Array(kind.key.length);
    const now = opts.now ?? new Date();
    this.stamp = now.toISOString();
    for (const f of plan.fields) this.labelOf.set(f.name, f.label);
    this.savepoint = db.$client.inTransaction;
    this.chunked = !this.savepoint && !opts.dryRun && !opts.singleTransaction && Boolean(kind.chunked);
    const client = db.$client;
    const bindings = Object.entries(kind.fields)
      .filter(([, s]) => s.column !== null)
      .map(([field, s]) => ({ field, column: s.column as string }));
    if (this.chunked) {
      this.run = startImportRun(db, kind.kind, now);
      this.journal = new UndoJournal(client, this.run.key);
    }
    this.writer = new RowWriter(client, kind.table, bindings, kind.key, kind.updatedAt ? 'updated_at' : undefined, this.journal?.for(kind.table));
    this.hooks =
      kind.hooks?.({
        client,
        stamp: this.stamp,
        accounts: this.accounts,
        problem: (n, field, message) => this.problems.row(n, field === undefined ? undefined : (this.labelOf.get(field) ?? field), message),
        accountCreated: () => void this.accountsCreated++,
      }) ?? {};
    // Lazy: Intl time-zone formatting is costly to set up and only snapshots need "today".
    const today = () => (this.todayValue ??= todayIn(opts.timeZone ?? 'UTC', now));
    this.ctx = {
      now,
      get today() {
        return today();
      },
      problem: (field, message) => this.fieldProblem(field, message),
    };
  }

  begin(): void {
    const c = this.db.$client;
    if (this.chunked) {
      recoverInterruptedImports(this.db); // a crashed chunked import is undone before this one writes
      this.run!.begin();
    } else {
      // Inside a caller's transaction, nest with a savepoint so our rollback leaves theirs intact.
      if (this.savepoint) savepoint(c, SAVEPOINT);
      else beginImmediate(c);
    }
    this.open = true;
    if (this.kind.accountRef || this.kind.needsAccounts) for (const id of accountIds(this.db)) this.accounts.add(id);
    this.hooks.begin?.();
  }

  /** Validate one record and (while the import is clean) write it. n = row / line / record number. */
  push(rec: RawRecord, n: number): void {
    this.rows++;
    this.current.n = n;
    this.current.failed = null;
    if (!Array.isArray(rec)) this.checkUnknownKeys(rec as Record<string, unknown>, n);
    try {
      if (this.plan.where && !this.plan.where(rec)) {
        this.skipped++;
        this.tick();
        return;
      }
    } catch (e) {
      if (!(e instanceof WhereProblem)) throw e;
      this.problems.row(n, e.column, e.message);
      return;
    }
    const row = this.convert(rec);
    if (this.plan.aggregating) this.fold(row, n);
    else this.accept(row, n);
    this.tick();
  }

  /** A problem that ends reading (syntax error, wrong shape): the import fails. */
  fail(where: 'file' | { n: number }, message: string, column?: string): void {
    if (where === 'file') this.problems.file(message);
    else this.problems.row(where.n, column, message);
  }

  finish(): ImportOutcome {
    const source = this.opts.source ?? 'import';
    try {
      if (this.plan.aggregating) {
        for (const g of this.groups.values()) {
          this.current = { n: g.n, failed: null };
          for (const [field, a] of g.acc) g.row[field] = aggregateValue(this.aggregateOf(field), a);
          this.accept(g.row, g.n, true);
        }
      }
      this.flush();
      this.hooks.check?.();
      if (this.problems.count === 0 && this.rows === 0) this.problems.file('no data rows');
      if (this.problems.count > 0) {
        this.rollback();
        return failure(this.kind.kind, source, this.problems);
      }
      let runId: number | null = null;
      if (this.opts.dryRun) this.rollback();
      else {
        // The last chunk's transaction (or a new short one) carries the run record.
        if (this.chunked && this.chunkSince === null) beginImmediate(this.db.$client);
        runId = this.db
          .insert(importRuns)
          .values({
            kind: this.kind.kind,
            file: source,
            rows: this.counts[0] + this.counts[1] + this.counts[2],
            inserted: this.counts[0],
            updated: this.counts[1],
            unchanged: this.counts[2],
            at: this.stamp,
          })
          .returning({ id: importRuns.id })
          .get().id;
        this.commit();
      }
      return {
        ok: true,
        kind: this.kind.kind,
        source,
        dryRun: Boolean(this.opts.dryRun),
        rows: this.rows,
        skipped: this.skipped,
        merged: this.merged,
        inserted: this.counts[0],
        updated: this.counts[1],
        unchanged: this.counts[2],
        accountsCreated: this.accountsCreated,
        runId,
        durationMs: Math.round(performance.now() - this.started),
      };
    } finally {
      if (this.open) this.rollback();
    }
  }

  /** Roll back if still open (e.g. the reader threw). Safe to call twice. */
  rollback(): void {
    if (!this.open) return;
    this.open = false;
    const c = this.db.$client;
    if (this.savepoint) rollbackToSavepoint(c, SAVEPOINT);
    else rollbackIfOpen(c);
    if (this.chunked) {
      this.journal!.dropPending();
      this.chunkSince = null;
      if (undoImport(c, this.run!.key)) this.kind.onUndo?.(c); // the chunks already committed, newest first
      this.run!.end('failed', this.problems.count ? `${this.problems.count} problem(s)` : 'aborted');
    }
  }

  private commit(): void {
    this.open = false;
    if (this.chunked) {
      this.run!.end('done', null); // in the same transaction as the import_runs row
      this.commitChunk();
      discardUndo(this.db.$client, this.run!.key);
      return;
    }
    if (this.savepoint) releaseSavepoint(this.db.$client, SAVEPOINT);
    else commit(this.db.$client);
  }

  progress(): ImportProgress {
    return { done: this.rows, total: this.total, elapsedMs: performance.now() - this.started };
  }

  private tick(): void {
    // An open chunk is closed when it has been held long enough, or at once when the import has failed.
    if (this.chunkSince !== null && (this.rows & 255) === 0) {
      if (this.problems.count > 0) this.abandonChunk();
      else if (performance.now() - this.chunkSince >= CHUNK_HOLD_MS) this.commitChunk();
    }
    if ((this.rows & 4095) !== 0 || !this.opts.onProgress) return;
    const t = performance.now();
    if (t - this.lastProgress < (this.opts.progressIntervalMs ?? PROGRESS_EVERY_MS)) return;
    this.lastProgress = t;
    if (this.chunkSince !== null) this.commitChunk(); // what progress reports as done is committed
    this.opts.onProgress(this.progress());
  }

  private commitChunk(): void {
    this.journal!.flush();
    commit(this.db.$client);
    this.chunkSince = null;
  }

  /** Roll back the open chunk (the import failed; earlier chunks are undone from the journal). */
  private abandonChunk(): void {
    this.journal!.dropPending();
    rollbackIfOpen(this.db.$client);
    this.chunkSince = null;
  }

  private fieldProblem(field: string, message: string, value?: unknown): void {
    const failed = (this.current.failed ??= new Set());
    if (failed.has(field)) return;
    failed.add(field);
    const suffix = value === undefined ? '' : ` (got ${shown(value)})`;
    this.problems.row(this.current.n, this.labelOf.get(field) ?? field, `${message}${suffix}`);
  }

  private checkUnknownKeys(rec: Record<string, unknown>, n: number): void {
    for (const k of this.plan.unknownKeys(rec)) {
      if (this.reportedUnknown.has(k)) continue; // once per key, not once per record
      this.reportedUnknown.add(k);
      this.problems.row(n, k, `unknown column for ${this.kind.kind}; rename it in a mapping file or list it under ignore:`);
    }
  }

  /** Per-field parse: lookups, value maps, defaults, then the field type. */
  private convert(rec: RawRecord): Row {
    const row: Row = {};
    for (const f of this.plan.fields) {
      let raw: unknown;
      try {
        raw = f.get(rec);
      } catch (e) {
        if (!(e instanceof CellProblem)) throw e;
        this.fieldProblem(f.name, e.message);
        continue;
      }
      if (raw === undefined) {
        if (f.spec.required && !f.aggregate) this.fieldProblem(f.name, 'is required but missing');
        continue;
      }
      if (raw === null || (typeof raw === 'string' && raw.trim() === '')) {
        if (f.spec.required && !f.aggregate) this.fieldProblem(f.name, 'is required but empty');
        else if (f.spec.nullable && !f.aggregate) row[f.name] = null;
        continue;
      }
      try {
        row[f.name] = f.convert(raw);
      } catch (e) {
        if (!(e instanceof CellProblem)) throw e;
        this.fieldProblem(f.name, e.message, raw);
      }
    }
    return row;
  }

  /** Kind finalize, references, key uniqueness; then queue the write while the import is clean. */
  private accept(row: Row, n: number, aggregated = false): void {
    // Single values were validated as they were parsed; aggregated rows get the whole zod row schema.
    if (aggregated) {
      const res = this.schema.safeParse(row);
      if (!res.success) {
        for (const issue of res.error.issues) {
          const field = String(issue.path[0] ?? '');
          this.fieldProblem(field, issue.message, row[field]);
        }
      }
    }
    if (!this.current.failed) this.kind.finalize?.(row, this.ctx);
    if (this.current.failed) return;
    const ref = this.kind.accountRef;
    if (ref && !this.accounts.has(row[ref] as string)) {
      this.fieldProblem(ref, `no account "${row[ref]}" (import accounts first, or use snapshot to create them)`);
      return;
    }
    if (!aggregated) {
      const kv = this.keyValues;
      for (let i = 0; i < kv.length; i++) kv[i] = row[this.keyParts[i]];
      if (!this.seenKeys.add(kv)) {
        const what = this.keyParts.map((k) => `${k}=${row[k]}`).join(', ');
        this.fieldProblem(this.keyParts[0], `duplicate ${this.kind.noun} (${what}) already appears earlier in this file`);
        return;
      }
    }
    // Only kinds with requiredOnInsert (single key) ask whether a row is new; others let the upsert find out.
    const key = this.kind.requiredOnInsert ? String(row[this.keyParts[0]]) : '';
    const isNew = this.hooks.isNew ? this.hooks.isNew(key) : true;
    if (isNew && this.kind.requiredOnInsert) {
      const missing = this.kind.requiredOnInsert.filter((f) => row[f] === undefined || row[f] === null);
      if (missing.length) {
        const keyField = this.keyParts[0];
        this.problems.row(n, this.labelOf.get(keyField) ?? keyField, `${key} is a new ${this.kind.noun}; ${missing.join(' and ')} required to create it`);
        return;
      }
    }
    this.hooks.accepted?.(row, n);
    if (this.problems.count > 0) return; // the import will roll back: stop writing, keep validating
    this.batch.push({ row, n, exists: !isNew && this.kind.requiredOnInsert !== undefined });
    if (this.batch.length >= BATCH) this.flush();
  }

  /**
   * Write the pending batch. Batching keeps SQLite's working set hot across consecutive inserts
   * instead of interleaving every insert with CSV parsing (measurably faster on big files).
   */
  private flush(): void {
    const batch = this.batch;
    this.batch = [];
    if (this.problems.count > 0 || batch.length === 0) return;
    if (!this.chunked) {
      this.writeBatch(batch);
      return;
    }
    // Chunks are short transactions with their undo entries inside; tick() commits them (CHUNK_HOLD_MS).
    if (this.chunkSince === null) {
      beginImmediate(this.db.$client);
      this.chunkSince = performance.now();
    }
    try {
      this.writeBatch(batch);
    } catch (e) {
      this.abandonChunk();
      throw e;
    }
    if (this.problems.count > 0) this.abandonChunk();
  }

  private writeBatch(batch: { row: Row; n: number; exists: boolean }[]): void {
    for (const b of batch) {
      try {
        this.counts[this.write(b.row, b.exists)]++;
      } catch (e) {
        // e.g. a Slack id already used by another team member: a row problem, not a crash.
        if (!String((e as { code?: string }).code).startsWith('SQLITE_CONSTRAINT')) throw e;
        this.problems.row(b.n, undefined, `cannot be stored: ${(e as Error).message}`);
        return;
      }
    }
    this.hooks.afterBatch?.(batch.map((b) => b.row));
  }

  private readonly upsert = (row: Row, exists: boolean): WriteOutcome => this.writer.write(row, this.stamp, exists);

  private write(row: Row, exists: boolean): WriteOutcome {
    return this.hooks.write ? this.hooks.write(row, exists, this.upsert) : this.upsert(row, exists);
  }

  private keyOf(row: Row): string {
    const k = this.keyParts;
    return k.length === 1 ? String(row[k[0]]) : k.map((p) => String(row[p])).join('\u0001');
  }

  private aggregateOf(field: string): Aggregate {
    return (this.plan.fields.find((f) => f.name === field) as PlannedField).aggregate as Aggregate;
  }

  /** Aggregating mappings: fold rows sharing a natural key; validated and written in finish(). */
  private fold(row: Row, n: number): void {
    if (this.current.failed) return;
    for (const k of this.keyParts) {
      if (row[k] === undefined || row[k] === null) {
        this.fieldProblem(k, 'is needed in every row to aggregate on');
        return;
      }
    }
    const key = this.keyOf(row);
    let g = this.groups.get(key);
    if (!g) {
      g = { n, row: {}, acc: new Map() };
      this.groups.set(key, g);
    } else this.merged++;
    for (const f of this.plan.fields) {
      const val = row[f.name];
      if (!f.aggregate) {
        if (g.row[f.name] === undefined) g.row[f.name] = val; // non-aggregated fields: first value wins
        continue;
      }
      if (f.aggregate === 'first' || f.aggregate === 'last') {
        if (val !== undefined && (f.aggregate === 'last' || g.row[f.name] === undefined)) g.row[f.name] = val;
        continue;
      }
      let a = g.acc.get(f.name);
      if (!a) {
        a = { count: 0, sum: 0, min: Infinity, max: -Infinity };
        g.acc.set(f.name, a);
      }
      if (f.aggregate === 'count') a.count++;
      else if (val === undefined || val === null) continue;
      else if (f.aggregate === 'count_distinct') (a.distinct ??= new Set()).add(String(val));
      else {
        const x = val as number;
        a.count++;
        a.sum += x;
        if (x < a.min) a.min = x;
        if (x > a.max) a.max = x;
      }
    }
  }
}

function aggregateValue(agg: Aggregate, a: { count: number; sum: number; min: number; max: number; distinct?: Set<string> }): unknown {
  switch (agg) {
    case 'count':
      return a.count;
    case 'count_distinct':
      return a.distinct?.size ?? 0;
    case 'sum':
      return a.count ? a.sum : undefined;
    case 'min':
      return a.count ? a.min : undefined;
    case 'max':
      return a.count ? a.max : undefined;
    default:
      return undefined;
  }
}
