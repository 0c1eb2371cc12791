/** Data the runtime scenarios share: a demo database template, copied per trial, and alert bookkeeping checks. */
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type Db, closeDb, createDb } from '../../db';
import { parseConfig } from '../../src/config/load';
import { generateDemo } from '../../src/demo/generate';

/** The scenarios' "now": a Monday 10:00 UTC, so the day never depends on when chaos runs. */
export const CHAOS_NOW = '2026-11-23T10:00:00Z';
export const CHAOS_TODAY = '2026-11-23';
/** The config the service child runs with (see service-child.ts); reference runs use the same. */
export const chaosConfig = () =>
  parseConfig({
    alerts: { workingHours: { enabled: false }, escalationChannel: 'CESCALATE' },
    digests: { leadershipChannel: 'CLEADERS' },
    delivery: { perChannelIntervalMs: 0 },
  });

/** A demo database of `accounts` accounts at `dir/template-<accounts>.db` (built once per size and seed). */
export function demoTemplate(dir: string, accounts: number, seed: number): string {
  const file = join(dir, `template-${accounts}-${seed}.db`);
  if (existsSync(file)) return file;
  const db = createDb(file);
  generateDemo(db, { accounts, today: CHAOS_TODAY, seed });
  db.$client.pragma('wal_checkpoint(TRUNCATE)');
  closeDb(db);
  return file;
}

/** A fresh copy of the template for one trial (any files of a previous trial at that path removed). */
export function trialCopy(template: string, file: string): Db {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-inbox`, `${file}-inbox-wal`, `${file}-inbox-shm`]) rmSync(f, { force: true });
  copyFileSync(template, file);
  return createDb(file);
}

/** Alerts by (account:rule) → how many rows, and 'opened' events per alert. */
export function alertKeys(db: Db): Map<string, number> {
  const rows = db.$client.prepare("select account_id || ':' || rule k, count(*) n from alerts group by k").all() as { k: string; n: number }[];
  return new Map(rows.map((r) => [r.k, r.n]));
}

export function count(db: Db, sql: string, ...params: unknown[]): number {
  return (db.$client.prepare(sql).get(...params) as { n: number }).n;
}
