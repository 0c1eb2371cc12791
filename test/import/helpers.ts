import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { Db } from '../../db';

const dirs: string[] = [];

/** A temp directory removed after each test; write(name, text) puts a file in it and returns the path. */
export function tempFiles(): { dir: string; write(name: string, text: string | Buffer): string } {
  const dir = mkdtempSync(join(tmpdir(), 'bw-import-'));
  dirs.push(dir);
  return {
    dir,
    write(name, text) {
      const p = join(dir, name);
      writeFileSync(p, text);
      return p;
    },
  };
}

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const TABLES = ['accounts', 'team_members', 'usage_daily', 'tickets', 'nps_responses', 'revenue_events', 'signals', 'account_snapshots', 'import_runs'];

/** Every row of every table an import can touch, to prove a failed import changed nothing. */
export function dump(db: Db, opts: { runs?: boolean } = {}): string {
  const tables = opts.runs === false ? TABLES.filter((t) => t !== 'import_runs') : TABLES;
  return JSON.stringify(tables.map((t) => db.$client.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()));
}

export function count(db: Db, table: string): number {
  return (db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

export function row<T = Record<string, unknown>>(db: Db, sql: string, ...params: unknown[]): T {
  return db.$client.prepare(sql).get(...params) as T;
}

export const NOW = new Date('2026-11-20T10:00:00Z');
