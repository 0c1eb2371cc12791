import type { Db } from '../../db';
import type { AlertSeverity, AlertStatus, RenewalStatus } from '../../db/schema';
import { addDays } from '../lib/dates';
import { AT_RISK_TIERS, TIERS, type Tier } from '../scoring/types';
import { type Caller, identifyCaller } from '../team/permissions';
import { type GroupReasonLine, reasonsOfGroups } from '../alerts/group-store';
import { stmt } from './statements';

/** Whose accounts a view covers. */
export type BookScope = { kind: 'all' } | { kind: 'owners'; emails: string[]; slackIds: string[] };

export interface BookRow {
  id: string;
  name: string;
  arr: number;
  segment: string | null;
  renewalDate: string | null;
  renewalStatus: RenewalStatus;
  ownerEmail: string | null;
  ownerSlackId: string | null;
  score: number | null;
  tier: Tier | null;
  scoreAsOf: string | null;
  /** latest score at least 7 days before the current one */
  prev7: number | null;
  lastTouchAt: string | null;
  /** the account's live alert group (most severe if an opportunity is live too) with its ranked reasons, or null */
  group?: BookGroup | null;
}

/** An alert group as the lists show it: its severity, state and reasons (highest first). */
export interface BookGroup {
  id: number;
  severity: AlertSeverity;
  status: AlertStatus;
  reasons: GroupReasonLine[];
}

export interface BookAlert {
  id: number;
  accountId: string;
  accountName: string;
  severity: AlertSeverity;
  status: AlertStatus;
  title: string;
  slaDueAt: string | null;
  /** the group's reasons, highest severity first */
  reasons: GroupReasonLine[];
}

export interface BookSummary {
  accounts: number;
  totalArr: number;
  atRiskArr: number;
  byTier: Record<Tier | 'Unscored', number>;
  openAlerts: number;
}

/**
 * The book a Slack user sees: a CSM their own accounts, a manager their team's (recursively), the VP,
 * team admins and the Slack ids in `slack.admins` everything. An unmapped user sees the accounts whose
 * owner Slack id is theirs.
 */
export function scopeForUser(
  db: Db,
  slackUserId: string,
  admins: readonly string[] = [],
): { scope: BookScope; label: string; caller: Caller | null } {
  const caller = identifyCaller(db, slackUserId);
  if (admins.includes(slackUserId) || caller?.role === 'vp' || caller?.role === 'admin') {
    return { scope: { kind: 'all' }, label: 'All accounts', caller };
  }
  if (!caller) return { scope: { kind: 'owners', emails: [], slackIds: [slackUserId] }, label: 'Your accounts', caller };
  if (caller.role !== 'manager') return { scope: { kind: 'owners', emails: [caller.email], slackIds: [slackUserId] }, label: 'Your accounts', caller };
  // Everyone below the manager, at any depth; UNION (not UNION ALL) stops cycles in bad data.
  const team = stmt(
    db,
    `with recursive team(email) as (
       select ? union select t.email from team_members t join team on t.manager_email = team.email)
     select team.email, m.slack_id from team left join team_members m on m.email = team.email limit 10000`,
  ).all(caller.email) as { email: string; slack_id: string | null }[];
  const emails = team.map((r) => r.email);
  const slackIds = team.flatMap((r) => (r.slack_id ? [r.slack_id] : []));
  return { scope: { kind: 'owners', emails, slackIds }, label: "Your team's accounts", caller };
}

function scopeParams(scope: BookScope) {
  return scope.kind === 'all'
    ? { all: 1, emails: '[]', slackIds: '[]' }
    : { all: 0, emails: JSON.stringify(scope.emails), slackIds: JSON.stringify(scope.slackIds) };
}

const SCOPE_SQL = `(@all = 1 or a.owner_email in (select value from json_each(@emails)) or a.owner_slack_id in (select value from json_each(@slackIds)))`;

/** Live (non-churned) accounts in scope with latest score, 7-day-earlier score and last touch. */
export function loadBook(db: Db, scope: BookScope, today: string): BookRow[] {
  const rows = stmt(
    db,
    `select a.id, a.name, a.arr, a.segment, a.renewal_date, a.renewal_status, a.owner_email, a.owner_slack_id,
            h.score, h.tier, h.as_of,
            (select p.score from health_scores p where p.account_id = a.id and p.as_of <= date(h.as_of, '-7 days') and p.as_of >= date(h.as_of, '-14 days') order by p.as_of desc limit 1) prev7,
            (select max(o.occurred_at) from outreach o where o.account_id = a.id) last_touch
     from accounts a
     left join health_scores h on h.id = (select x.id from health_scores x where x.account_id = a.id and x.as_of <= @today order by x.as_of desc limit 1)
     where a.lifecycle != 'churned' and ${SCOPE_SQL}`,
  ).all({ ...scopeParams(scope), today }) as Record<string, unknown>[];
  const groups = liveGroupsByAccount(db, scope);
  return rows.map((r) => ({
    id: String(r.id),
    name: String(r.name),
    arr: Number(r.arr),
    segment: (r.segment as string | null) ?? null,
    renewalDate: (r.renewal_date as string | null) ?? null,
    renewalStatus: r.renewal_status as RenewalStatus,
    ownerEmail: (r.owner_email as string | null) ?? null,
    ownerSlackId: (r.owner_slack_id as string | null) ?? null,
    score: r.score == null ? null : Number(r.score),
    tier: (r.tier as Tier | null) ?? null,
    scoreAsOf: (r.as_of as string | null) ?? null,
    prev7: r.prev7 == null ? null : Number(r.prev7),
    lastTouchAt: (r.last_touch as string | null) ?? null,
    group: groups.get(String(r.id)) ?? null,
  }));
}

const SEVERITY_ORDER_SQL = `case al.severity when 'critical' then 4 when 'high' then 3 when 'medium' then 2 else 1 end`;

/** Each in-scope account's live alert group (the most severe, should more than one be live) with its reasons. */
function liveGroupsByAccount(db: Db, scope: BookScope): Map<string, BookGroup> {
  const rows = stmt(
    db,
    `select al.id, al.account_id, al.severity, al.status from alerts al join accounts a on a.id = al.account_id
     where al.status != 'resolved' and ${SCOPE_SQL} order by ${SEVERITY_ORDER_SQL} asc, al.id asc`,
  ).all(scopeParams(scope)) as {
    id: number;
    account_id: string;
    severity: AlertSeverity;
    status: AlertStatus;
  }[];
  const reasons = reasonsOfGroups(db, rows.map((r) => r.id));
  // ascending: the most severe group per account is written last and wins
  return new Map(rows.map((r) => [r.account_id, { id: r.id, severity: r.severity, status: r.status, reasons: reasons.get(r.id) ?? [] }]));
}

export function loadOpenAlerts(db: Db, scope: BookScope, limit = 5): { total: number; alerts: BookAlert[] } {
  const params = scopeParams(scope);
  const total = (stmt(db, `select count(*) n from alerts al join accounts a on a.id = al.account_id where al.status != 'resolved' and ${SCOPE_SQL}`).get(params) as { n: number }).n;
  const rows = stmt(
    db,
    `select al.id, al.account_id, a.name, al.severity, al.status, al.title, al.sla_due_at from alerts al join accounts a on a.id = al.account_id
     where al.status != 'resolved' and ${SCOPE_SQL}
     order by ${SEVERITY_ORDER_SQL} desc, al.opened_at desc limit @limit`,
  ).all({ ...params, limit }) as Record<string, unknown>[];
  const reasons = reasonsOfGroups(db, rows.map((r) => Number(r.id)));
  return {
    total,
    alerts: rows.map((r) => ({
      id: Number(r.id),
      accountId: String(r.account_id),
      accountName: String(r.name),
      severity: r.severity as AlertSeverity,
      status: r.status as AlertStatus,
      title: String(r.title),
      slaDueAt: (r.sla_due_at as string | null) ?? null,
      reasons: reasons.get(Number(r.id)) ?? [],
    })),
  };
}

export function summarizeBook(rows: BookRow[], openAlerts: number): BookSummary {
  const byTier = Object.fromEntries([...TIERS, 'Unscored'].map((t) => [t, 0])) as BookSummary['byTier'];
  let totalArr = 0;
  let atRiskArr = 0;
  for (const r of rows) {
    byTier[r.tier && (TIERS as readonly string[]).includes(r.tier) ? r.tier : 'Unscored'] += 1;
    totalArr += r.arr;
    if (r.tier && AT_RISK_TIERS.includes(r.tier)) atRiskArr += r.arr;
  }
  return { accounts: rows.length, totalArr, atRiskArr, byTier, openAlerts };
}

export const BOOK_FILTERS = ['all', 'at_risk', 'at_risk_renewing', 'no_touch_30', 'renewals_90'] as const;
export type BookFilter = (typeof BOOK_FILTERS)[number];

export const BOOK_FILTER_LABELS: Record<BookFilter, string> = {
  all: 'All',
  at_risk: 'At risk',
  at_risk_renewing: 'At risk, renewing ≤60d',
  no_touch_30: 'No touch in 30d',
  renewals_90: 'Renewals ≤90d',
};

export function isAtRisk(r: Pick<BookRow, 'tier'>): boolean {
  return r.tier !== null && AT_RISK_TIERS.includes(r.tier);
}

function renewsWithin(r: BookRow, today: string, days: number): boolean {
  return r.renewalDate !== null && r.renewalDate >= today && r.renewalDate <= addDays(today, days);
}

/** Apply a Home / command filter and its natural order (risk first, or soonest renewal first). */
export function filterBook(rows: BookRow[], filter: BookFilter, today: string, opts: { segment?: string; renewalDays?: number } = {}): BookRow[] {
  const byRisk = (a: BookRow, b: BookRow) => (a.score ?? 101) - (b.score ?? 101) || b.arr - a.arr || a.name.localeCompare(b.name);
  const byRenewal = (a: BookRow, b: BookRow) => (a.renewalDate ?? '').localeCompare(b.renewalDate ?? '') || byRisk(a, b);
  const seg = opts.segment?.toLowerCase();
  const inSeg = (r: BookRow) => !seg || (r.segment ?? '').toLowerCase() === seg;
  const touchCutoff = `${addDays(today, -30)}T00:00:00.000Z`;
  switch (filter) {
    case 'all':
      return rows.filter(inSeg).sort(byRisk);
    case 'at_risk':
      return rows.filter((r) => inSeg(r) && isAtRisk(r)).sort(byRisk);
    case 'at_risk_renewing':
      return rows.filter((r) => inSeg(r) && isAtRisk(r) && renewsWithin(r, today, 60)).sort(byRenewal);
    case 'no_touch_30':
      return rows.filter((r) => inSeg(r) && (r.lastTouchAt === null || r.lastTouchAt < touchCutoff)).sort(byRisk);
    case 'renewals_90':
      return rows.filter((r) => inSeg(r) && renewsWithin(r, today, opts.renewalDays ?? 90)).sort(byRenewal);
  }
}
