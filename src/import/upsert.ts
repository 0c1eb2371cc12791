/**
 * Upsert on a natural key that can tell inserted / updated / unchanged apart, with prepared
 * statements cached per set of provided columns. Only provided columns are written, so a file
 * that lacks a column never wipes what another import stored there.
 */
import type Database from 'better-sqlite3';
import type { RowJournal } from './undo-journal';

export const INSERTED = 0;
export const UPDATED = 1;
export const UNCHANGED = 2;
export type WriteOutcome = typeof INSERTED | typeof UPDATED | typeof UNCHANGED;

export interface ColumnBinding {
  field: string;
  column: string;
}

interface Statements {
  fields: string[];
  nonKeyFields: string[];
  insert: Database.Statement;
  insertParams: unknown[];
  update: Database.Statement | null;
  /** old values of the updated columns, for the undo journal (only when journaling) */
  before: Database.Statement | null;
}

export class RowWriter {
  private readonly cache = new Map<number, Statements>();
  private readonly keyFields: string[];

  constructor(
    private readonly client: Database.Database,
    private readonly table: string,
    private readonly columns: ColumnBinding[],
    keyFields: string[],
    /** Column stamped with the write time on insert and on real change (e.g. updated_at). */
    private readonly stampColumn?: string,
    /** when set, every insert and real update is recorded here (chunked imports) */
    private readonly journal?: RowJournal,
  ) {
    this.keyFields = keyFields;
    for (const k of keyFields) {
      if (!columns.some((c) => c.field === k)) throw new Error(`key field ${k} has no column in ${table}`);
    }
  }

  /**
   * Write one row (field name -> value; undefined = not provided). Key fields must be present.
   * `exists`: the caller knows the key is already stored (go straight to the update).
   */
  write(row: Record<string, unknown>, stamp?: string, exists = false): WriteOutcome {
    let mask = 0;
    for (let i = 0; i < this.columns.length; i++) if (row[this.columns[i].field] !== undefined) mask |= 1 << i;
    const st = this.cache.get(mask) ?? this.prepare(mask);
    const p = st.insertParams; // reused per statement: this runs once per imported row
    for (let i = 0; i < st.fields.length; i++) p[i] = bindable(row[st.fields[i]]);
    if (this.stampColumn) p[st.fields.length] = stamp;
    // Known rows skip the insert: a partial row would fail NOT NULL checks before ON CONFLICT applies.
    if (!exists) {
      const ins = st.insert.run(p);
      if (ins.changes === 1) {
        this.journal?.inserted(Number(ins.lastInsertRowid));
        return INSERTED;
      }
    }
    if (!st.update) return UNCHANGED;
    const nonKey = st.nonKeyFields.map((f) => bindable(row[f]));
    const keys = this.keyFields.map((f) => bindable(row[f]));
    const params = this.stampColumn ? [...nonKey, stamp, ...keys, ...nonKey] : [...nonKey, ...keys, ...nonKey];
    const old = st.before ? (st.before.get(keys) as ({ _rowid: number } & Record<string, unknown>) | undefined) : undefined;
    if (st.update.run(params).changes !== 1) return UNCHANGED;
    if (old) {
      const { _rowid, ...values } = old;
      this.journal?.updated(_rowid, values);
    }
    return UPDATED;
  }

  private prepare(mask: number): Statements {
    const bound = this.columns.filter((_, i) => mask & (1 << i));
    const fields = bound.map((c) => c.field);
    const colOf = new Map(this.columns.map((c) => [c.field, c.column]));
    const cols = bound.map((c) => c.column);
    const keyCols = this.keyFields.map((f) => colOf.get(f) as string);
    const nonKey = bound.filter((c) => !this.keyFields.includes(c.field));
    const q = (c: string) => `"${c}"`;
    const insertCols = this.stampColumn ? [...cols, this.stampColumn] : cols;
    const insert = this.client.prepare(
      `INSERT INTO ${q(this.table)} (${insertCols.map(q).join(', ')}) VALUES (${insertCols.map(() => '?').join(', ')}) ` +
        `ON CONFLICT (${keyCols.map(q).join(', ')}) DO NOTHING`,
    );
    let update: Database.Statement | null = null;
    if (nonKey.length) {
      const sets = nonKey.map((c) => `${q(c.column)} = ?`);
      if (this.stampColumn) sets.push(`${q(this.stampColumn)} = ?`);
      update = this.client.prepare(
        `UPDATE ${q(this.table)} SET ${sets.join(', ')} WHERE ${keyCols.map((c) => `${q(c)} = ?`).join(' AND ')} ` +
          `AND (${nonKey.map((c) => `${q(c.column)} IS NOT ?`).join(' OR ')})`,
      );
    }
    let before: Database.Statement | null = null;
    if (update && this.journal) {
      const oldCols = this.stampColumn ? [...nonKey.map((c) => c.column), this.stampColumn] : nonKey.map((c) => c.column);
      before = this.client.prepare(
        `SELECT rowid AS _rowid, ${oldCols.map(q).join(', ')} FROM ${q(this.table)} WHERE ${keyCols.map((c) => `${q(c)} = ?`).join(' AND ')}`,
      );
    }
    const st = { fields, nonKeyFields: nonKey.map((c) => c.field), insert, insertParams: new Array(insertCols.length), update, before };
    this.cache.set(mask, st);
    return st;
  }
}

/** better-sqlite3 binds numbers, strings, bigints, buffers and null; booleans become 0/1. */
function bindable(v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v;
}
