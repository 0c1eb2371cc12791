/** The backtest on a crafted history with a known, leak-free outcome. */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load';
import { addDays } from '../../src/lib/dates';
import { runScoring } from '../../src/scoring/run';
import { runBacktest } from '../../src/validation/backtest';
import { defaultDates, monthEnd } from '../../src/validation/dates';
import { testDb } from '../support/db';
import { CRAFTED, T, T30, seedAccounts } from './fixtures';

const config = parseConfig({});
const seeded = () => {
  const db = testDb();
  seedAccounts(db, CRAFTED, { start: '2025-06-01', end: addDays(T, 150) });
  return db;
};
const count = (db: ReturnType<typeof testDb>, table: string) => db.$client.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;

describe('backtest labels', () => {
  const db = seeded();
  const { result, rows } = runBacktest(db, { dates: [T, T30], horizonDays: 90, config, bootstrap: { reps: 50 } });
  const at = (date: string) => new Map(rows.filter((r) => r.date === date).map((r) => [r.accountId, r]));

  it('counts a churn at T+10 as positive at T and leaves the account out at T+30', () => {
    expect(at(T).get('a-churn10')).toMatchObject({ label: 1, churnOn: addDays(T, 10) });
    expect(at(T30).has('a-churn10')).toBe(false);
    // scored by the scorer (inside its 30-day grace) but left out as already churned
    expect(result.perDate[1]).toMatchObject({ date: T30, excluded: 1 });
  });

  it('labels by churn in (T, T + horizon] only', () => {
    expect(at(T).get('c-churn100')!.label).toBe(0); // T+100 is past a 90-day horizon
    expect(at(T30).get('c-churn100')).toMatchObject({ label: 1, churnOn: addDays(T, 100) });
    expect(at(T).get('b-stays')!.label).toBe(0);
    expect(at(T).has('d-gone')).toBe(false); // churned before T
  });

  it('summarises churners per date', () => {
    expect(result.perDate.map((d) => [d.date, d.scored, d.churners])).toEqual([
      [T, 3, 1],
      [T30, 2, 1],
    ]);
    expect(result.headline).toMatchObject({ rows: 5, churners: 2 });
  });

  it('writes nothing into health_scores, and scores exactly as the scheduled run would', () => {
    expect(count(db, 'health_scores')).toBe(0);
    const live = runScoring(db, { asOf: T, config: config.scoring, keepScores: true });
    const byId = new Map(live.scores!.map((s) => [s.accountId, s]));
    for (const r of rows.filter((x) => x.date === T)) {
      expect(r.score).toBe(byId.get(r.accountId)!.score);
      expect(r.tier).toBe(byId.get(r.accountId)!.tier);
    }
  });
});

describe('no leaks', () => {
  it('data dated after T does not change the score at T', () => {
    const db = seeded();
    const before = runBacktest(db, { dates: [T, T30], horizonDays: 90, config, bootstrap: { reps: 10 } }).rows;
    // After T: b-stays stops logging in, and opens urgent tickets; c gets a detractor NPS.
    const c = db.$client;
    c.prepare(`UPDATE usage_daily SET logins = 0, key_events = 0, active_users = 0 WHERE account_id = 'b-stays' AND day > ?`).run(T);
    for (let i = 0; i < 4; i++)
      c.prepare(`INSERT INTO tickets (id, account_id, opened_at, priority) VALUES (?, 'b-stays', ?, 'urgent')`).run(`t${i}`, `${addDays(T, 5 + i)}T09:00:00Z`);
    c.prepare(`INSERT INTO nps_responses (id, account_id, responded_at, score) VALUES ('n1', 'c-churn100', ?, 0)`).run(`${addDays(T, 3)}T09:00:00Z`);
    const after = runBacktest(db, { dates: [T, T30], horizonDays: 90, config, bootstrap: { reps: 10 } }).rows;
    const key = (r: { date: string; accountId: string }) => `${r.date}|${r.accountId}`;
    const b = new Map(before.map((r) => [key(r), r.score]));
    for (const r of after.filter((x) => x.date === T)) expect(r.score).toBe(b.get(key(r)));
    // …while the same data, once inside the window, does move the later score
    expect(after.find((r) => r.date === T30 && r.accountId === 'b-stays')!.score).toBeLessThan(b.get(`${T30}|b-stays`)!);
  });
});

describe('default dates', () => {
  it('are the last month-ends inside the data with a full horizon after them', () => {
    expect(monthEnd('2024-02-10')).toBe('2024-02-29');
    expect(defaultDates({ first: '2025-01-15', last: '2025-12-20' }, 90, 12)).toEqual([
      '2025-01-31',
      '2025-02-28',
      '2025-03-31',
      '2025-04-30',
      '2025-05-31',
      '2025-06-30',
      '2025-07-31',
      '2025-08-31', // 2025-09-30 + 90 days is past the data's last day (2025-12-20)
    ]);
    expect(defaultDates({ first: '2025-01-15', last: '2025-12-29' }, 90, 3)).toEqual(['2025-07-31', '2025-08-31', '2025-09-30']);
    expect(defaultDates({ first: '2025-11-01', last: '2025-12-20' }, 90, 12)).toEqual([]);
  });
});
