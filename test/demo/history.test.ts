/**
 * The demo is a fair test for scoring at past dates: a year of history in which churners show dated warning
 * signs (or none: surprise churn), some accounts dip and recover, signals and tickets exist all year, and
 * attribute changes are dated. Checked on the rows, on the plans, and by AUC at past month-ends (the model
 * must beat naive baselines without reaching the near-1.0 of a leak).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db';
import { PREDICTORS, checkDate, monthEnds, pooledAuc } from '../../bench/support/leak-check';
import { parseConfig } from '../../src/config/load';
import { loadOutcomes } from '../../src/validation/outcomes';
import { scoreDates } from '../../src/validation/score-dates';
import { addYears } from '../../src/demo/calendar';
import { generateDemo } from '../../src/demo/generate';
import { MID_TERM_CHURN_SHARE, planAccounts } from '../../src/demo/plan';
import { SURPRISE_CHURN_SHARE } from '../../src/demo/story';
import { buildTeam } from '../../src/demo/team';
import type { AccountPlan } from '../../src/demo/types';
import { addDays } from '../../src/lib/dates';
import { extractFeatures } from '../../src/scoring/features';
import { testDb } from '../support/db';

const TODAY = '2026-11-23';
const ACCOUNTS = 1500;
const config = parseConfig({}).scoring;

let db: Db;
let plans: AccountPlan[];
const n = (sql: string, ...p: unknown[]) =>
  db.$client
    .prepare(sql)
    .pluck()
    .get(...p) as number;

beforeAll(() => {
  db = testDb();
  generateDemo(db, { accounts: ACCOUNTS, today: TODAY });
  plans = planAccounts({ seed: 42, accounts: ACCOUNTS, today: TODAY, csms: buildTeam(42, TODAY).csms, historyDays: 365 });
});

const churners = () => plans.filter((p) => p.churnedOn && p.churnedOn > addDays(TODAY, -300));

describe('demo history', () => {
  it('spreads churn over the year, with about the intended share of surprise churners', () => {
    const c = churners();
    expect(c.length).toBeGreaterThan(60);
    const months = new Set(c.map((p) => p.churnedOn!.slice(0, 7)));
    expect(months.size).toBeGreaterThanOrEqual(9);
    const surprise = c.filter((p) => !p.story?.warning).length / c.length;
    expect(surprise).toBeGreaterThan(SURPRISE_CHURN_SHARE - 0.08);
    expect(surprise).toBeLessThan(SURPRISE_CHURN_SHARE + 0.08);
    // Every warned churner shows at least two channels (usage, support, NPS, signals).
    const channels = c.filter((p) => p.story?.warning).map((p) => Object.values(p.story!.warning!.channels).filter(Boolean).length);
    expect(Math.min(...channels)).toBeGreaterThanOrEqual(2);
  });

  it('warned churners show their signs before the churn; surprise churners do not', () => {
    const logins = db.$client.prepare('SELECT coalesce(sum(logins), 0) FROM usage_daily WHERE account_id = ? AND day > ? AND day <= ?').pluck();
    const change = (p: AccountPlan) => {
      const d = p.churnedOn!;
      const last = logins.get(p.id, addDays(d, -30), addDays(d, -1)) as number;
      const before = logins.get(p.id, addDays(d, -120), addDays(d, -90)) as number;
      return before > 0 ? last / before - 1 : null;
    };
    const mean = (xs: (number | null)[]) => {
      const v = xs.filter((x): x is number => x != null);
      return v.reduce((a, b) => a + b, 0) / v.length;
    };
    const old = churners().filter((p) => p.churnedOn! < addDays(TODAY, -10) && p.churnedOn! > addDays(TODAY, -240));
    const usageWarned = old.filter((p) => p.story?.warning?.channels.usage);
    const surprise = old.filter((p) => !p.story?.warning);
    expect(mean(usageWarned.map(change))).toBeLessThan(-0.3);
    expect(Math.abs(mean(surprise.map(change)))).toBeLessThan(0.15);
    // Support trouble: more high/urgent tickets in the lead-up than surprise churners have.
    const highBefore = (p: AccountPlan) =>
      n(
        "SELECT count(*) FROM tickets WHERE account_id = ? AND priority IN ('high','urgent') AND opened_at > ? AND opened_at < ?",
        p.id,
        addDays(p.churnedOn!, -60),
        p.churnedOn!,
      );
    const supportWarned = old.filter((p) => p.story?.warning?.channels.support);
    expect(mean(supportWarned.map(highBefore))).toBeGreaterThan(2 * mean(surprise.map(highBefore)) + 0.2);
  });

  it('some live accounts dip and recover (false alarms)', () => {
    const dips = plans
      .flatMap((p) =>
        (p.story?.dips ?? [])
          .filter((d) => d.channels.usage && d.startAge <= 330 && d.startAge - d.fall - d.hold - d.rise >= 20)
          // another episode right before or after would blur the before / after windows
          .filter((d) =>
            p.story!.dips.every(
              (o) => o === d || o.startAge - o.fall - o.hold - o.rise > d.startAge + 40 || o.startAge < d.startAge - d.fall - d.hold - d.rise - 30,
            ),
          )
          .map((d) => ({ p, d }))
          .slice(0, 1),
      )
      .filter(({ p }) => p.pattern === 'healthy' && p.signupDate < addDays(TODAY, -400) && p.seats >= 20);
    expect(dips.length).toBeGreaterThan(10);
    const logins = db.$client.prepare('SELECT coalesce(sum(logins), 0) FROM usage_daily WHERE account_id = ? AND day > ? AND day <= ?').pluck();
    for (const { p, d } of dips) {
      const window = (age: number) => logins.get(p.id, addDays(TODAY, -age - 14), addDays(TODAY, -age)) as number;
      const bottom = window(d.startAge - d.fall - Math.floor(d.hold / 2));
      const before = window(d.startAge + 20);
      const after = window(d.startAge - d.fall - d.hold - d.rise - 10);
      expect(bottom, p.id).toBeLessThan(before * (1 - d.depth / 2));
      expect(after, p.id).toBeGreaterThan(bottom);
    }
  });

  it('has tickets, NPS answers and risk signals across the whole year, not only lately', () => {
    for (const q of [0, 90, 180, 270]) {
      const lo = addDays(TODAY, -q - 90);
      const hi = addDays(TODAY, -q);
      expect(n('SELECT count(*) FROM tickets WHERE opened_at > ? AND opened_at <= ?', lo, hi), `tickets ${lo}`).toBeGreaterThan(500);
      expect(
        n(
          "SELECT count(*) FROM signals WHERE kind IN ('champion_departed','competitor_mentioned','payment_failed','cancellation_requested') AND occurred_at > ? AND occurred_at <= ?",
          lo,
          hi,
        ),
        `signals ${lo}`,
      ).toBeGreaterThan(10);
    }
    expect(n('SELECT count(*) FROM nps_responses WHERE responded_at < ?', addDays(TODAY, -250))).toBeGreaterThan(100);
  });

  it('dates attribute changes: renewal dates roll over at renewals, churned starts on the churn day', () => {
    expect(n('SELECT count(*) FROM account_history')).toBeGreaterThan(ACCOUNTS / 2);
    // No history row says churned: every churned value is the current one, valid from the churn day.
    expect(n("SELECT count(*) FROM account_history WHERE renewal_status = 'churned' OR lifecycle = 'churned'")).toBe(0);
    const c = churners().filter((p) => p.churnedOn! > addDays(TODAY, -300));
    for (const p of c.slice(0, 40)) {
      const last = db.$client.prepare('SELECT max(valid_until) FROM account_history WHERE account_id = ?').pluck().get(p.id);
      expect(last, p.id).toBe(p.churnedOn);
    }
    // Before its last renewal, a live account's renewal date was that renewal (the previous anniversary).
    const live = plans.filter(
      (p) => p.lifecycle === 'active' && !p.reactivation && p.contractStart < addDays(TODAY, -800) && p.renewalDate > addDays(TODAY, 60),
    );
    expect(live.length).toBeGreaterThan(20);
    for (const p of live.slice(0, 20)) {
      const previous = addYears(p.renewalDate, -1);
      const then = extractFeatures(db, addDays(previous, -20), { signalWindowDays: 90 }).features.find((f) => f.id === p.id)!;
      expect(then.renewalDate, p.id).toBe(previous);
      expect(extractFeatures(db, addDays(previous, 1), { signalWindowDays: 90 }).features.find((f) => f.id === p.id)!.renewalDate).toBe(p.renewalDate);
    }
  });

  it("is a stationary book: past month-ends have about today's share of At-Risk + Critical accounts", () => {
    // Scored with the real scorer as of each date (the backtest's own code path), default config.
    const dates = [...monthEnds(addDays(TODAY, -300), addDays(TODAY, -30)).filter((_, i) => i % 3 === 0), TODAY];
    const { rows } = scoreDates(db, { dates, horizonDays: 90, config: parseConfig({}), outcomes: loadOutcomes(db) });
    const share = (d: string) => {
      const at = rows.filter((r) => r.date === d);
      return at.filter((r) => r.tier === 'At-Risk' || r.tier === 'Critical').length / at.length;
    };
    const today = share(TODAY);
    expect(today).toBeGreaterThan(0.05);
    const past = dates.slice(0, -1).map((d) => [d, share(d)] as const);
    expect(past.length).toBeGreaterThanOrEqual(3);
    for (const [d, s] of past) {
      expect(s, d).toBeGreaterThan(today * 0.5);
      expect(s, d).toBeLessThan(today * 1.5);
    }
  });

  it("keeps the open high-priority backlog and at-risk renewal flags at past month-ends near today's", () => {
    const backlog = (d: string) =>
      n(
        "SELECT count(*) FROM tickets WHERE priority IN ('high','urgent') AND opened_at <= ? AND (closed_at IS NULL OR closed_at > ?)",
        `${d}T23:59:59.999Z`,
        `${d}T23:59:59.999Z`,
      );
    const flagged = (d: string) =>
      n("SELECT count(*) FROM account_history WHERE renewal_status = 'at_risk' AND (valid_from IS NULL OR valid_from <= ?) AND valid_until > ?", d, d);
    const today = backlog(TODAY);
    const flaggedToday = n("SELECT count(*) FROM accounts WHERE renewal_status = 'at_risk'");
    expect(flaggedToday).toBeGreaterThan(20);
    for (const d of monthEnds(addDays(TODAY, -300), addDays(TODAY, -60)).filter((_, i) => i % 3 === 0)) {
      expect(backlog(d), d).toBeGreaterThan(today * 0.5);
      expect(backlog(d), d).toBeLessThan(today * 1.5);
      expect(flagged(d), d).toBeGreaterThan(flaggedToday * 0.5);
      expect(flagged(d), d).toBeLessThan(flaggedToday * 2);
    }
  });

  it('has churners that cancel mid-term, some after asking about cancellation', () => {
    const c = churners();
    const midTerm = c.filter((p) => p.renewalDate > p.churnedOn!);
    expect(midTerm.length / c.length).toBeGreaterThan(MID_TERM_CHURN_SHARE - 0.1);
    expect(midTerm.length / c.length).toBeLessThan(MID_TERM_CHURN_SHARE + 0.1);
    const asked = midTerm.filter(
      (p) => n("SELECT count(*) FROM signals WHERE account_id = ? AND kind = 'cancellation_requested' AND occurred_at < ?", p.id, p.churnedOn!) > 0,
    );
    expect(asked.length / midTerm.length).toBeGreaterThan(0.3);
  });

  it('is a fair test: the model beats naive baselines at past month-ends, without a leak-like AUC', () => {
    const dates = monthEnds(addDays(TODAY, -300), addDays(TODAY, -90)).filter((_, i) => i % 2 === 0);
    const results = dates.map((d) => checkDate(db, d, config));
    expect(results.reduce((a, r) => a + r.positives, 0)).toBeGreaterThan(60);
    const pooled = Object.fromEntries(PREDICTORS.map((p) => [p, pooledAuc(results, p)]));
    // False alarms look like churners' lead-ups on every channel, so the default weights beat the best naive
    // baseline (the 30-day login trend) only narrowly; calibrate's fitted weights do better (README).
    expect(pooled.model).toBeGreaterThan(0.65);
    expect(pooled.model).toBeLessThan(0.9);
    expect(pooled.model).toBeGreaterThan(pooled.daysSinceLogin + 0.1);
    expect(pooled.model).toBeGreaterThan(pooled.usageTrend30d);
  });
});
