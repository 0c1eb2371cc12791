/**
 * The App Home's SQL path (bookSummary, bookPage) equals the plain path (summarizeBook, filterBook over loadBook)
 * on a generated book: every filter, segment, page, as of today (latest_scores) and as of a past day (scores
 * written since fall back to health_scores). latest_scores stays equal to a rebuild from health_scores whatever
 * order score rows are written in.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Db, MIGRATIONS_DIR } from '../../db';
import { churnLikelihoods, rankByExpectedArrAtRisk } from '../../src/domain/churn-likelihood';
import { parseConfig } from '../../src/config/load';
import { BOOK_FILTERS, bookHome, bookPage, bookSummary, filterBook, loadBook, summarizeBook } from '../../src/book/read-model';
import { ALL, type BookScope } from '../../src/book/scope';
import { addDays } from '../../src/lib/dates';
import { rebuildLatestScores } from '../../src/scoring/latest';
import { writeScores } from '../../src/scoring/store';
import { addAccount, addAlert, addMember, addOutreach, addRevenue, tierOf } from '../metrics/fixtures';
import { testDb } from '../support/db';

const TODAY = '2026-11-20';

/** Deterministic LCG so every run checks the same book. */
function rng(seed: number) {
  let s = seed;
  return () => (s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

function writeScore(db: Db, accountId: string, asOf: string, score: number) {
  writeScores(db, [{ accountId, asOf, score, tier: tierOf(score), components: {}, drivers: [], coverage: 1, expansion: 0, onboarding: false }]);
}

function seed(): Db {
  const db = testDb();
  const r = rng(7);
  addMember(db, { email: 'a@x.io', slackId: 'UA' });
  addMember(db, { email: 'b@x.io', slackId: 'UB' });
  const names = ['acme', 'Acme', 'beta', 'Beta', 'Zed', 'émile', 'delta'];
  for (let i = 0; i < 120; i++) {
    const id = `acct-${i}`;
    const pick = r();
    addAccount(db, {
      id,
      name: `${names[i % names.length]} ${i % 9}`, // repeated names: the tie-breaks must agree
      arr: [0, 5_000, 20_000, 20_000, 100_000][i % 5],
      ownerEmail: pick < 0.4 ? 'a@x.io' : pick < 0.7 ? null : 'b@x.io',
      ownerSlackId: pick >= 0.4 && pick < 0.55 ? 'UA' : null,
      segment: ['Growth', 'growth', 'Enterprise', null][i % 4],
      renewalDate: i % 3 === 0 ? null : addDays(TODAY, Math.floor(r() * 200) - 20),
      renewalStatus: (['pending', 'pending', 'renewed', 'at_risk'] as const)[i % 4],
      lifecycle: i % 17 === 0 ? 'churned' : 'active',
    });
    if (i % 7 === 0) addRevenue(db, id, '2025-01-01', 'new', 30_000);
    if (i % 14 === 0) addRevenue(db, id, addDays(TODAY, -40), 'churn', -30_000);
    // scores in a shuffled order of days, some accounts never scored, some ties
    const days = [-21, -14, -7, 0].filter(() => r() < 0.8).sort(() => r() - 0.5);
    if (i % 11 !== 0) for (const d of days) writeScore(db, id, addDays(TODAY, d), Math.floor(r() * 10) * 10 + 5);
    if (r() < 0.4) addOutreach(db, id, `${addDays(TODAY, -Math.floor(r() * 60))}T10:00:00.000Z`);
    if (r() < 0.2) addAlert(db, { accountId: id, rule: 'usage_decline', severity: 'high', openedAt: `${TODAY}T01:00:00Z` });
  }
  return db;
}

const db = seed();
const scopes: [string, BookScope][] = [
  ['all', ALL],
  ['a', { kind: 'owners', emails: ['a@x.io'], slackIds: ['UA'] }],
  ['nobody', { kind: 'owners', emails: [], slackIds: [] }],
];

describe('book read model: SQL path equals the plain path', () => {
  for (const asOf of [TODAY, addDays(TODAY, -10)]) {
    for (const [label, scope] of scopes) {
      it(`summary and every filter's pages agree (${label}, as of ${asOf})`, () => {
        const rows = loadBook(db, scope, asOf);
        if (label !== 'nobody') expect(rows.length).toBeGreaterThan(10);
        const sum = bookSummary(db, scope, asOf);
        expect(sum).toEqual(summarizeBook(rows, sum.openAlerts));
        for (const filter of BOOK_FILTERS) {
          for (const segment of [undefined, 'growth']) {
            const plain = filterBook([...rows], filter, asOf, { segment });
            for (const offset of [0, 15, 30]) {
              const page = bookPage(db, scope, asOf, filter, { offset, limit: 15 }, { segment });
              expect(page.total, `${filter} total`).toBe(plain.length);
              expect(page.rows, `${filter} ${segment} @${offset}`).toEqual(plain.slice(offset, offset + 15));
              if (!segment) {
                // the Home's two-pass path: same summary, count and page (a page past the end shows the last)
                const home = bookHome(db, scope, asOf, filter, { index: offset / 15, size: 15 });
                const last = Math.max(0, Math.ceil(plain.length / 15) - 1);
                expect(home.summary).toEqual(sum);
                expect(home.total).toBe(plain.length);
                expect(home.page).toBe(Math.min(offset / 15, last));
                expect(home.rows).toEqual(plain.slice(home.page * 15, home.page * 15 + 15));
              }
            }
          }
        }
      });
    }
  }

  it('ordered by expected ARR at risk (lists showing more than one owner): SQL pages equal the plain order, which is rankByExpectedArrAtRisk with the rest after', () => {
    const table = churnLikelihoods({ run: null, otherConfig: false }, parseConfig({}).churnLikelihood);
    for (const asOf of [TODAY, addDays(TODAY, -10)]) {
      const rows = loadBook(db, ALL, asOf);
      for (const filter of BOOK_FILTERS) {
        const plain = filterBook([...rows], filter, asOf, { expectedRisk: table });
        for (const offset of [0, 15]) {
          const home = bookHome(db, ALL, asOf, filter, { index: offset / 15, size: 15 }, { expectedRisk: table });
          expect(home.rows, `${filter} @${offset}`).toEqual(plain.slice(home.page * 15, home.page * 15 + 15));
        }
      }
      const ranked = rankByExpectedArrAtRisk(
        rows.map((r) => ({ ...r, accountId: r.id })),
        table,
      ).map((r) => r.account.id);
      expect(ranked.length).toBeGreaterThan(10);
      expect(
        filterBook([...rows], 'all', asOf, { expectedRisk: table })
          .slice(0, ranked.length)
          .map((r) => r.id),
      ).toEqual(ranked);
    }
  });

  it('as of a past day, scores written after it are not read', () => {
    const past = addDays(TODAY, -10);
    for (const r of loadBook(db, ALL, past)) if (r.scoreAsOf !== null) expect(r.scoreAsOf <= past).toBe(true);
    // each account's score is its newest at or before the day, straight from health_scores
    const truth = new Map(
      (
        db.$client.prepare('select account_id id, max(as_of) d from health_scores where as_of <= ? group by account_id').all(past) as {
          id: string;
          d: string;
        }[]
      ).map((r) => [r.id, r.d]),
    );
    const rows = loadBook(db, ALL, past);
    expect(rows.filter((r) => r.scoreAsOf !== null).length).toBeGreaterThan(50);
    for (const r of rows) expect(r.scoreAsOf, r.id).toBe(truth.get(r.id) ?? null);
  });
});

describe('latest_scores', () => {
  it('written row by row (any order, re-runs included) equals a rebuild from health_scores', () => {
    const read = () => db.$client.prepare('select * from latest_scores order by account_id').all();
    const incremental = read();
    expect(incremental.length).toBeGreaterThan(80);
    // a re-run of an older day does not replace a newer latest, but refreshes its week-earlier score
    writeScore(db, 'acct-1', addDays(TODAY, -9), 95);
    const one = db.$client.prepare("select * from latest_scores where account_id = 'acct-1'").get() as { as_of: string; prev7_score: number };
    expect(one.as_of).toBe(TODAY);
    expect(one.prev7_score).toBe(95);
    const after = read();
    expect(rebuildLatestScores(db)).toBe(after.length);
    expect(read()).toEqual(after);
    expect(incremental.filter((r) => (r as { account_id: string }).account_id !== 'acct-1')).toEqual(
      after.filter((r) => (r as { account_id: string }).account_id !== 'acct-1'),
    );
  });
});

describe('latest_scores is kept by the scoring writer and backfilled by its migration', () => {
  it('writeScores (the scores store) writes the latest row beside the score row', () => {
    const d = testDb();
    addAccount(d, { id: 'x' });
    const write = (asOf: string, score: number) =>
      writeScores(d, [{ accountId: 'x', asOf, score, tier: tierOf(score), components: {}, drivers: [], coverage: 1, expansion: 0, onboarding: false }]);
    write(addDays(TODAY, -7), 80);
    write(TODAY, 40);
    write(addDays(TODAY, -30), 90); // a backfill of an older day
    expect(d.$client.prepare('select account_id, as_of, score, tier, prev7_score from latest_scores').all()).toEqual([
      { account_id: 'x', as_of: TODAY, score: 40, tier: 'At-Risk', prev7_score: 80 },
    ]);
  });

  it("the migration's backfill statement builds the same table as rebuildLatestScores", () => {
    const sql = readFileSync(join(MIGRATIONS_DIR, '0015_latest_scores.sql'), 'utf8').split('--> statement-breakpoint');
    const backfill = sql.find((s) => s.includes('INSERT INTO'))!;
    rebuildLatestScores(db);
    const rebuilt = db.$client.prepare('select * from latest_scores order by account_id').all();
    db.$client.prepare('delete from latest_scores').run();
    db.$client.exec(backfill);
    expect(db.$client.prepare('select * from latest_scores order by account_id').all()).toEqual(rebuilt);
    expect(rebuilt.length).toBeGreaterThan(80);
  });
});
