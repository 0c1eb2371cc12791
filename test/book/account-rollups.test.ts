/**
 * account_rollups (per-account revenue to date and last outreach, kept at write time) gives the same books as the
 * per-event definitions: the Home's figures read through the rollup equal the same figures with every account
 * forced onto the per-event path, and equal ARR / live / last touch computed straight from the rows by the
 * domain definitions, as of today and a past day, after imports, a re-import that changes and moves revenue
 * events, an import undone from its journal, logged outreach and the demo writer. The kept table always equals
 * a rebuild from the rows, and the migration's backfill builds the same table. Real SQLite, the real importer.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Db, MIGRATIONS_DIR } from '../../db';
import { rebuildAccountRollups } from '../../src/book/account-rollups';
import { BOOK_FILTERS, bookHome, bookPage, bookSummary, loadBook } from '../../src/book/read-model';
import { ALL, type BookScope } from '../../src/book/scope';
import { generateDemo } from '../../src/demo/generate';
import { arrAsOf, isLiveAccount } from '../../src/domain/live';
import { importRecords } from '../../src/import';
import type { ImportOutcome } from '../../src/import/types';
import { addDays } from '../../src/lib/dates';
import { saveOutreach } from '../../src/outreach/save-outreach';
import { addMember, addScore } from '../metrics/fixtures';
import { testDb } from '../support/db';

const TODAY = '2026-11-20';
const PAST = '2026-08-15';
const CSM: BookScope = { kind: 'owners', emails: ['a@x.io'], slackIds: [] };

/** Everything the App Home and the book lists show, for the VP and one CSM. */
function homeFigures(db: Db, day: string) {
  return [ALL, CSM].map((scope) => ({
    book: loadBook(db, scope, day),
    summary: bookSummary(db, scope, day),
    pages: BOOK_FILTERS.map((f) => bookPage(db, scope, day, f, { offset: 0, limit: 200 })),
    homes: BOOK_FILTERS.map((f) => bookHome(db, scope, day, f, { index: 1, size: 10 })),
  }));
}

/** The same figures with every rollup row made to hold on no day, so each account reads its events. */
function perEventFigures(db: Db, day: string) {
  const c = db.$client;
  c.exec('savepoint per_event');
  try {
    c.exec(`update account_rollups set revenue_last_on = '9999-12-31' where revenue_last_on is not null;
            update account_rollups set last_outreach_at = '9999-12-31T00:00:00.000Z' where last_outreach_at is not null`);
    return homeFigures(db, day);
  } finally {
    c.exec('rollback to per_event; release per_event');
  }
}

/** ARR, liveness and last touch per account straight from the rows, by the domain's definitions. */
function fromRows(db: Db, day: string): Map<string, { arr: number; lastTouchAt: string | null }> {
  const c = db.$client;
  const accounts = c.prepare('select id, arr, lifecycle, coalesce(contract_start, signup_date) start from accounts').all() as {
    id: string;
    arr: number;
    lifecycle: string;
    start: string | null;
  }[];
  const events = c.prepare('select account_id, arr_delta from revenue_events where occurred_on <= ? order by account_id, occurred_on, rowid').all(day) as {
    account_id: string;
    arr_delta: number;
  }[];
  const touches = c.prepare('select account_id, occurred_at from outreach where occurred_at < ?').all(addDays(day, 1)) as {
    account_id: string;
    occurred_at: string;
  }[];
  const revenue = new Map<string, number>();
  for (const e of events) revenue.set(e.account_id, (revenue.get(e.account_id) ?? 0) + e.arr_delta);
  const last = new Map<string, string>();
  for (const t of touches) if ((last.get(t.account_id) ?? '') < t.occurred_at) last.set(t.account_id, t.occurred_at);
  const out = new Map<string, { arr: number; lastTouchAt: string | null }>();
  for (const a of accounts) {
    const f = { arr: a.arr, lifecycle: a.lifecycle, startDay: a.start };
    const rv = revenue.get(a.id) ?? null;
    if (isLiveAccount(f, rv, day)) out.set(a.id, { arr: arrAsOf(f, rv, day), lastTouchAt: last.get(a.id) ?? null });
  }
  return out;
}

const rollupRows = (db: Db) =>
  db.$client.prepare('select * from account_rollups where revenue_last_on is not null or last_outreach_at is not null order by account_id').all();

/** The kept table equals a rebuild; the rollup path equals the per-event path and the definitions, both days. */
function expectBooksAgree(db: Db, days: string[] = [TODAY, PAST]): void {
  const kept = rollupRows(db);
  rebuildAccountRollups(db.$client);
  expect(rollupRows(db)).toEqual(kept);
  for (const day of days) {
    const viaRollup = homeFigures(db, day);
    expect(viaRollup, `as of ${day}`).toEqual(perEventFigures(db, day));
    const truth = fromRows(db, day);
    const book = viaRollup[0].book;
    expect(book.map((r) => r.id).sort(), `live accounts as of ${day}`).toEqual([...truth.keys()].sort());
    for (const r of book) expect({ arr: r.arr, lastTouchAt: r.lastTouchAt }, `${r.id} as of ${day}`).toEqual(truth.get(r.id));
  }
}

function ok(out: ImportOutcome): Extract<ImportOutcome, { ok: true }> {
  if (!out.ok) throw new Error(JSON.stringify(out));
  return out;
}

const revenueOf = (db: Db, id: string) =>
  db.$client.prepare('select * from account_rollups where account_id = ?').get(id) as
    | { revenue_sum: number | null; revenue_last_on: string | null; last_outreach_at: string | null }
    | undefined;
const bookRow = (db: Db, id: string, day: string) => loadBook(db, ALL, day).find((r) => r.id === id);

describe('account_rollups: the book through the rollup equals the per-event book', () => {
  const db = testDb();
  const ids = Array.from({ length: 30 }, (_, i) => `acct-${i}`);

  beforeAll(() => {
    addMember(db, { email: 'a@x.io' });
    addMember(db, { email: 'b@x.io' });
    ok(
      importRecords(
        db,
        'accounts',
        ids.map((id, i) => ({
          account_id: id,
          name: `Account ${i % 7}`,
          owner_email: i % 2 ? 'a@x.io' : 'b@x.io',
          arr: 10_000 + i * 1_000,
          lifecycle: i % 11 === 5 ? 'churned' : 'active',
          contract_start: i % 9 === 4 ? '2026-10-01' : '2024-01-01', // some start between the two days
          renewal_date: addDays(TODAY, (i * 13) % 120),
          segment: i % 3 ? 'Growth' : 'Enterprise',
        })),
      ),
    );
    for (const [i, id] of ids.entries()) if (i % 4) addScore(db, id, TODAY, (i * 17) % 100);
  });

  it('after revenue imports: events before and after the past day, cents, churn and one event dated after today', () => {
    const rows: Record<string, unknown>[] = [];
    for (const [i, id] of ids.entries()) {
      if (i % 5 === 0) continue; // no revenue: current ARR from the start
      rows.push({ event_id: `${id}-new`, account_id: id, occurred_on: '2025-01-10', kind: 'new', arr_delta: 20_000 + i * 0.01 });
      if (i % 2) rows.push({ event_id: `${id}-exp`, account_id: id, occurred_on: '2026-09-01', kind: 'expansion', arr_delta: 1_234.56 });
      if (i % 7 === 3) rows.push({ event_id: `${id}-churn`, account_id: id, occurred_on: '2026-10-15', kind: 'churn', arr_delta: 30_000 });
    }
    rows.push({ event_id: 'acct-1-future', account_id: 'acct-1', occurred_on: '2026-12-01', kind: 'expansion', arr_delta: 5_000 });
    ok(importRecords(db, 'revenue', rows));
    // the future event keeps acct-1's rollup from holding today: its ARR today is its events up to today
    expect(revenueOf(db, 'acct-1')?.revenue_last_on).toBe('2026-12-01');
    expect(bookRow(db, 'acct-1', TODAY)?.arr).toBeCloseTo(20_000.01 + 1_234.56, 6);
    expect(bookRow(db, 'acct-3', PAST)).toBeDefined(); // live before its churn …
    expect(bookRow(db, 'acct-3', TODAY)).toBeUndefined(); // … and not after
    expectBooksAgree(db);
  });

  it('after a re-import that changes an amount, moves a date past today and moves an event to another account', () => {
    const out = ok(
      importRecords(db, 'revenue', [
        { event_id: 'acct-2-new', account_id: 'acct-2', occurred_on: '2025-01-10', kind: 'new', arr_delta: 99_999.99 },
        { event_id: 'acct-3-exp', account_id: 'acct-3', occurred_on: '2026-12-24', kind: 'expansion', arr_delta: 1_234.56 },
        { event_id: 'acct-6-new', account_id: 'acct-5', occurred_on: '2025-01-10', kind: 'new', arr_delta: 20_000.06 },
      ]),
    );
    expect(out.updated).toBe(3);
    expect(revenueOf(db, 'acct-2')?.revenue_sum).toBeCloseTo(99_999.99, 6);
    expect(revenueOf(db, 'acct-6')).toMatchObject({ revenue_sum: null, revenue_last_on: null }); // its only event moved away
    expect(revenueOf(db, 'acct-5')).toMatchObject({ revenue_sum: 20_000.06, revenue_last_on: '2025-01-10' });
    expectBooksAgree(db);
  });

  it('after an import that fails once chunks have committed: undone from its journal, the rollups rebuilt', () => {
    const before = rollupRows(db);
    const many = Array.from({ length: 4_200 }, (_, i) => ({
      event_id: `bulk-${i}`,
      account_id: ids[i % ids.length],
      occurred_on: addDays('2026-01-01', i % 300),
      kind: 'expansion',
      arr_delta: 10 + (i % 13),
    }));
    const changed = { event_id: 'acct-2-new', account_id: 'acct-4', occurred_on: '2025-01-10', kind: 'new', arr_delta: 1 };
    // progress every 4,096 rows commits the open chunk first; the bad last row then fails the whole file
    const out = importRecords(
      db,
      'revenue',
      [changed, ...many, { event_id: 'bad', account_id: 'nobody', occurred_on: '2026-01-01', kind: 'new', arr_delta: 1 }],
      {
        onProgress: () => undefined,
        progressIntervalMs: 0,
      },
    );
    expect(out.ok).toBe(false);
    expect(db.$client.prepare("select count(*) n from revenue_events where id like 'bulk-%'").get()).toEqual({ n: 0 });
    expect(rollupRows(db)).toEqual(before);
    expectBooksAgree(db);
  });

  it('after logged outreach: the newest becomes last touch; one dated after today leaves today on the events', () => {
    const log = (accountId: string, at: string, key?: string) =>
      saveOutreach(db, {
        accountId,
        loggedBy: 'U1',
        type: 'call',
        notes: null,
        outcome: null,
        nextStepOn: null,
        occurredAt: new Date(at),
        idempotencyKey: key ?? null,
      });
    log('acct-1', '2026-07-01T10:00:00.000Z');
    log('acct-1', '2026-11-19T10:00:00.000Z');
    log('acct-1', '2026-06-01T10:00:00.000Z'); // older than what is kept: no change
    log('acct-2', '2026-11-20T23:59:00.000Z'); // late on the day: still the day's last touch
    log('acct-4', '2026-12-02T09:00:00.000Z'); // after today
    log('acct-4', '2026-10-01T09:00:00.000Z');
    expect(log('acct-7', '2026-11-01T09:00:00.000Z', 'view-1').created).toBe(true);
    expect(log('acct-7', '2026-11-18T09:00:00.000Z', 'view-1').created).toBe(false); // a replay records nothing
    expect(revenueOf(db, 'acct-1')?.last_outreach_at).toBe('2026-11-19T10:00:00.000Z');
    expect(revenueOf(db, 'acct-7')?.last_outreach_at).toBe('2026-11-01T09:00:00.000Z');
    expect(bookRow(db, 'acct-4', TODAY)?.lastTouchAt).toBe('2026-10-01T09:00:00.000Z');
    expect(bookRow(db, 'acct-1', PAST)?.lastTouchAt).toBe('2026-07-01T10:00:00.000Z');
    // the no-touch filter agrees with the definitions on both paths
    const untouched = bookPage(db, ALL, TODAY, 'no_touch_30', { offset: 0, limit: 100 }).rows.map((r) => r.id);
    expect(untouched).not.toContain('acct-1');
    expect(untouched).toContain('acct-4');
    expectBooksAgree(db);
  });

  it('an account deleted takes its rollup with it', () => {
    db.$client.prepare("delete from accounts where id = 'acct-9'").run();
    expect(revenueOf(db, 'acct-9')).toBeUndefined();
    expectBooksAgree(db);
  });
});

describe('account_rollups from the demo writer and the migration', () => {
  it('the demo writer leaves the rollups equal to a rebuild, and the books agree', () => {
    const db = testDb();
    generateDemo(db, { accounts: 150, days: 60, seed: 3, today: TODAY });
    expect(rollupRows(db).length).toBeGreaterThan(100);
    expectBooksAgree(db, [TODAY, addDays(TODAY, -200)]);
  });

  it("the migration's backfill builds the same table as rebuildAccountRollups", () => {
    const db = testDb();
    generateDemo(db, { accounts: 60, days: 30, seed: 5, today: TODAY });
    saveOutreach(db, {
      accountId: (db.$client.prepare('select min(id) id from accounts').get() as { id: string }).id,
      loggedBy: 'U1',
      type: 'email',
      notes: null,
      outcome: null,
      nextStepOn: null,
      occurredAt: new Date(`${TODAY}T08:00:00Z`),
    });
    const file = readdirSync(MIGRATIONS_DIR).find((f) => f.endsWith('_account_rollups.sql'))!;
    const backfill = readFileSync(join(MIGRATIONS_DIR, file), 'utf8')
      .split('--> statement-breakpoint')
      .find((s) => s.includes('INSERT INTO'))!;
    rebuildAccountRollups(db.$client);
    const rebuilt = rollupRows(db);
    db.$client.prepare('delete from account_rollups').run();
    db.$client.exec(backfill);
    expect(rollupRows(db)).toEqual(rebuilt);
    expect(rebuilt.some((r) => (r as { last_outreach_at: string | null }).last_outreach_at !== null)).toBe(true);
  });
});
