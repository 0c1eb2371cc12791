/** What each importable kind declares: its fields (with zod value schemas), natural key and target table. */
import type Database from 'better-sqlite3';
import { z } from 'zod';
import type { FieldType } from './cells';
import type { WriteOutcome } from './upsert';
import { count } from '../domain/format';

export const IMPORT_KINDS = ['accounts', 'team', 'usage', 'tickets', 'nps', 'revenue', 'signals', 'snapshot'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export interface FieldSpec {
  type: FieldType;
  /** DB column in the kind's table; null for virtual fields that finalize() turns into others (e.g. mrr). */
  column: string | null;
  /** Every row must carry a value. */
  required?: boolean;
  /** An empty cell stores NULL. Otherwise an empty cell means "not provided": keep the stored value. */
  nullable?: boolean;
  /** Other header names accepted without a mapping file. */
  aliases?: string[];
  /** Checks on the converted value (ranges, enums); messages are shown to the user as is. */
  schema: z.ZodType;
}

/** One converted row: field name -> value; undefined = not provided, null = cleared. */
export type Row = Record<string, unknown>;

export interface FinalizeContext {
  now: Date;
  /** Today in the configured time zone (YYYY-MM-DD), for defaults such as snapshot as_of. */
  today: string;
  /** Report a problem on a field of the current row. */
  problem(field: string, message: string): void;
}

export interface KindSpec {
  kind: ImportKind;
  /** Human label for messages: "account", "ticket" … */
  noun: string;
  table: string;
  fields: Record<string, FieldSpec>;
  /** Field names forming the natural key (after finalize, so derived ids count). */
  key: string[];
  /** Field that must name an account already in the database (non-account kinds). */
  accountRef?: string;
  /** Table has an updated_at column to stamp on insert and on real change. */
  updatedAt?: boolean;
  /** Columns NOT NULL without a default: needed when the row creates a new entity. */
  requiredOnInsert?: string[];
  /** Derive and cross-check fields after per-field validation (ARR from MRR, default ids, signs). */
  finalize?(row: Row, ctx: FinalizeContext): void;
  /**
   * Commit chunk by chunk with an undo journal (plain fact tables: no triggers, no cross-row checks), so a big file
   * never holds the write lock for long. Other kinds run in one transaction.
   */
  chunked?: boolean;
  /** The import keeps the set of stored account ids (HookEnv.accounts): references are checked against it. */
  needsAccounts?: boolean;
  /** The kind's special behaviour during one import (state lives in the returned object): see ImportHooks. */
  hooks?(env: HookEnv): ImportHooks;
  /**
   * An import of this kind was taken back from its undo journal after chunks had committed (it failed mid-file, or
   * a crash was recovered): rebuild anything maintained from its rows. Runs on the importing connection.
   */
  onUndo?(client: Database.Database): void;
}

/** What an import gives its kind's hooks. */
export interface HookEnv {
  client: Database.Database;
  /** write time of this import (ISO) */
  stamp: string;
  /** stored account ids, kept up to date as the import creates accounts (with needsAccounts) */
  accounts: Set<string>;
  /** report a problem on row n (field by name; the file's column label is shown) */
  problem(n: number, field: string | undefined, message: string): void;
  /** the import created an account (counted in the outcome) */
  accountCreated(): void;
}

/**
 * Hook points of an import, in the order they run. All optional; a kind without hooks is a plain upsert.
 * - begin: inside the import's transaction, before any row (load what the checks need);
 * - isNew: for kinds with requiredOnInsert, whether a row's key creates a new entity (default: always);
 * - accepted: a row passed every check and is queued for writing;
 * - write: write one row instead of the kind's own upsert (`upsert` is that default);
 * - afterBatch: rows just written, in the same transaction (a chunk's, for chunked kinds): maintain derived state
 *   here, and it commits or rolls back with them;
 * - check: every row was read: cross-row checks before anything is committed.
 */
export interface ImportHooks {
  begin?(): void;
  isNew?(key: string): boolean;
  accepted?(row: Row, n: number): void;
  write?(row: Row, exists: boolean, upsert: (row: Row, exists: boolean) => WriteOutcome): WriteOutcome;
  afterBatch?(rows: readonly Row[]): void;
  check?(): void;
}

/** Largest money amount accepted (ARR, MRR, revenue deltas, either sign): a trillion. */
export const MAX_MONEY = 1e12;
/** Largest count accepted (logins, seats, tickets, events …): a billion. */
export const MAX_COUNT = 1e9;

const fmt = count;

// Value schemas shared by the kinds. Messages read as the tail of "column "x": …".
export const v = {
  text: () => z.string().max(10_000, 'is longer than 10,000 characters'),
  slug: () => z.string().min(1).max(200, 'is longer than 200 characters'),
  email: () => z.string(),
  day: () => z.string(),
  instant: () => z.string(),
  bool: () => z.boolean(),
  count: () =>
    z
      .number()
      .int('must be a whole number')
      .min(0, 'must not be negative')
      .max(MAX_COUNT, `must be at most ${fmt(MAX_COUNT)}`),
  money: () =>
    z
      .number()
      .min(0, 'must not be negative')
      .max(MAX_MONEY, `must be at most ${fmt(MAX_MONEY)}`),
  /** A whole number on a closed scale, e.g. NPS 0–10 or CSAT 1–5. */
  scale: (lo: number, hi: number, label: string) => {
    const msg = `${label} must be between ${lo} and ${hi}`;
    return z.number().int('must be a whole number').min(lo, msg).max(hi, msg);
  },
  signedMoney: () =>
    z
      .number()
      .min(-MAX_MONEY, `must be between -${fmt(MAX_MONEY)} and ${fmt(MAX_MONEY)}`)
      .max(MAX_MONEY, `must be between -${fmt(MAX_MONEY)} and ${fmt(MAX_MONEY)}`),
  oneOf: <T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: () => `must be one of: ${values.join(', ')}` }),
};

/**
 * ARR is the stored figure; a billing export often has MRR only, so ARR = 12 × MRR when absent, and
 * both given must agree. The derived ARR is held to the same bound as a given one.
 */
export function arrFromMrr(row: Row, ctx: FinalizeContext, arr = 'arr', mrr = 'mrr', mustAgree = true): void {
  const monthly = row[mrr];
  if (typeof monthly !== 'number') return;
  const annual = monthly * 12;
  if (row[arr] === undefined) {
    if (Math.abs(annual) > MAX_MONEY) ctx.problem(mrr, `× 12 is ${fmt(annual)}, above the ARR limit of ${fmt(MAX_MONEY)}`);
    else row[arr] = annual;
  } else if (mustAgree && typeof row[arr] === 'number' && Math.abs(row[arr] - annual) > 0.01) {
    ctx.problem(arr, `is ${row[arr]} but ${mrr} × 12 is ${annual}; give one or make them agree`);
  }
}

/** Row schema for a kind: each field's value schema, optional and nullable as declared. */
export function rowSchema(spec: KindSpec): z.ZodObject {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, f] of Object.entries(spec.fields)) {
    let s: z.ZodType = f.schema;
    if (f.nullable) s = s.nullable();
    shape[name] = s.optional();
  }
  return z.object(shape);
}
