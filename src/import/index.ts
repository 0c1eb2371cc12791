/**
 * Data import: CSV / JSON / JSON-lines files and in-memory records (HTTP ingest) into the tables of
 * one kind, with upsert on natural keys, all-or-nothing per file, and a report of every problem.
 * Both entry points are synchronous on purpose: the whole import is one SQLite transaction, and
 * no other async work on the same connection may interleave with it (see session.ts).
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, extname } from 'node:path';
import type { Db } from '../../db';
import { UserError } from '../lib/errors';
import { KINDS } from './kinds';
import type { ImportKind } from './kind';
import { compilePlan } from './plan';
import { Problems, failure } from './problems';
import { ImportSession } from './session';
import { countCsvRecords, readCsv } from './sources/csv';
import { InvalidUtf8Error, JsonShapeError, readJsonArray, readJsonLines, tooDeepField, tooDeepMessage } from './sources/json';
import { invalidUtf8Message } from './sources/utf8';
import { shown } from './problems';
import type { ImportFailure, ImportOptions, ImportOutcome, RowUnit } from './types';

export { IMPORT_KINDS, type ImportKind } from './kind';
export { loadMapping, parseMapping, type Mapping } from './mapping';
export { slugify, nameFromSlug } from './cells';
export type * from './types';

export type FileFormat = 'csv' | 'json' | 'jsonl';

export function formatOf(path: string): FileFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.json') return 'json';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  throw new UserError('IMPORT_FORMAT', `${path}: unsupported file type "${ext || '(none)'}" (use .csv, .json, .jsonl or .ndjson)`);
}

function checkKind(kind: string, opts: ImportOptions): ImportKind {
  if (!Object.hasOwn(KINDS, kind)) throw new UserError('IMPORT_KIND', `unknown import kind "${kind}" (use one of ${Object.keys(KINDS).join(', ')})`);
  if (opts.mapping?.kind && opts.mapping.kind !== kind) {
    throw new UserError('IMPORT_MAPPING_KIND', `the mapping file is for "${opts.mapping.kind}" but you are importing "${kind}"`);
  }
  return kind as ImportKind;
}

/**
 * Import in-memory records (objects keyed by column name), e.g. from an HTTP JSON ingest.
 * Same validation, upsert and outcome as a file; records are numbered from 1 in problems.
 */
export function importRecords(db: Db, kind: ImportKind, records: readonly Record<string, unknown>[], opts: ImportOptions = {}): ImportOutcome {
  const k = checkKind(kind, opts);
  return runObjects(db, k, { ...opts, source: opts.source ?? 'records' }, 'record', (push) => records.forEach((r, i) => push(r, i + 1)), records.length);
}

function runObjects(
  db: Db,
  kind: ImportKind,
  opts: ImportOptions,
  unit: RowUnit,
  each: (push: (rec: unknown, n: number) => void, fail: (n: number, message: string, column?: string) => void) => void,
  total: number | null,
): ImportOutcome {
  const plan = compilePlan(KINDS[kind], opts.mapping, { header: null, baseDir: opts.baseDir ?? process.cwd() });
  const session = new ImportSession(db, KINDS[kind], plan, opts, unit);
  session.total = total;
  session.begin();
  try {
    each(
      (rec, n) => {
        if (rec === null || typeof rec !== 'object' || Array.isArray(rec)) return session.fail({ n }, 'is not a JSON object');
        const deep = tooDeepField(rec as Record<string, unknown>);
        if (deep !== null) session.fail({ n }, tooDeepMessage(), deep);
        else session.push(rec as Record<string, unknown>, n);
      },
      (n, message, column) => session.fail({ n }, message, column),
    );
  } catch (e) {
    session.rollback();
    throw e;
  }
  return session.finish();
}

/** Import a .csv, .json (array of objects) or .jsonl / .ndjson file. */
export function importFile(db: Db, kind: ImportKind, path: string, opts: ImportOptions = {}): ImportOutcome {
  const k = checkKind(kind, opts);
  const format = formatOf(path);
  if (!existsSync(path)) throw new UserError('IMPORT_NOT_FOUND', `${path}: no such file`);
  const o: ImportOptions = { ...opts, source: opts.source ?? path, baseDir: opts.baseDir ?? dirname(path) };
  const source = o.source as string;
  if (statSync(path).size === 0) {
    const p = new Problems('row');
    p.file('file is empty');
    return failure(k, source, p);
  }
  if (format === 'json') {
    let records: unknown[];
    try {
      records = readJsonArray(path);
    } catch (e) {
      const p = new Problems('record');
      if (e instanceof InvalidUtf8Error) {
        for (const b of e.places) {
          if (b.n === undefined) p.file(invalidUtf8Message(b.byteOffset));
          else p.row(b.n, b.field, invalidUtf8Message(b.byteOffset));
        }
      } else if (e instanceof JsonShapeError) p.file(e.message);
      else throw e;
      return failure(k, source, p);
    }
    if (records.length === 0) {
      const p = new Problems('record');
      p.file('file is empty (no records)');
      return failure(k, source, p);
    }
    return runObjects(db, k, o, 'record', (push) => records.forEach((r, i) => push(r, i + 1)), records.length);
  }
  if (format === 'jsonl') {
    return runObjects(
      db,
      k,
      o,
      'line',
      (push, fail) =>
        readJsonLines(
          path,
          (text, line) => {
            let rec: unknown;
            try {
              rec = JSON.parse(text);
            } catch (e) {
              fail(line, `not valid JSON: ${(e as Error).message}`);
              return;
            }
            push(rec, line);
          },
          (b) => fail(b.n as number, invalidUtf8Message(b.byteOffset), b.field),
        ),
      null,
    );
  }
  return importCsv(db, k, path, o, source);
}

function importCsv(db: Db, kind: ImportKind, path: string, opts: ImportOptions, source: string): ImportOutcome {
  const spec = KINDS[kind];
  let session: ImportSession | null = null;
  let headerLength = 0;
  let headerFailure: ImportFailure | null = null;
  let header: string[] = [];
  const stop = new Error('stop');
  const badUtf8 = new Map<number, number>(); // record index -> offset of its first invalid byte
  /** The problem for a record holding invalid UTF-8: the field is the one the decoder patched with U+FFFD. */
  const utf8Problem = (record: string[], offset: number) => {
    const i = record.findIndex((f) => f.includes('\uFFFD'));
    return {
      column: i >= 0 ? (header[i] ?? `field ${i + 1}`) : undefined,
      message: `${invalidUtf8Message(offset)}${i >= 0 ? ` (got ${shown(record[i])})` : ''}`,
    };
  };
  try {
    readCsv(
      path,
      (record, index) => {
        const bad = badUtf8.get(index);
        badUtf8.delete(index);
        if (index === 0) {
          header = record.map((h) => h.trim());
          if (bad !== undefined) {
            const p = new Problems('row');
            const u = utf8Problem(record, bad);
            p.header(u.column, u.message);
            headerFailure = failure(kind, source, p);
            throw stop;
          }
          const plan = compilePlan(spec, opts.mapping, { header, baseDir: opts.baseDir as string });
          if (plan.headerProblems.length) {
            const p = new Problems('row');
            for (const h of plan.headerProblems) p.header(h.column, h.message);
            headerFailure = failure(kind, source, p);
            throw stop; // no point reading rows against a header we cannot use
          }
          headerLength = record.length;
          session = new ImportSession(db, spec, plan, opts, 'row');
          // A second pass over the file, only worth it when someone shows progress as "n of total".
          if (opts.onProgress) session.total = countCsvRecords(path);
          session.begin();
          return;
        }
        const s = session as unknown as ImportSession;
        if (bad !== undefined) {
          const u = utf8Problem(record, bad);
          s.fail({ n: index }, u.message, u.column);
          return;
        }
        if (record.length !== headerLength) {
          s.fail({ n: index }, `has ${record.length} fields but the header has ${headerLength} (unquoted comma or missing quote?)`);
          return;
        }
        s.push(record, index);
      },
      (index, offset) => {
        if (!badUtf8.has(index)) badUtf8.set(index, offset);
      },
    );
  } catch (e) {
    if (e !== stop) {
      const s = session as ImportSession | null;
      const csvError = e instanceof Error && 'code' in e && String(e.code).startsWith('CSV_');
      if (!csvError) {
        s?.rollback();
        throw e;
      }
      if (!s) {
        const p = new Problems('row');
        p.file(`CSV syntax error: ${(e as Error).message}`);
        return failure(kind, source, p);
      }
      s.fail('file', `CSV syntax error: ${(e as Error).message}`);
    }
  }
  if (headerFailure) return headerFailure;
  // Invalid bytes in a record the parser never finished (e.g. it ended in a syntax error).
  for (const [index, offset] of badUtf8) (session as ImportSession | null)?.fail({ n: index }, invalidUtf8Message(offset));
  if (!session) {
    const p = new Problems('row');
    p.file('file is empty (no header row)');
    return failure(kind, source, p);
  }
  return (session as ImportSession).finish();
}
