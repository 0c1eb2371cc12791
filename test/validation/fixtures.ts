/** Crafted churn histories for the validation tests, written straight into the real schema. */
import type { Db } from '../../db';
import { addDays } from '../../src/lib/dates';

export const T = '2026-03-31';
export const T30 = addDays(T, 30);

export interface Crafted {
  id: string;
  /** churn day, if any */
  churnOn?: string;
  /** logins per day while a customer */
  logins?: number;
}

/**
 * a-churn10 churns at T+10 (positive at T, gone at T+30), b-stays never churns, c-churn100 churns at T+100
 * (negative at T with a 90-day horizon, positive at T+30), d-gone churned at T−40 (never scored at T).
 */
export const CRAFTED: Crafted[] = [
  { id: 'a-churn10', churnOn: addDays(T, 10), logins: 1 },
  { id: 'b-stays', logins: 8 },
  { id: 'c-churn100', churnOn: addDays(T, 100), logins: 3 },
  { id: 'd-gone', churnOn: addDays(T, -40), logins: 5 },
];

export function seedAccounts(db: Db, accounts: Crafted[], opts: { start: string; end: string }): void {
  const c = db.$client;
  const acc = c.prepare(`INSERT INTO accounts (id, name, arr, signup_date, seats_licensed, updated_at) VALUES (?, ?, 12000, ?, 10, '2025-01-01T00:00:00Z')`);
  const rev = c.prepare(`INSERT INTO revenue_events (id, account_id, occurred_on, kind, arr_delta) VALUES (?, ?, ?, ?, ?)`);
  const use = c.prepare(`INSERT INTO usage_daily (account_id, day, active_users, logins, key_events, features_used, integrations) VALUES (?, ?, ?, ?, ?, 5, 3)`);
  c.transaction(() => {
    for (const a of accounts) {
      acc.run(a.id, a.id, opts.start);
      rev.run(`${a.id}-new`, a.id, opts.start, 'new', 12000);
      if (a.churnOn) rev.run(`${a.id}-churn`, a.id, a.churnOn, 'churn', -12000);
      const last = a.churnOn && a.churnOn < opts.end ? a.churnOn : opts.end;
      for (let d = opts.start; d <= last; d = addDays(d, 1)) use.run(a.id, d, Math.min(10, a.logins ?? 2), a.logins ?? 2, (a.logins ?? 2) * 3);
    }
  })();
}
