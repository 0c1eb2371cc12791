import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db';
import { generateDemo, type DemoSummary } from '../../src/demo/generate';
import { planAccounts } from '../../src/demo/plan';
import { buildTeam } from '../../src/demo/team';
import type { AccountPlan } from '../../src/demo/types';
import { addDays } from '../../src/lib/dates';
import { UserError } from '../../src/lib/errors';
import { testDb } from '../support/db';
import { count, dumpHash } from './support';
import { putScore } from '../support/scores';

const TODAY = '2026-11-23';
const ACCOUNTS = 600;

let db: Db;
let summary: DemoSummary;
let plans: Map<string, AccountPlan>;

beforeAll(() => {
  db = testDb();
  summary = generateDemo(db, { accounts: ACCOUNTS, seed: 42, today: TODAY });
  const team = buildTeam(42, TODAY);
  plans = new Map(planAccounts({ seed: 42, accounts: ACCOUNTS, today: TODAY, csms: team.csms }).map((p) => [p.id, p]));
});
afterAll(() => db.$client.close());

/** Sum of a usage column per account over days [today-to, today-from] (ages inclusive). */
function usageSum(column: string, fromAge: number, toAge: number): Map<string, number> {
  const rows = db.$client
    .prepare(`SELECT account_id AS id, sum(${column}) AS s FROM usage_daily WHERE day BETWEEN ? AND ? GROUP BY account_id`)
    .all(addDays(TODAY, -toAge), addDays(TODAY, -fromAge)) as { id: string; s: number }[];
  return new Map(rows.map((r) => [r.id, r.s]));
}

const plansWith = (pred: (p: AccountPlan) => boolean) => [...plans.values()].filter(pred);

describe('generateDemo determinism', () => {
  it('gives byte-identical data for the same seed and today, and different data for another seed', () => {
    const a = testDb();
    const b = testDb();
    const c = testDb();
    generateDemo(a, { accounts: 150, seed: 7, today: TODAY });
    generateDemo(b, { accounts: 150, seed: 7, today: TODAY });
    generateDemo(c, { accounts: 150, seed: 8, today: TODAY });
    expect(count(a, 'SELECT count(*) n FROM usage_daily')).toBeGreaterThan(10_000);
    expect(dumpHash(a)).toBe(dumpHash(b));
    expect(dumpHash(a)).not.toBe(dumpHash(c));
    for (const x of [a, b, c]) x.$client.close();
  });

  it('the summary matches the rows written', () => {
    const c = summary.counts;
    expect(c.accounts).toBe(ACCOUNTS);
    expect(count(db, 'SELECT count(*) n FROM accounts')).toBe(c.accounts);
    expect(count(db, 'SELECT count(*) n FROM team_members')).toBe(c.teamMembers);
    expect(count(db, 'SELECT count(*) n FROM usage_daily')).toBe(c.usageDaily);
    expect(count(db, 'SELECT count(*) n FROM tickets')).toBe(c.tickets);
    expect(count(db, 'SELECT count(*) n FROM nps_responses')).toBe(c.npsResponses);
    expect(count(db, 'SELECT count(*) n FROM revenue_events')).toBe(c.revenueEvents);
    expect(count(db, 'SELECT count(*) n FROM signals')).toBe(c.signals);
    expect(count(db, 'SELECT count(*) n FROM tickets WHERE closed_at IS NULL')).toBe(summary.openTickets);
    expect(count(db, 'SELECT sum(arr) n FROM accounts')).toBe(summary.totalArr);
    for (const key of ['tickets', 'npsResponses', 'revenueEvents', 'signals'] as const) expect(c[key]).toBeGreaterThan(20);
  });
});

describe('demo data shape', () => {
  it('has 20 CSMs, 3 managers, 1 VP and 1 admin with fake Slack ids and a reporting line', () => {
    const team = db.$client.prepare('SELECT * FROM team_members').all() as {
      email: string;
      slack_id: string;
      role: string;
      manager_email: string | null;
      timezone: string;
    }[];
    const byRole = (r: string) => team.filter((m) => m.role === r);
    expect([byRole('csm').length, byRole('manager').length, byRole('vp').length, byRole('admin').length]).toEqual([20, 3, 1, 1]);
    expect(
      byRole('csm')
        .map((m) => m.slack_id)
        .sort()[0],
    ).toBe('U0CSM001');
    for (const m of team) expect(m.slack_id).toMatch(/^U0[A-Z0-9]{6,}$/);
    const vp = byRole('vp')[0];
    const managers = new Set(byRole('manager').map((m) => m.email));
    for (const m of byRole('manager')) expect(m.manager_email).toBe(vp.email);
    for (const m of byRole('csm')) expect(managers.has(m.manager_email!)).toBe(true);
    expect(new Set(team.map((m) => m.timezone)).size).toBeGreaterThanOrEqual(4);
  });

  it('spreads accounts over CSMs, plan tiers and industries; owner email and Slack id belong to the same CSM', () => {
    const bad = count(
      db,
      `SELECT count(*) n FROM accounts a LEFT JOIN team_members t ON t.email = a.owner_email
       WHERE t.role IS NOT 'csm' OR t.slack_id IS NOT a.owner_slack_id`,
    );
    expect(bad).toBe(0);
    expect(count(db, 'SELECT count(DISTINCT owner_email) n FROM accounts')).toBe(20);
    const segs = db.$client.prepare('SELECT segment, count(*) n, avg(arr) arr FROM accounts GROUP BY segment').all() as {
      segment: string;
      n: number;
      arr: number;
    }[];
    expect(segs.map((s) => s.segment).sort()).toEqual(['Enterprise', 'Growth', 'Pro', 'Starter']);
    const arr = Object.fromEntries(segs.map((s) => [s.segment, s.arr]));
    expect(arr.Enterprise).toBeGreaterThan(arr.Pro);
    expect(arr.Pro).toBeGreaterThan(arr.Growth);
    expect(arr.Growth).toBeGreaterThan(arr.Starter);
    expect(count(db, 'SELECT count(DISTINCT industry) n FROM accounts')).toBeGreaterThanOrEqual(10);
    expect(count(db, 'SELECT count(*) n FROM accounts WHERE seats_licensed IS NULL OR seats_licensed < 3')).toBe(0);
  });

  it('writes daily usage for the window ending today (a year by default), within licensed seats', () => {
    const range = db.$client.prepare('SELECT min(day) lo, max(day) hi, count(DISTINCT day) d FROM usage_daily').get() as { lo: string; hi: string; d: number };
    expect(range).toEqual({ lo: addDays(TODAY, -364), hi: TODAY, d: 365 });
    expect(count(db, 'SELECT count(*) n FROM usage_daily u JOIN accounts a ON a.id = u.account_id WHERE u.active_users > a.seats_licensed')).toBe(0);
    expect(count(db, 'SELECT count(*) n FROM usage_daily WHERE active_users < 0 OR logins < active_users OR features_used > 20')).toBe(0);
    // An established live account has one row per day.
    const steady = plansWith((p) => p.lifecycle === 'active' && !p.reactivation && p.signupDate <= addDays(TODAY, -365))[0];
    expect(count(db, 'SELECT count(*) n FROM usage_daily WHERE account_id = ?', steady.id)).toBe(365);
  });

  it('spreads renewals over the next 12 months; churned accounts are marked churned', () => {
    const live = db.$client.prepare("SELECT renewal_date d FROM accounts WHERE lifecycle != 'churned'").all() as { d: string }[];
    for (const { d } of live) {
      expect(d > TODAY).toBe(true);
      expect(d <= addDays(TODAY, 366)).toBe(true);
    }
    expect(new Set(live.map(({ d }) => d.slice(0, 7))).size).toBeGreaterThanOrEqual(12);
    expect(count(db, "SELECT count(*) n FROM accounts WHERE lifecycle = 'churned' AND (arr != 0 OR renewal_status != 'churned')")).toBe(0);
    expect(summary.lifecycle.churned).toBeGreaterThan(0);
  });

  it('marks accounts younger than 90 days as onboarding and writes no usage before signup', () => {
    const wrong = count(
      db,
      `SELECT count(*) n FROM accounts WHERE lifecycle != 'churned'
       AND (lifecycle = 'onboarding') != (signup_date > ?)`,
      addDays(TODAY, -90),
    );
    expect(wrong).toBe(0);
    expect(summary.lifecycle.onboarding).toBeGreaterThan(10);
    expect(count(db, 'SELECT count(*) n FROM usage_daily u JOIN accounts a ON a.id = u.account_id WHERE u.day < a.signup_date')).toBe(0);
  });

  it('revenue events sum to each account ARR, with signed deltas and expansion types', () => {
    const mismatched = count(
      db,
      `SELECT count(*) n FROM accounts a LEFT JOIN (SELECT account_id, sum(arr_delta) s FROM revenue_events GROUP BY account_id) r
       ON r.account_id = a.id WHERE coalesce(r.s, 0) != a.arr`,
    );
    expect(mismatched).toBe(0);
    expect(count(db, "SELECT count(*) n FROM revenue_events WHERE kind IN ('new','expansion','reactivation') AND arr_delta <= 0")).toBe(0);
    expect(count(db, "SELECT count(*) n FROM revenue_events WHERE kind IN ('contraction','churn') AND arr_delta >= 0")).toBe(0);
    expect(count(db, "SELECT count(*) n FROM revenue_events WHERE (kind = 'expansion') != (expansion_type IS NOT NULL)")).toBe(0);
    expect(
      count(
        db,
        "SELECT count(*) n FROM accounts a WHERE lifecycle = 'churned' AND NOT EXISTS (SELECT 1 FROM revenue_events r WHERE r.account_id = a.id AND kind = 'churn')",
      ),
    ).toBe(0);
    const movements = count(db, "SELECT min(occurred_on) >= ? n FROM revenue_events WHERE kind != 'new'", addDays(TODAY, -540));
    expect(movements).toBe(1);
    for (const kind of ['new', 'expansion', 'contraction', 'churn']) {
      expect(count(db, 'SELECT count(*) n FROM revenue_events WHERE kind = ?', kind)).toBeGreaterThan(0);
    }
  });

  it('includes the featured acme-corp (declining, champion left, renewal soon) and globex (growing)', () => {
    const acme = db.$client.prepare("SELECT * FROM accounts WHERE id = 'acme-corp'").get() as Record<string, unknown>;
    expect(acme).toMatchObject({ name: 'Acme Corp', segment: 'Pro', lifecycle: 'active', owner_slack_id: 'U0CSM001' });
    expect((acme.renewal_date as string) > TODAY && (acme.renewal_date as string) <= addDays(TODAY, 60)).toBe(true);
    const kinds = (db.$client.prepare("SELECT kind FROM signals WHERE account_id = 'acme-corp'").all() as { kind: string }[]).map((r) => r.kind);
    expect(kinds).toContain('champion_departed');
    const last = usageSum('logins', 0, 29);
    const prev = usageSum('logins', 30, 59);
    expect(last.get('acme-corp')!).toBeLessThan(prev.get('acme-corp')! * 0.75);
    expect(last.get('globex')!).toBeGreaterThan(prev.get('globex')! * 1.05);
    expect(count(db, "SELECT count(*) n FROM revenue_events WHERE account_id = 'globex' AND kind = 'expansion'")).toBeGreaterThan(0);
  });
});

describe.each([42, 7])('featured accounts as the README describes them (seed %i)', (seed) => {
  it('acme-corp is at risk on every front and globex is expanding', () => {
    const x = testDb();
    generateDemo(x, { accounts: 2, seed, today: TODAY });
    const acme = x.$client.prepare("SELECT * FROM accounts WHERE id = 'acme-corp'").get() as Record<string, unknown>;
    expect(acme).toMatchObject({ arr: 118_800, seats_licensed: 150, renewal_date: addDays(TODAY, 45), renewal_status: 'in_negotiation' });
    const signalsOf = (id: string) =>
      (x.$client.prepare('SELECT kind FROM signals WHERE account_id = ?').all(id) as { kind: string }[]).map((r) => r.kind).sort();
    expect(signalsOf('acme-corp')).toEqual(['champion_departed', 'competitor_mentioned']);
    expect(signalsOf('globex')).toEqual(['expansion_opportunity', 'feature_limit_hit']);
    expect(
      count(x, "SELECT count(*) n FROM tickets WHERE account_id = 'acme-corp' AND closed_at IS NULL AND priority IN ('high','urgent')"),
    ).toBeGreaterThanOrEqual(2);
    const nps = (x.$client.prepare("SELECT score FROM nps_responses WHERE account_id = 'acme-corp' ORDER BY responded_at").all() as { score: number }[]).map(
      (r) => r.score,
    );
    expect(nps.at(-1)!).toBeLessThanOrEqual(6);
    expect(nps.at(-2)!).toBeGreaterThanOrEqual(9);
    const logins = (id: string, fromAge: number, toAge: number) =>
      count(x, 'SELECT sum(logins) n FROM usage_daily WHERE account_id = ? AND day BETWEEN ? AND ?', id, addDays(TODAY, -toAge), addDays(TODAY, -fromAge));
    const acmeChange = logins('acme-corp', 0, 29) / logins('acme-corp', 30, 59) - 1;
    expect(acmeChange).toBeLessThan(-0.3);
    expect(acmeChange).toBeGreaterThan(-0.5);
    expect(logins('globex', 0, 29)).toBeGreaterThan(logins('globex', 30, 59));
    const peakSeatUse = count(x, "SELECT max(active_users) n FROM usage_daily WHERE account_id = 'globex' AND day > ?", addDays(TODAY, -30)) / 420;
    expect(peakSeatUse).toBeGreaterThanOrEqual(0.85);
    expect(
      count(x, "SELECT count(*) n FROM revenue_events WHERE account_id = 'globex' AND kind = 'expansion' AND occurred_on > ?", addDays(TODAY, -365)),
    ).toBeGreaterThan(0);
    x.$client.close();
  });
});

describe('usage patterns', () => {
  it('declining accounts log in less in the last 30 days than in the 30 before; growing ones more', () => {
    const last = usageSum('logins', 0, 29);
    const prev = usageSum('logins', 30, 59);
    const declining = plansWith((p) => p.pattern === 'declining' && p.band !== 'neutral');
    const growing = plansWith((p) => p.pattern === 'growing' && p.seats >= 10); // tiny teams round to whole users
    expect(declining.length).toBeGreaterThan(20);
    expect(growing.length).toBeGreaterThan(20);
    for (const p of declining) expect(last.get(p.id)!, p.id).toBeLessThan(prev.get(p.id)! * 0.8);
    for (const p of growing) expect(last.get(p.id)!, p.id).toBeGreaterThan(prev.get(p.id)!);
  });

  it('sharp drops fall off a cliff recently; dormant accounts have not logged in for weeks', () => {
    const lastWeek = usageSum('logins', 0, 6);
    const before = usageSum('logins', 35, 41);
    for (const p of plansWith((q) => q.pattern === 'sharp_drop')) expect(lastWeek.get(p.id)!, p.id).toBeLessThan(before.get(p.id)! * 0.75);
    const dormant = plansWith((p) => p.pattern === 'dormant');
    expect(dormant.length).toBeGreaterThan(3);
    const lastLogin = db.$client.prepare('SELECT max(day) d FROM usage_daily WHERE account_id = ? AND logins > 0');
    for (const p of dormant) {
      const { d } = lastLogin.get(p.id) as { d: string };
      expect(d, p.id).toBe(addDays(TODAY, -p.usage.changeAgo));
      expect(d <= addDays(TODAY, -14)).toBe(true);
    }
  });

  it('healthy accounts are steady with quieter weekends', () => {
    const last = usageSum('logins', 0, 29);
    const prev = usageSum('logins', 30, 59);
    // Steady unless a troubled episode (a false alarm, story.ts) touched the last two months.
    const healthy = plansWith(
      (p) => p.pattern === 'healthy' && p.seats >= 20 && (p.story?.dips ?? []).every((d) => d.startAge - d.fall - d.hold - d.rise > 60),
    );
    expect(healthy.length).toBeGreaterThan(50);
    for (const p of healthy) {
      const ratio = last.get(p.id)! / prev.get(p.id)!;
      expect(ratio, p.id).toBeGreaterThan(0.8);
      expect(ratio, p.id).toBeLessThan(1.25);
    }
    const dow = db.$client
      .prepare(
        `SELECT strftime('%w', day) IN ('0','6') weekend, avg(active_users) a FROM usage_daily u JOIN accounts ac ON ac.id = u.account_id
         WHERE ac.lifecycle = 'active' GROUP BY weekend ORDER BY weekend`,
      )
      .all() as { weekend: number; a: number }[];
    expect(dow[1].a).toBeLessThan(dow[0].a * 0.6);
  });

  it('concentrates tickets, high priorities and detractors in troubled accounts', () => {
    // Today's bands describe the last weeks: every account has troubled episodes somewhere in its history (story.ts).
    const since = addDays(TODAY, -60);
    const npsSince = addDays(TODAY, -130);
    const stat = (bands: string[]) => {
      const ids = plansWith((p) => bands.includes(p.band) && p.lifecycle === 'active').map((p) => p.id);
      const inList = `(${ids.map(() => '?').join(',')})`;
      const tickets = count(db, `SELECT count(*) n FROM tickets WHERE opened_at > ? AND account_id IN ${inList}`, since, ...ids);
      const high = count(db, `SELECT count(*) n FROM tickets WHERE opened_at > ? AND priority IN ('high','urgent') AND account_id IN ${inList}`, since, ...ids);
      const nps = count(db, `SELECT count(*) n FROM nps_responses WHERE responded_at > ? AND account_id IN ${inList}`, npsSince, ...ids);
      const detractors = count(db, `SELECT count(*) n FROM nps_responses WHERE responded_at > ? AND score <= 6 AND account_id IN ${inList}`, npsSince, ...ids);
      return { perAccount: tickets / ids.length, highShare: high / tickets, detractorShare: detractors / nps };
    };
    const good = stat(['thriving', 'healthy']);
    const bad = stat(['at_risk', 'critical']);
    expect(bad.perAccount).toBeGreaterThan(good.perAccount * 1.5);
    expect(bad.highShare).toBeGreaterThan(good.highShare * 1.5);
    expect(bad.detractorShare).toBeGreaterThan(good.detractorShare * 2);
    expect(count(db, 'SELECT count(*) n FROM nps_responses WHERE score < 0 OR score > 10')).toBe(0);
    expect(summary.openTickets).toBeGreaterThan(0);
  });
});

describe('health mix', () => {
  it('plans roughly 60% healthy or thriving, 20% neutral and 20% at-risk or critical among live accounts', () => {
    const team = buildTeam(42, TODAY);
    const all = planAccounts({ seed: 42, accounts: 5000, today: TODAY, csms: team.csms }).filter((p) => p.band !== 'churned');
    const share = (bands: string[]) => all.filter((p) => bands.includes(p.band)).length / all.length;
    expect(share(['thriving', 'healthy'])).toBeGreaterThan(0.55);
    expect(share(['thriving', 'healthy'])).toBeLessThan(0.65);
    expect(share(['neutral'])).toBeGreaterThan(0.15);
    expect(share(['neutral'])).toBeLessThan(0.25);
    expect(share(['at_risk', 'critical'])).toBeGreaterThan(0.15);
    expect(share(['at_risk', 'critical'])).toBeLessThan(0.25);
    const kinds = new Set(all.map((p) => p.pattern));
    for (const k of ['healthy', 'growing', 'declining', 'sharp_drop', 'dormant', 'onboarding']) expect(kinds.has(k as never)).toBe(true);
  });
});

describe('refusing and replacing', () => {
  it('refuses to write into a database that already has accounts, and changes nothing', () => {
    const x = testDb();
    generateDemo(x, { accounts: 30, seed: 1, today: TODAY });
    const before = dumpHash(x);
    let err: unknown;
    try {
      generateDemo(x, { accounts: 30, seed: 2, today: TODAY });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).code).toBe('demo_db_not_empty');
    expect((err as Error).message).toMatch(/already has 30 accounts and 25 team members; use --replace/);
    expect(dumpHash(x)).toBe(before);
    x.$client.close();
  });

  it('with replace, deletes existing data (and what derives from it) and matches a fresh run', () => {
    const x = testDb();
    generateDemo(x, { accounts: 40, seed: 1, today: TODAY });
    putScore(x, { accountId: 'acme-corp', asOf: TODAY, score: 40, tier: 'At-Risk' });
    x.$client.prepare("INSERT INTO outbox (idempotency_key, method, args, available_at, created_at) VALUES ('k', 'chat.postMessage', '{}', 'x', 'x')").run();
    const s = generateDemo(x, { accounts: 25, seed: 3, today: TODAY, replace: true });
    expect(s.replaced).toEqual({ accounts: 40, teamMembers: 25 });
    expect(count(x, 'SELECT count(*) n FROM health_scores')).toBe(0);
    expect(count(x, 'SELECT count(*) n FROM outbox')).toBe(0);
    const fresh = testDb();
    generateDemo(fresh, { accounts: 25, seed: 3, today: TODAY });
    expect(dumpHash(x)).toBe(dumpHash(fresh));
    x.$client.close();
    fresh.$client.close();
  });

  it('rejects out-of-range options naming the option', () => {
    const x = testDb();
    expect(() => generateDemo(x, { accounts: 0, today: TODAY })).toThrow(/accounts must be a whole number from 1 to 100000 \(got 0\)/);
    expect(() => generateDemo(x, { days: 2.5, today: TODAY })).toThrow(/days must be a whole number/);
    expect(() => generateDemo(x, { today: '2026-02-30' })).toThrow(/today must be a calendar date/);
    expect(count(x, 'SELECT count(*) n FROM accounts')).toBe(0);
    x.$client.close();
  });

  it('reports progress up to the total', () => {
    const x = testDb();
    const seen: [number, number, string][] = [];
    generateDemo(x, { accounts: 250, today: TODAY, onProgress: (d, t, p) => seen.push([d, t, p]) });
    expect(seen.at(-1)).toEqual([250, 250, 'accounts']);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    x.$client.close();
  });
});
