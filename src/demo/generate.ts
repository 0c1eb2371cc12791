/**
 * Deterministic demo data: same seed + same `today` ⇒ byte-identical rows. Everything is written in one
 * transaction, so a failure leaves the database as it was.
 */
import { performance } from 'node:perf_hooks';
import type { Db } from '../../db';
import type { Lifecycle, TeamRole } from '../../db/schema';
import { UserError } from '../lib/errors';
import { isCalendarDay } from '../lib/dates';
import { historyRows } from './history';
import { idSource } from './ids';
import { npsRows } from './nps';
import { planAccounts } from './plan';
import { createRng, deriveSeed } from './prng';
import { revenueRows } from './revenue';
import { signalRows } from './signals';
import { buildTeam } from './team';
import { ticketRows } from './tickets';
import { BANDS, PATTERNS, type Band, type Pattern } from './types';
import { usageRows, usageWindow } from './usage';
import { clearDemoTables, demoWriter } from './writer';
import { accountCount } from '../accounts/store';
import { memberCount } from '../team/store';

export const DEMO_DEFAULTS = { accounts: 5000, days: 365, seed: 42 } as const;
export const DEMO_LIMITS = { accounts: [1, 100_000], days: [1, 730] } as const;

export interface DemoOptions {
  accounts?: number;
  days?: number;
  seed?: number;
  /** last day of usage, YYYY-MM-DD; defaults to today (UTC) */
  today?: string;
  /** delete existing accounts, team and derived data first instead of refusing */
  replace?: boolean;
  onProgress?: (done: number, total: number, phase: string) => void;
}

export interface DemoCounts {
  teamMembers: number;
  accounts: number;
  usageDaily: number;
  tickets: number;
  npsResponses: number;
  revenueEvents: number;
  signals: number;
  accountHistory: number;
}

export interface DemoSummary {
  seed: number;
  today: string;
  days: number;
  counts: DemoCounts;
  team: Record<TeamRole, number>;
  /** accounts per intended health band and per usage pattern (what the scorer should roughly find) */
  bands: Record<Band, number>;
  patterns: Record<Pattern, number>;
  lifecycle: Record<Lifecycle, number>;
  openTickets: number;
  totalArr: number;
  /** the history's story: churners (with and without warning signs, mid-term cancellations) and troubled episodes that recovered */
  story: { churners: number; surprise: number; midTerm: number; dips: number };
  /** rows deleted first when `replace` was given */
  replaced: { accounts: number; teamMembers: number } | null;
  timings: { planMs: number; writeMs: number; totalMs: number };
}

const PROGRESS_EVERY = 100;

const countRole = (members: { role: TeamRole }[], role: TeamRole) => members.filter((m) => m.role === role).length;

function checkInt(name: string, value: number, [min, max]: readonly [number, number]): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UserError('demo_invalid_option', `${name} must be a whole number from ${min} to ${max} (got ${value})`);
  }
}

function checkDay(today: string): void {
  if (!isCalendarDay(today)) throw new UserError('demo_invalid_option', `today must be a calendar date YYYY-MM-DD (got "${today}")`);
}

export function generateDemo(db: Db, opts: DemoOptions = {}): DemoSummary {
  const t0 = performance.now();
  const accounts = opts.accounts ?? DEMO_DEFAULTS.accounts;
  const days = opts.days ?? DEMO_DEFAULTS.days;
  const seed = opts.seed ?? DEMO_DEFAULTS.seed;
  // The only wall-clock read: resolving the default; generation itself only ever sees `today`.
  const today = opts.today ?? new Date().toISOString().slice(0, 10);
  checkInt('accounts', accounts, DEMO_LIMITS.accounts);
  checkInt('days', days, DEMO_LIMITS.days);
  if (!Number.isSafeInteger(seed)) throw new UserError('demo_invalid_option', `seed must be a whole number (got ${seed})`);
  checkDay(today);
  const progress = opts.onProgress ?? (() => {});
  const sqlite = db.$client;

  const existing = {
    accounts: accountCount(db),
    teamMembers: memberCount(db),
  };
  if ((existing.accounts > 0 || existing.teamMembers > 0) && !opts.replace) {
    throw new UserError(
      'demo_db_not_empty',
      `the database already has ${existing.accounts} accounts and ${existing.teamMembers} team members; ` +
        'use --replace to delete them (and their usage, scores and alerts) and generate demo data',
    );
  }

  const team = buildTeam(seed, today);
  const plans = planAccounts({ seed, accounts, today, csms: team.csms, historyDays: days });
  const win = usageWindow(today, days);
  const tPlan = performance.now();

  const counts: DemoCounts = { teamMembers: 0, accounts: 0, usageDaily: 0, tickets: 0, npsResponses: 0, revenueEvents: 0, signals: 0, accountHistory: 0 };
  const bands = Object.fromEntries(BANDS.map((b) => [b, 0])) as Record<Band, number>;
  const patterns = Object.fromEntries(PATTERNS.map((p) => [p, 0])) as Record<Pattern, number>;
  const lifecycle: Record<Lifecycle, number> = { onboarding: 0, active: 0, churned: 0 };
  let openTickets = 0;
  let totalArr = 0;
  const story = { churners: 0, surprise: 0, midTerm: 0, dips: 0 };
  const updatedAt = `${today}T00:00:00.000Z`;
  const nextId = idSource();

  // Writing accounts in id order keeps inserts into usage_daily's (account_id, day) key append-only.
  const ordered = [...plans].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const writeAll = () => {
    if (opts.replace) {
      progress(0, 1, 'clearing');
      clearDemoTables(sqlite);
    }
    const w = demoWriter(sqlite);
    for (const m of team.members) w.teamMember(m);
    counts.teamMembers = team.members.length;
    progress(0, plans.length, 'accounts');
    for (const plan of ordered) {
      w.account(plan, updatedAt);
      counts.accounts++;
      bands[plan.band]++;
      patterns[plan.pattern]++;
      lifecycle[plan.lifecycle]++;
      totalArr += plan.arr;
      if (plan.churnedOn) {
        story.churners++;
        if (!plan.story?.warning) story.surprise++;
        if (plan.midTermChurn) story.midTerm++;
      }
      story.dips += plan.story?.dips.length ?? 0;
      // One generator per account and stream: an account's data does not depend on any other account's.
      for (const r of usageRows(plan, win, createRng(deriveSeed(seed, 'usage', plan.index)))) {
        w.usage(r);
        counts.usageDaily++;
      }
      w.usageDone(plan.id);
      for (const r of historyRows(plan, today, days, createRng(deriveSeed(seed, 'history', plan.index)))) {
        w.history(r);
        counts.accountHistory++;
      }
      for (const r of ticketRows(plan, today, createRng(deriveSeed(seed, 'tickets', plan.index)), nextId, days)) {
        w.ticket(r);
        counts.tickets++;
        if (r.closedAt === null) openTickets++;
      }
      for (const r of npsRows(plan, today, createRng(deriveSeed(seed, 'nps', plan.index)), nextId, days)) {
        w.nps(r);
        counts.npsResponses++;
      }
      for (const r of revenueRows(plan, today, createRng(deriveSeed(seed, 'revenue', plan.index)), nextId)) {
        w.revenue(r);
        counts.revenueEvents++;
      }
      for (const r of signalRows(plan, today, createRng(deriveSeed(seed, 'signals', plan.index)), nextId, days)) {
        w.signal(r);
        counts.signals++;
      }
      if (counts.accounts % PROGRESS_EVERY === 0 || counts.accounts === plans.length) progress(counts.accounts, plans.length, 'accounts');
    }
    w.finish();
  };
  // A bigger page cache for the duration keeps the usage indexes in memory while 450k rows go in.
  const cacheBefore = sqlite.pragma('cache_size', { simple: true }) as number;
  sqlite.pragma('cache_size = -65536');
  try {
    sqlite.transaction(writeAll)();
  } finally {
    sqlite.pragma(`cache_size = ${cacheBefore}`);
  }
  const tEnd = performance.now();

  return {
    seed,
    today,
    days,
    counts,
    team: { csm: team.csms.length, manager: countRole(team.members, 'manager'), vp: countRole(team.members, 'vp'), admin: countRole(team.members, 'admin') },
    bands,
    patterns,
    lifecycle,
    openTickets,
    totalArr,
    story,
    replaced: opts.replace ? existing : null,
    timings: { planMs: Math.round(tPlan - t0), writeMs: Math.round(tEnd - tPlan), totalMs: Math.round(tEnd - t0) },
  };
}
