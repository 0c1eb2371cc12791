/** Small row builders for scoring tests (real SQLite, real migrations). */
import type { Db } from '../../db';
import { eq } from 'drizzle-orm';
import { accounts, healthScores } from '../../db/schema';
import type { ScoringConfig } from '../../src/config/sections/scoring';
import { addDays } from '../../src/lib/dates';
import { decodeScore } from '../../src/scoring/score-codec';
import { defaultScoring, signalDetailReader } from '../../src/scoring/store';
import type { Components, ScoredAccount } from '../../src/scoring/types';

export interface AccountSeed {
  id: string;
  name?: string;
  segment?: string | null;
  arr?: number;
  signupDate?: string | null;
  contractStart?: string | null;
  renewalDate?: string | null;
  renewalStatus?: string;
  lifecycle?: string;
  seatsLicensed?: number | null;
}

export function addAccount(db: Db, a: AccountSeed): void {
  db.$client
    .prepare(
      `INSERT INTO accounts (id, name, segment, arr, signup_date, contract_start, renewal_date, renewal_status, lifecycle, seats_licensed, updated_at)
       VALUES (@id, @name, @segment, @arr, @signupDate, @contractStart, @renewalDate, @renewalStatus, @lifecycle, @seatsLicensed, '2026-01-01T00:00:00Z')`,
    )
    .run({
      name: a.name ?? a.id,
      segment: null,
      arr: 10_000,
      signupDate: null,
      contractStart: null,
      renewalDate: null,
      renewalStatus: 'pending',
      lifecycle: 'active',
      seatsLicensed: null,
      ...a,
    });
}

export interface UsageDay {
  activeUsers?: number;
  logins?: number;
  keyEvents?: number;
  featuresUsed?: number;
  integrations?: number;
}

/** One usage row per day from `from` to `to` inclusive; `fn` gives the metrics for each day. */
export function addUsage(db: Db, accountId: string, from: string, to: string, fn: (day: string) => UsageDay): void {
  const stmt = db.$client.prepare(
    `INSERT INTO usage_daily (account_id, day, active_users, logins, key_events, features_used, integrations)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(account_id, day) DO UPDATE SET active_users = excluded.active_users, logins = excluded.logins,
       key_events = excluded.key_events, features_used = excluded.features_used, integrations = excluded.integrations`,
  );
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const u = fn(d);
    stmt.run(accountId, d, u.activeUsers ?? 0, u.logins ?? 0, u.keyEvents ?? 0, u.featuresUsed ?? 0, u.integrations ?? 0);
  }
}

let seq = 0;
export function addTicket(db: Db, t: { accountId: string; openedAt: string; closedAt?: string | null; priority?: string; csat?: number | null }): void {
  db.$client
    .prepare('INSERT INTO tickets (id, account_id, opened_at, closed_at, priority, csat) VALUES (?, ?, ?, ?, ?, ?)')
    .run(`t${++seq}`, t.accountId, t.openedAt, t.closedAt ?? null, t.priority ?? 'medium', t.csat ?? null);
}

export function addNps(db: Db, accountId: string, respondedAt: string, score: number): void {
  db.$client.prepare('INSERT INTO nps_responses (id, account_id, responded_at, score) VALUES (?, ?, ?, ?)').run(`n${++seq}`, accountId, respondedAt, score);
}

export function addSignal(db: Db, accountId: string, kind: string, occurredAt: string, detail: string | null = null, resolvedAt: string | null = null): void {
  db.$client
    .prepare('INSERT INTO signals (id, account_id, kind, occurred_at, detail, resolved_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(`s${++seq}`, accountId, kind, occurredAt, detail, resolvedAt);
}

export function addRevenue(db: Db, accountId: string, occurredOn: string, kind: string, arrDelta: number): void {
  db.$client
    .prepare('INSERT INTO revenue_events (id, account_id, occurred_on, kind, arr_delta) VALUES (?, ?, ?, ?, ?)')
    .run(`r${++seq}`, accountId, occurredOn, kind, arrDelta);
}

export function addSnapshot(
  db: Db,
  s: {
    accountId: string;
    asOf: string;
    logins30d?: number | null;
    featuresUsed?: number | null;
    activeSeats?: number | null;
    openTickets?: number | null;
    npsScore?: number | null;
    daysSinceLastLogin?: number | null;
  },
): void {
  db.$client
    .prepare(
      `INSERT INTO account_snapshots (account_id, as_of, logins_30d, features_used, active_seats, open_tickets, nps_score, days_since_last_login)
       VALUES (@accountId, @asOf, @logins30d, @featuresUsed, @activeSeats, @openTickets, @npsScore, @daysSinceLastLogin)`,
    )
    .run({ logins30d: null, featuresUsed: null, activeSeats: null, openTickets: null, npsScore: null, daysSinceLastLogin: null, ...s });
}

/** Stored score rows as readers see them (decoded and rendered with the given scoring config, default the built-in one). */
export function scoreRows(db: Db, asOf?: string, config: ScoringConfig = defaultScoring()): Array<Record<string, unknown>> {
  return db
    .select({ h: healthScores, segment: accounts.segment })
    .from(healthScores)
    .leftJoin(accounts, eq(accounts.id, healthScores.accountId))
    .where(asOf ? eq(healthScores.asOf, asOf) : undefined)
    .orderBy(healthScores.accountId, healthScores.asOf)
    .all()
    .map(({ h, segment }) => {
      const s = decodeScore(h, { config, segment, signalDetail: signalDetailReader(db, h.accountId) });
      return {
        account_id: s.accountId,
        as_of: s.asOf,
        score: s.score,
        tier: s.tier,
        components: s.components,
        drivers: s.drivers,
        coverage: s.coverage,
        expansion: s.expansion,
        quadrant: s.quadrant,
        onboarding: s.onboarding,
      };
    });
}

/** The stored row (as scoreRows reads it) a scored account must come back as. */
export function expectedRow(s: ScoredAccount): Record<string, unknown> {
  return {
    account_id: s.accountId,
    as_of: s.asOf,
    score: s.score,
    tier: s.tier,
    components: storedComponents(s.components),
    drivers: s.drivers,
    coverage: s.coverage,
    expansion: s.expansion,
    quadrant: s.quadrant,
    onboarding: s.onboarding,
  };
}

/** What a stored score keeps of the scorer's components: no sub-scores or penalties (the store renders the rest). */
export function storedComponents(c: Components): Components {
  return Object.fromEntries(
    Object.entries(c).map(([k, v]) => [k, { score: v.score, weight: v.weight, effectiveWeight: v.effectiveWeight, contribution: v.contribution }]),
  ) as Components;
}
