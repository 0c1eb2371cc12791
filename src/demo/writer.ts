/** Prepared-statement inserts for the demo generator (raw better-sqlite3: drizzle's per-row overhead adds up at 450k rows). */
import type Database from 'better-sqlite3';
import { refreshAccountRollups } from '../book/account-rollups';
import { SCORE_TABLES } from '../scoring/store';
import { rollupRefresher } from '../usage/rollups';
import type { HistoryRow } from './history';
import type { AccountPlan, NpsRow, RevenueRow, SignalRow, TeamMemberRow, TicketRow, UsageRow } from './types';

/**
 * Tables cleared by `replace`, children before parents: all account data and everything derived from it
 * (scores, alerts, outreach, the delivery queue and digest log refer to accounts or people that are going away).
 */
export const REPLACED_TABLES = [
  'playbook_step_completions',
  'alert_messages',
  'alert_events',
  'outreach',
  'account_rollups',
  'alerts',
  'slack_messages',
  'outbox',
  'digest_log',
  ...SCORE_TABLES,
  'account_history',
  'account_snapshots',
  'usage_rollups',
  'usage_daily',
  'tickets',
  'nps_responses',
  'revenue_events',
  'signals',
  'accounts',
  'team_members',
] as const;

export function clearDemoTables(sqlite: Database.Database): void {
  for (const t of REPLACED_TABLES) sqlite.prepare(`DELETE FROM ${t}`).run();
}

export interface DemoWriter {
  teamMember(r: TeamMemberRow): void;
  account(p: AccountPlan, updatedAt: string): void;
  usage(r: UsageRow): void;
  /** an account's usage rows are all written: compute its usage rollup */
  usageDone(accountId: string): void;
  ticket(r: TicketRow): void;
  nps(r: NpsRow): void;
  revenue(r: RevenueRow): void;
  signal(r: SignalRow): void;
  history(r: HistoryRow): void;
  /** After the last row: derived per-account state (account_rollups, ARR as of today) for what was written. */
  finish(): void;
}

export function demoWriter(sqlite: Database.Database): DemoWriter {
  const team = sqlite.prepare(
    `INSERT INTO team_members (email, name, slack_id, role, manager_email, timezone, is_restricted, updated_at)
     VALUES (@email, @name, @slackId, @role, @managerEmail, @timezone, 0, @updatedAt)`,
  );
  const account = sqlite.prepare(
    `INSERT INTO accounts (id, name, owner_email, owner_slack_id, segment, industry, country, arr, contract_start, renewal_date,
       renewal_status, lifecycle, signup_date, seats_licensed, updated_at)
     VALUES (@id, @name, @ownerEmail, @ownerSlackId, @segment, @industry, @country, @arr, @contractStart, @renewalDate,
       @renewalStatus, @lifecycle, @signupDate, @seats, @updatedAt)`,
  );
  const usage = sqlite.prepare(
    `INSERT INTO usage_daily (account_id, day, active_users, logins, key_events, features_used, integrations)
     VALUES (?, ?, ?, ?, ?, ?, ?)`, // positional: measurably faster binding for the 450k-row table
  );
  const ticket = sqlite.prepare(
    `INSERT INTO tickets (id, account_id, opened_at, closed_at, priority, csat, escalated, subject)
     VALUES (@id, @accountId, @openedAt, @closedAt, @priority, @csat, @escalated, @subject)`,
  );
  const nps = sqlite.prepare(
    `INSERT INTO nps_responses (id, account_id, responded_at, score, comment) VALUES (@id, @accountId, @respondedAt, @score, @comment)`,
  );
  const revenue = sqlite.prepare(
    `INSERT INTO revenue_events (id, account_id, occurred_on, kind, arr_delta, expansion_type, note)
     VALUES (@id, @accountId, @occurredOn, @kind, @arrDelta, @expansionType, @note)`,
  );
  const signal = sqlite.prepare(
    `INSERT INTO signals (id, account_id, kind, occurred_at, detail, source, resolved_at)
     VALUES (@id, @accountId, @kind, @occurredAt, @detail, @source, @resolvedAt)`,
  );
  const history = sqlite.prepare(
    `INSERT INTO account_history (account_id, valid_from, valid_until, segment, renewal_date, renewal_status, lifecycle, signup_date, contract_start, seats_licensed)
     VALUES (@accountId, @validFrom, @validUntil, @segment, @renewalDate, @renewalStatus, @lifecycle, @signupDate, @contractStart, @seatsLicensed)`,
  );
  const withRevenue = new Set<string>();
  const refreshRollups = rollupRefresher(sqlite);
  return {
    history: (r) => void history.run(r),
    teamMember: (r) => void team.run(r),
    account: (p, updatedAt) =>
      void account.run({
        id: p.id,
        name: p.name,
        ownerEmail: p.ownerEmail,
        ownerSlackId: p.ownerSlackId,
        segment: p.segment,
        industry: p.industry,
        country: p.country,
        arr: p.arr,
        contractStart: p.contractStart,
        renewalDate: p.renewalDate,
        renewalStatus: p.renewalStatus,
        lifecycle: p.lifecycle,
        signupDate: p.signupDate,
        seats: p.seats,
        updatedAt,
      }),
    usage: (r) => void usage.run(r.accountId, r.day, r.activeUsers, r.logins, r.keyEvents, r.featuresUsed, r.integrations),
    usageDone: (accountId) => refreshRollups([accountId]),
    ticket: (r) => void ticket.run(r),
    nps: (r) => void nps.run(r),
    revenue: (r) => {
      revenue.run(r);
      withRevenue.add(r.accountId);
    },
    signal: (r) => void signal.run(r),
    finish: () => refreshAccountRollups(sqlite, withRevenue),
  };
}
