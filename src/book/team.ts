/**
 * The team rollup (issue 14's team view): per owner, the book's accounts, ARR, at-risk ARR now and a week ago,
 * open alerts, SLA acknowledgements this week and last, overdue playbook steps and accounts untouched for N
 * days. One SQL aggregate over the book read model (GROUP BY owner, with the alert store's per-account facts
 * joined), so every surface (the manager's and VP's App Home, `/health team`) shows the same numbers, and the
 * VP's Home stays fast at 100,000 accounts (bench:home).
 */
import type { Db } from '../../db';
import type { TeamRole } from '../../db/schema';
import { ALERT_FACTS_BY_ACCOUNT_SQL, alertFactParams } from '../alerts/store';
import { stmt } from '../../db/statement-cache';
import { atRiskSql } from '../domain/risk';
import { DEFAULT_NO_TOUCH_DAYS, untouchedCutoff } from '../domain/touch';
import { addDays } from '../lib/dates';
import { instantRange, trailingDays } from '../metrics/periods';
import { allMembers, type TeamMemberRow } from '../team/store';
import { params, SCORED_SQL } from './read-model';
import { ALL, type BookScope, scopeOfTeam } from './scope';

/** Acknowledged within SLA: of `decided` groups whose deadline was decided in the window, `met` were acknowledged in time. */
export interface SlaShare {
  met: number;
  decided: number;
}

export interface TeamFigures {
  accounts: number;
  arr: number;
  atRiskArr: number;
  /** today's ARR of the accounts whose tier a week ago (latest score on or before then) was at risk, as the CSM digest */
  atRiskArrWeekAgo: number;
  openAlerts: number;
  overdueSteps: number;
  untouched: number;
  slaThisWeek: SlaShare;
  slaLastWeek: SlaShare;
}

export interface TeamRow extends TeamFigures {
  /** a member's email, else the owner Slack id / email accounts name, else '' (unassigned) */
  key: string;
  name: string;
  email: string | null;
  slackId: string | null;
  /** 'manager' rows add up their team; 'owner' rows are one person's (or the unassigned) book */
  kind: 'manager' | 'owner';
  role: TeamRole | null;
}

/** The SLA windows: the 7 days up to today and the 7 before (the leadership digest's period). */
export function slaWeeks(asOf: string) {
  return { thisWeek: instantRange(trailingDays(asOf, 7)), lastWeek: instantRange(trailingDays(addDays(asOf, -7), 7)) };
}

/**
 * Per-owner groups (kind 'g'); with @top > 0, the book is materialized once and the top at-risk accounts by ARR
 * (kind 't': id, name, tier, score, owner, arr) follow in the same statement, instead of a second pass over it.
 */
const ROLLUP_SQL = (scope: BookScope, withTop: boolean) => `
  with s as ${withTop ? 'materialized' : 'not materialized'} (${SCORED_SQL(scope)})
  select 'g' kind, null id, null name, null tier, null score, s.owner_email, s.owner_slack_id, count(*) accounts, sum(s.arr) arr,
         sum(case when ${atRiskSql('s.tier')} then s.arr else 0 end) at_risk_arr,
         sum(case when ${atRiskSql(`(select h.tier from health_scores h where h.account_id = s.id and h.as_of <= @weekAgo order by h.as_of desc limit 1)`)} then s.arr else 0 end) at_risk_prev,
         sum(s.last_touch is null or s.last_touch < @touchCutoff) untouched,
         coalesce(sum(af.open_alerts), 0) open_alerts, coalesce(sum(af.overdue_steps), 0) overdue_steps,
         coalesce(sum(af.sla_this_n), 0) sla_this_n, coalesce(sum(af.sla_this_met), 0) sla_this_met,
         coalesce(sum(af.sla_last_n), 0) sla_last_n, coalesce(sum(af.sla_last_met), 0) sla_last_met
  from s left join (${ALERT_FACTS_BY_ACCOUNT_SQL}) af on af.account_id = s.id
  group by s.owner_email, s.owner_slack_id
  ${
    withTop
      ? `union all select * from (
           select 't', s.id, s.name, s.tier, s.score, s.owner_email, s.owner_slack_id, null, s.arr, null, null, null, null, null, null, null, null, null
           from s where ${atRiskSql('s.tier')} order by s.arr desc, s.id asc limit @top)`
      : ''
  }`;

type RawGroup = {
  kind: 'g' | 't';
  id: string | null;
  name: string | null;
  tier: string | null;
  score: number | null;
  owner_email: string | null;
  owner_slack_id: string | null;
  accounts: number;
  arr: number;
  at_risk_arr: number;
  at_risk_prev: number;
  untouched: number;
  open_alerts: number;
  overdue_steps: number;
  sla_this_n: number;
  sla_this_met: number;
  sla_last_n: number;
  sla_last_met: number;
};

export const zeroFigures = (): TeamFigures => ({
  accounts: 0,
  arr: 0,
  atRiskArr: 0,
  atRiskArrWeekAgo: 0,
  openAlerts: 0,
  overdueSteps: 0,
  untouched: 0,
  slaThisWeek: { met: 0, decided: 0 },
  slaLastWeek: { met: 0, decided: 0 },
});

/** Add b's figures into a (the groups of one owner, or a manager's team). */
export function addFigures(a: TeamFigures, b: TeamFigures): TeamFigures {
  a.accounts += b.accounts;
  a.arr += b.arr;
  a.atRiskArr += b.atRiskArr;
  a.atRiskArrWeekAgo += b.atRiskArrWeekAgo;
  a.openAlerts += b.openAlerts;
  a.overdueSteps += b.overdueSteps;
  a.untouched += b.untouched;
  a.slaThisWeek.met += b.slaThisWeek.met;
  a.slaThisWeek.decided += b.slaThisWeek.decided;
  a.slaLastWeek.met += b.slaLastWeek.met;
  a.slaLastWeek.decided += b.slaLastWeek.decided;
  return a;
}

/** The team member an account's owner fields name: by email first, else Slack id (as the scopes match). */
function ownerMatcher(members: TeamMemberRow[]): (email: string | null, slackId: string | null) => TeamMemberRow | undefined {
  const byEmail = new Map(members.map((m) => [m.email, m]));
  const bySlack = new Map(members.flatMap((m) => (m.slackId ? [[m.slackId, m] as const] : [])));
  return (email, slackId) => (email ? byEmail.get(email) : undefined) ?? (slackId ? bySlack.get(slackId) : undefined);
}

export interface RollupOptions {
  /** the instant SLA and step deadlines are judged against */
  now: Date;
  noTouchDays?: number;
}

/**
 * One row per owner of the live accounts in scope (a team member matched by email first, else Slack id, as the
 * scopes match; an owner not in the team by what the accounts name; unowned accounts as one row with key '').
 */
export function ownerRows(db: Db, scope: BookScope, asOf: string, opts: RollupOptions, members: TeamMemberRow[] = allMembers(db)): TeamRow[] {
  return rollupPass(db, scope, asOf, opts, members, 0).rows;
}

function rollupPass(
  db: Db,
  scope: BookScope,
  asOf: string,
  opts: RollupOptions,
  members: TeamMemberRow[],
  top: number,
): { rows: TeamRow[]; top: AtRiskAccount[] } {
  const w = slaWeeks(asOf);
  const all = stmt(db, ROLLUP_SQL(scope, top > 0)).all({
    ...(top > 0 ? { top } : {}),
    ...params(scope, asOf),
    ...alertFactParams(opts.now, w.thisWeek, w.lastWeek),
    weekAgo: addDays(asOf, -7),
    touchCutoff: untouchedCutoff(asOf, opts.noTouchDays ?? DEFAULT_NO_TOUCH_DAYS),
  }) as RawGroup[];
  const raw = all.filter((r) => r.kind === 'g');
  const memberOf = ownerMatcher(members);
  const out = new Map<string, TeamRow>();
  for (const g of raw) {
    const m = memberOf(g.owner_email, g.owner_slack_id);
    const key = m?.email ?? g.owner_email ?? g.owner_slack_id ?? '';
    let row = out.get(key);
    if (!row) {
      row = {
        key,
        name: m?.name ?? (key || 'Unassigned'),
        email: m?.email ?? g.owner_email,
        slackId: m?.slackId ?? g.owner_slack_id,
        kind: 'owner',
        role: m?.role ?? null,
        ...zeroFigures(),
      };
      out.set(key, row);
    }
    addFigures(row, {
      accounts: g.accounts,
      arr: g.arr,
      atRiskArr: g.at_risk_arr,
      atRiskArrWeekAgo: g.at_risk_prev,
      openAlerts: g.open_alerts,
      overdueSteps: g.overdue_steps,
      untouched: g.untouched,
      slaThisWeek: { met: g.sla_this_met, decided: g.sla_this_n },
      slaLastWeek: { met: g.sla_last_met, decided: g.sla_last_n },
    });
  }
  const topRows = all
    .filter((r) => r.kind === 't')
    .map((r) => {
      const m = memberOf(r.owner_email, r.owner_slack_id);
      return {
        id: String(r.id),
        name: String(r.name),
        arr: r.arr,
        tier: String(r.tier),
        score: Number(r.score),
        ownerName: m?.name ?? r.owner_email,
        ownerSlackId: m?.slackId ?? r.owner_slack_id,
      };
    });
  return { rows: [...out.values()], top: topRows };
}

/** SLA misses this week plus overdue playbook steps: promises already broken. */
export const misses = (f: TeamFigures) => f.overdueSteps + (f.slaThisWeek.decided - f.slaThisWeek.met);

/**
 * "What needs attention" first: the most broken promises (overdue playbook steps plus SLA misses this week),
 * then the most at-risk ARR, then the most accounts untouched, then by name.
 */
export function byAttention(a: TeamRow, b: TeamRow): number {
  return misses(b) - misses(a) || b.atRiskArr - a.atRiskArr || b.untouched - a.untouched || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

export interface TeamRollup {
  /** everything in scope added up */
  total: TeamFigures;
  /** by attention (byAttention) */
  rows: TeamRow[];
}

function rollup(rows: TeamRow[]): TeamRollup {
  const total = zeroFigures();
  for (const r of rows) addFigures(total, r);
  return { total, rows: rows.sort(byAttention) };
}

/**
 * A manager's team: a row per owner in their book (everyone below them, and their own accounts), plus a zero
 * row for each CSM below them who owns nothing yet.
 */
export function teamRollup(db: Db, managerEmail: string, asOf: string, opts: RollupOptions): TeamRollup {
  const members = allMembers(db);
  const scope = scopeOfTeam(db, managerEmail);
  const rows = ownerRows(db, scope, asOf, opts, members);
  const seen = new Set(rows.map((r) => r.key));
  const team = scope.kind === 'owners' ? new Set(scope.emails) : new Set<string>();
  for (const m of members) {
    if (m.role === 'csm' && team.has(m.email) && !seen.has(m.email)) {
      rows.push({ key: m.email, name: m.name, email: m.email, slackId: m.slackId, kind: 'owner', role: m.role, ...zeroFigures() });
    }
  }
  return rollup(rows);
}

/**
 * The VP's view: a row per top-level manager (a manager with no manager above them), adding up their whole
 * team; every owner outside those teams (reporting to the VP directly, not in the team list, unassigned)
 * keeps their own row, so the rows add up to the whole book.
 */
export function orgRollup(db: Db, asOf: string, opts: RollupOptions & { top?: number }): TeamRollup & { top: AtRiskAccount[] } {
  const members = allMembers(db);
  const byEmail = new Map(members.map((m) => [m.email, m]));
  const topManagerOf = (email: string): TeamMemberRow | null => {
    let top: TeamMemberRow | null = null;
    const seen = new Set<string>();
    for (let cur = byEmail.get(email); cur && !seen.has(cur.email); cur = cur.managerEmail ? byEmail.get(cur.managerEmail) : undefined) {
      seen.add(cur.email);
      if (cur.role === 'manager') top = cur;
    }
    return top;
  };
  const managers = new Map<string, TeamRow>();
  for (const m of members) {
    if (m.role === 'manager' && topManagerOf(m.email)?.email === m.email) {
      managers.set(m.email, { key: m.email, name: m.name, email: m.email, slackId: m.slackId, kind: 'manager', role: m.role, ...zeroFigures() });
    }
  }
  const others: TeamRow[] = [];
  const pass = rollupPass(db, ALL, asOf, opts, members, opts.top ?? 0);
  for (const r of pass.rows) {
    const top = r.email && byEmail.has(r.email) ? topManagerOf(r.email) : null;
    const mgr = top ? managers.get(top.email) : undefined;
    if (mgr) addFigures(mgr, r);
    else others.push(r);
  }
  return { ...rollup([...managers.values(), ...others]), top: pass.top };
}

/** One owner's row (zeros when they own nothing), for `/health team` from a CSM. */
export function memberRow(db: Db, member: TeamMemberRow, asOf: string, opts: RollupOptions): TeamRow {
  const scope: BookScope = { kind: 'owners', emails: [member.email], slackIds: member.slackId ? [member.slackId] : [] };
  const rows = ownerRows(db, scope, asOf, opts);
  const row: TeamRow = {
    key: member.email,
    name: member.name,
    email: member.email,
    slackId: member.slackId,
    kind: 'owner',
    role: member.role,
    ...zeroFigures(),
  };
  for (const r of rows) addFigures(row, r);
  return row;
}

/** A top at-risk account (At-Risk or Critical, by ARR) with its owner: the leadership digest's list, for the VP's Home. */
export interface AtRiskAccount {
  id: string;
  name: string;
  arr: number;
  tier: string;
  score: number;
  ownerName: string | null;
  ownerSlackId: string | null;
}
