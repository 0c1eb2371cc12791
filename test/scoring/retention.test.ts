/**
 * Score history retention (scoring.retention): daily rows for dailyDays, then the latest row per ISO week and
 * per calendar month. The hand-written delete is checked against a plain reference; what readers ask of
 * history (trends, scores as of past month ends and Sundays) answers the same before and after.
 */
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db';
import { parseConfig } from '../../src/config/load';
import { addDays, daysBetween } from '../../src/lib/dates';
import { latestScores } from '../../src/metrics/health';
import { scoreTrends } from '../../src/scoring/history';
import { LOOKBACK_DAYS, pruneScoreHistory, scoreHistory, writeScores } from '../../src/scoring/store';
import { testDb } from '../support/db';
import { addAccount } from './seed';

const TODAY = '2026-11-23'; // a Monday
const IDS = ['acme', 'beta', 'gamma'];

/** ~500 days of history per account with gaps (a skipped day every so often, one account scored weekly only). */
function seeded(): Db {
  const db = testDb();
  for (const id of IDS) addAccount(db, { id, signupDate: '2024-01-01' });
  const rows: Parameters<typeof writeScores>[1][number][] = [];
  IDS.forEach((id, k) => {
    for (let d = 0; d < 500; d++) {
      if ((d * (k + 3)) % 11 === 5) continue; // gaps
      if (id === 'gamma' && d % 7 !== 2) continue; // a weekly history
      rows.push({
        accountId: id,
        asOf: addDays(TODAY, -d),
        score: (d * 7 + k * 13) % 100,
        tier: 'Neutral',
        coverage: 1,
        expansion: 0,
        onboarding: false,
        components: {},
        drivers: [],
      });
    }
  });
  writeScores(db, rows);
  return db;
}

const dates = (db: Db, id: string) => scoreHistory(db, id, '0000-01-01', '9999-12-31').map((p) => p.asOf);

/**
 * The rule in plain code: older than the cutoff, a row stays when it is the latest of its ISO week or of its month;
 * an account's newest row always stays.
 */
function expectedKept(all: string[], before: string, weekly: boolean): string[] {
  const newest = all.reduce((m, d) => (d > m ? d : m), '');
  const older = all.filter((d) => d < before);
  const latest = (key: (d: string) => string) => {
    const m = new Map<string, string>();
    for (const d of older) if ((m.get(key(d)) ?? '') < d) m.set(key(d), d);
    return new Set(m.values());
  };
  const week = latest((d) => String(Math.floor(daysBetween('2000-01-03', d) / 7)));
  const month = latest((d) => d.slice(0, 7));
  return all.filter((d) => d >= before || d === newest || (weekly && (week.has(d) || month.has(d))));
}

describe('scoring.retention config', () => {
  it('defaults to 120 daily days, weekly after', () => {
    expect(parseConfig({}).scoring.retention).toEqual({ dailyDays: 120, weeklyAfter: true });
  });

  it('refuses fewer daily days than trends need, fractions and unknown keys, naming the field', () => {
    expect(() => parseConfig({ scoring: { retention: { dailyDays: 30 } } })).toThrow(/retention\.dailyDays.*at least 60/s);
    expect(() => parseConfig({ scoring: { retention: { dailyDays: 90.5 } } })).toThrow(/retention\.dailyDays.*whole number/s);
    expect(() => parseConfig({ scoring: { retention: { weeklyAfter: 'yes' } } })).toThrow(/retention\.weeklyAfter.*true or false/s);
    expect(() => parseConfig({ scoring: { retention: { dailyDay: 120 } } })).toThrow(/dailyDay/);
  });
});

describe('pruneScoreHistory', () => {
  it('keeps every row of the last dailyDays, then the latest per ISO week and per month, exactly as the reference', () => {
    const db = seeded();
    const before = Object.fromEntries(IDS.map((id) => [id, dates(db, id)]));
    const progress: [number, number][] = [];
    const r = pruneScoreHistory(db, {
      asOf: TODAY,
      dailyDays: 120,
      weeklyAfter: true,
      full: true,
      chunkAccounts: 2,
      onProgress: (d, t) => progress.push([d, t]),
    });
    expect(progress).toEqual([
      [2, 3],
      [3, 3],
    ]);
    expect(r.before).toBe(addDays(TODAY, -120));
    let deleted = 0;
    for (const id of IDS) {
      const want = expectedKept(before[id], r.before, true);
      expect(dates(db, id)).toEqual(want);
      deleted += before[id].length - want.length;
    }
    expect(r.deleted).toBe(deleted);
    expect(deleted).toBeGreaterThan(500); // acme and beta lose most of their older daily rows
    expect(dates(db, 'gamma')).toEqual(before.gamma); // a weekly history is already thin
    // running again changes nothing
    expect(pruneScoreHistory(db, { asOf: TODAY, dailyDays: 120, weeklyAfter: true, full: true }).deleted).toBe(0);
  });

  it('daily windowed runs end where one full pass does', () => {
    const a = seeded();
    const b = seeded();
    const opts = { dailyDays: 120, weeklyAfter: true };
    pruneScoreHistory(a, { asOf: addDays(TODAY, -30), ...opts, full: true });
    for (let d = 29; d >= 0; d--) pruneScoreHistory(a, { asOf: addDays(TODAY, -d), ...opts });
    pruneScoreHistory(b, { asOf: TODAY, ...opts, full: true });
    for (const id of IDS) expect(dates(a, id)).toEqual(dates(b, id));
    // without the catch-up pass, a window reaches LOOKBACK_DAYS before the cutoff and no further
    const c = seeded();
    pruneScoreHistory(c, { asOf: TODAY, ...opts });
    const cut = addDays(TODAY, -120 - LOOKBACK_DAYS);
    expect(dates(c, 'acme').filter((d) => d < cut)).toEqual(dates(seeded(), 'acme').filter((d) => d < cut));
  });

  it('answers what readers ask of history the same: trends, and scores as of month ends and Sundays', () => {
    const db = seeded();
    const trendsBefore = scoreTrends(db, 'all', TODAY);
    // the last day of each month from October 2026 back 14 months
    const days = [...Array(14).keys()].map((m) => new Date(Date.UTC(2026, 10 - m, 0)).toISOString().slice(0, 10));
    const sundays = [...Array(60).keys()].map((w) => addDays(TODAY, -1 - 7 * w));
    const asOfs = [...days, ...sundays];
    const past = asOfs.map((d) => latestScores(db, d));
    pruneScoreHistory(db, { asOf: TODAY, dailyDays: 120, weeklyAfter: true, full: true });
    expect(scoreTrends(db, 'all', TODAY)).toEqual(trendsBefore);
    asOfs.forEach((d, i) => expect(latestScores(db, d)).toEqual(past[i]));
  });

  it('deletes everything older than dailyDays when weeklyAfter is false', () => {
    const db = seeded();
    const r = pruneScoreHistory(db, { asOf: TODAY, dailyDays: 90, weeklyAfter: false, full: true });
    for (const id of IDS) {
      expect(dates(db, id).every((d) => d >= r.before)).toBe(true);
      expect(dates(db, id)).toEqual(expectedKept(dates(seeded(), id), r.before, false));
    }
  });

  it("never deletes an account's newest row (latest_scores keeps pointing at a stored score)", () => {
    const db = testDb();
    addAccount(db, { id: 'gone', signupDate: '2024-01-01' });
    const days = [...Array(200).keys()].map((d) => addDays(TODAY, -200 - d)); // scored until 200 days ago
    writeScores(
      db,
      days.map((asOf, i) => ({
        accountId: 'gone',
        asOf,
        score: 40 + (i % 30),
        tier: 'Neutral' as const,
        coverage: 1,
        expansion: 0,
        onboarding: false,
        components: {},
        drivers: [],
      })),
    );
    pruneScoreHistory(db, { asOf: TODAY, dailyDays: 90, weeklyAfter: false, full: true });
    const newest = addDays(TODAY, -200);
    expect(dates(db, 'gone')).toEqual([newest]);
    expect(db.$client.prepare("select as_of from latest_scores where account_id = 'gone'").pluck().get()).toBe(newest);
  });
});
