/** Crafted churn histories for the validation tests, written straight into the real schema. */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { Db } from '../../db';
import { addDays, daysBetween } from '../../src/lib/dates';
import type { BacktestResult } from '../../src/validation/backtest';

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
  const use = c.prepare(
    `INSERT INTO usage_daily (account_id, day, active_users, logins, key_events, features_used, integrations) VALUES (?, ?, ?, ?, ?, 5, 3)`,
  );
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

/**
 * A synthetic book where exactly one component predicts churn per segment, the others are noise:
 * Starter churners open urgent tickets weeks before they churn (support predicts; NPS is random), Pro
 * churners answer NPS as strong detractors from weeks before they churn (engagement predicts), while Pro
 * accounts that stay file urgent tickets as a matter of course (support misleads there).
 * No usage data (the usage component drops out); financial is the same for everyone.
 * `proShare` 0 gives a Starter-only book (one predictive component, the rest noise).
 */
export function seedOnePredictive(
  db: Db,
  opts: { accounts: number; churnShare: number; seed: number; start: string; end: string; churnFrom: string; proShare?: number },
): void {
  const rng = xoroshiro128plus(opts.seed);
  const u = () => uniformFloat64(rng);
  const int = (lo: number, hi: number) => uniformInt(rng, lo, hi);
  const span = daysBetween(opts.churnFrom, opts.end) - 10;
  const c = db.$client;
  const acc = c.prepare(`INSERT INTO accounts (id, name, arr, segment, signup_date, updated_at) VALUES (?, ?, 10000, ?, ?, '2024-01-01T00:00:00Z')`);
  const rev = c.prepare(`INSERT INTO revenue_events (id, account_id, occurred_on, kind, arr_delta) VALUES (?, ?, ?, ?, ?)`);
  const tix = c.prepare(`INSERT INTO tickets (id, account_id, opened_at, closed_at, priority) VALUES (?, ?, ?, ?, ?)`);
  const nps = c.prepare(`INSERT INTO nps_responses (id, account_id, responded_at, score) VALUES (?, ?, ?, ?)`);
  let n = 0;
  c.transaction(() => {
    for (let i = 0; i < opts.accounts; i++) {
      const id = `acct-${String(i).padStart(4, '0')}`;
      const segment = u() < (opts.proShare ?? 0.5) ? 'Pro' : 'Starter';
      acc.run(id, id, segment, opts.start);
      rev.run(`${id}-new`, id, opts.start, 'new', 10000);
      const churnOn = u() < opts.churnShare ? addDays(opts.churnFrom, int(0, span)) : null;
      if (churnOn) rev.run(`${id}-churn`, id, churnOn, 'churn', -10000);
      const last = churnOn ?? opts.end;
      // noise: a closed low ticket about every 45 days, an NPS answer about every 60 days
      for (let d = addDays(opts.start, int(0, 45)); d < last; d = addDays(d, int(20, 70)))
        tix.run(`t${n++}`, id, `${d}T10:00:00Z`, `${addDays(d, int(1, 4))}T10:00:00Z`, 'low');
      for (let d = addDays(opts.start, int(0, 60)); d < last; d = addDays(d, int(40, 80))) nps.run(`n${n++}`, id, `${d}T10:00:00Z`, int(5, 10));
      if (!churnOn) {
        if (segment === 'Pro')
          for (let d = addDays(opts.start, int(0, 90)); d < last; d = addDays(d, int(60, 120)))
            tix.run(`t${n++}`, id, `${d}T10:00:00Z`, `${addDays(d, int(30, 60))}T10:00:00Z`, 'urgent');
        continue;
      }
      // the warning sign, weeks before the churn
      const warn = addDays(churnOn, -int(10, 75));
      if (segment === 'Starter') for (let k = 0; k < 3; k++) tix.run(`t${n++}`, id, `${addDays(warn, k)}T10:00:00Z`, null, 'urgent');
      else for (let d = warn; d < churnOn; d = addDays(d, 20)) nps.run(`n${n++}`, id, `${d}T12:00:00Z`, int(0, 2));
    }
  })();
}

/** A backtest summary to save (saveBacktestRun) with the given churn rate per tier, 2025-12-31 to 2026-07-31, 90 days. */
export function backtestWithTiers(tiers: Array<{ tier: string; rows: number; churners: number; rate: number | null }>): BacktestResult {
  const rows = tiers.reduce((s, t) => s + t.rows, 0);
  const churners = tiers.reduce((s, t) => s + t.churners, 0);
  return {
    from: '2025-12-31',
    to: '2026-07-31',
    dates: ['2025-12-31', '2026-07-31'],
    horizonDays: 90,
    aucInterval: { low: 0.7, high: 0.8 },
    headline: { rows, churners, auc: 0.75, lift10: 3.1, precision: 0.2, recall: 0.6, surprise: { share: 0.25 }, tiers },
  } as unknown as BacktestResult;
}
