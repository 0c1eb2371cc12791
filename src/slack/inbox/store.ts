/**
 * The click inbox: every alert click (and Share in channel) is written here before Slack gets its 200, so a click is never
 * acknowledged and then lost. It is its own SQLite file beside the main database on purpose: a long import
 * or a scoring run holding the main database's write lock cannot make saving a click wait or fail.
 * (An in-memory main database gets an in-memory inbox: tests.)
 */
import Database from 'better-sqlite3';
import type { Db } from '../../../db';
import type { InboxItem } from './items';

export interface SavedClick {
  id: number;
  userId: string;
  click: InboxItem;
  /** when Slack delivered the click: the time the transition is stamped with, on replay too */
  at: string;
  attempts: number;
}

/** The inbox file for a database file: `<db>-inbox`. */
export function inboxPathFor(db: Db): string {
  return db.$client.memory ? ':memory:' : `${db.$client.name}-inbox`;
}

export class ClickInboxStore {
  private readonly sqlite: Database.Database;

  constructor(path: string) {
    this.sqlite = new Database(path);
    this.sqlite.pragma('journal_mode = WAL');
    this.sqlite.pragma('synchronous = FULL'); // a saved click survives power loss, not only a crash
    this.sqlite.pragma('busy_timeout = 1000'); // only this process writes it; a second service would wait briefly
    this.sqlite.exec(`create table if not exists clicks (
      id integer primary key autoincrement,
      user_id text not null,
      click text not null,
      at text not null,
      status text not null default 'pending', -- pending | done | failed
      attempts integer not null default 0,
      error text,
      finished_at text
    );
    create index if not exists clicks_pending on clicks (status) where status = 'pending';`);
  }

  save(userId: string, click: InboxItem, at: Date): number {
    return Number(
      this.sqlite.prepare('insert into clicks (user_id, click, at) values (?, ?, ?)').run(userId, JSON.stringify(click), at.toISOString()).lastInsertRowid,
    );
  }

  attempted(id: number, error: string): void {
    this.sqlite.prepare('update clicks set attempts = attempts + 1, error = ? where id = ?').run(error.slice(0, 500), id);
  }

  finish(id: number, status: 'done' | 'failed', at: Date, error?: string): void {
    this.sqlite
      .prepare('update clicks set status = ?, finished_at = ?, error = ?, attempts = attempts + 1 where id = ?')
      .run(status, at.toISOString(), error?.slice(0, 500) ?? null, id);
  }

  /** Clicks saved and never applied (the process died or the database stayed busy), oldest first. */
  pending(): SavedClick[] {
    return (
      this.sqlite.prepare("select id, user_id, click, at, attempts from clicks where status = 'pending' order by id").all() as {
        id: number;
        user_id: string;
        click: string;
        at: string;
        attempts: number;
      }[]
    ).map((r) => ({
      id: r.id,
      userId: r.user_id,
      click: JSON.parse(r.click) as InboxItem,
      at: r.at,
      attempts: r.attempts,
    }));
  }

  counts(): Record<string, number> {
    const out: Record<string, number> = { pending: 0, done: 0, failed: 0 };
    for (const r of this.sqlite.prepare('select status, count(*) n from clicks group by status').all() as { status: string; n: number }[]) out[r.status] = r.n;
    return out;
  }

  close(): void {
    if (this.sqlite.open) this.sqlite.close();
  }
}
