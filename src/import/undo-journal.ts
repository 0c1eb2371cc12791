/**
 * The import_undo table's owner. An import that commits chunk by chunk (so it never holds the write lock
 * for its whole file) records, inside each chunk's transaction, what the chunk did: the rowid ranges it
 * inserted and the old values of rows it changed. Undoing replays that backwards in short transactions,
 * which keeps a failed or interrupted file all or nothing.
 */
import type Database from 'better-sqlite3';

/** Entries undone or discarded per transaction: keeps each lock hold short. */
const UNDO_CHUNK = 500;

export interface RowJournal {
  inserted(rowid: number): void;
  updated(rowid: number, old: Record<string, unknown>): void;
}

export class UndoJournal {
  private range: { tbl: string; from: number; to: number } | null = null;
  private readonly insertRange: Database.Statement;
  private readonly insertRow: Database.Statement;

  constructor(
    client: Database.Database,
    readonly runKey: string,
  ) {
    this.insertRange = client.prepare('insert into import_undo (run_key, tbl, from_rowid, to_rowid) values (?, ?, ?, ?)');
    this.insertRow = client.prepare('insert into import_undo (run_key, tbl, row_id, old) values (?, ?, ?, ?)');
  }

  /** The journal of one table's writes. */
  for(tbl: string): RowJournal {
    return {
      inserted: (rowid) => {
        const r = this.range;
        // Inserts in one transaction get consecutive rowids: one entry per run, not per row.
        if (r && r.tbl === tbl && rowid === r.to + 1) r.to = rowid;
        else {
          this.flush();
          this.range = { tbl, from: rowid, to: rowid };
        }
      },
      updated: (rowid, old) => this.insertRow.run(this.runKey, tbl, rowid, JSON.stringify(old)),
    };
  }

  /** Write the pending rowid range; call before each chunk's COMMIT. */
  flush(): void {
    const r = this.range;
    if (r) this.insertRange.run(this.runKey, r.tbl, r.from, r.to);
    this.range = null;
  }

  /** Forget the pending range (its chunk was rolled back). */
  dropPending(): void {
    this.range = null;
  }
}

const QUOTE = (c: string) => `"${c.replace(/"/g, '""')}"`;

/** Undo everything run `runKey` recorded, newest first, in short transactions; returns entries undone. */
export function undoImport(client: Database.Database, runKey: string): number {
  const next = client.prepare('select id, tbl, from_rowid, to_rowid, row_id, old from import_undo where run_key = ? order by id desc limit ?');
  const drop = client.prepare('delete from import_undo where id = ?');
  // One statement per table and column set, not one per journal entry (an undo can replay a million entries).
  const prepared = new Map<string, Database.Statement>();
  const prep = (sql: string) => prepared.get(sql) ?? prepared.set(sql, client.prepare(sql)).get(sql)!;
  let undone = 0;
  for (;;) {
    const done = client
      .transaction(() => {
        const rows = next.all(runKey, UNDO_CHUNK) as {
          id: number;
          tbl: string;
          from_rowid: number | null;
          to_rowid: number | null;
          row_id: number | null;
          old: string | null;
        }[];
        for (const e of rows) {
          if (e.from_rowid !== null) prep(`delete from ${QUOTE(e.tbl)} where rowid between ? and ?`).run(e.from_rowid, e.to_rowid);
          else {
            const old = JSON.parse(e.old ?? '{}') as Record<string, unknown>;
            const cols = Object.keys(old);
            if (cols.length)
              prep(`update ${QUOTE(e.tbl)} set ${cols.map((c) => `${QUOTE(c)} = ?`).join(', ')} where rowid = ?`).run(...cols.map((c) => old[c]), e.row_id);
          }
          drop.run(e.id);
        }
        return rows.length;
      })
      .immediate();
    undone += done;
    if (done < UNDO_CHUNK) return undone;
  }
}

/** Drop a finished run's journal, in short transactions. */
export function discardUndo(client: Database.Database, runKey: string): void {
  const drop = client.prepare('delete from import_undo where id in (select id from import_undo where run_key = ? limit ?)');
  while (client.transaction(() => drop.run(runKey, UNDO_CHUNK * 20).changes).immediate() === UNDO_CHUNK * 20) {
    // keep going: each pass is its own short transaction
  }
}
