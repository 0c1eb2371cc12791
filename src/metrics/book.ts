/**
 * One CSM's book of business as of a day: what their weekly DM shows. Built from the same
 * definitions as the portfolio metrics (ARR reconstruction, latest scores, at-risk tiers).
 */
import type { Db } from '../../db';
import { reasonsOfGroups } from '../alerts/group-store';
import { liveGroupsWithAccount, stepCompletions } from '../alerts/store';
import { addDays, parseDuration } from '../lib/dates';
import { AT_RISK_TIERS, TIERS, type Tier } from '../scoring/types';
import { type Mover, type ScoreRow, latestScores, movers } from './health';
import { lastTouches } from './operations';
import { type Portfolio, arrMap, isLive, loadPortfolio } from './portfolio';
import type { AccountLine, TierBucket } from './types';

/** The part of a playbook the digest needs (structurally the alerting area's Playbook). */
export interface PlaybookSteps {
  id: string;
  title: string;
  steps: ReadonlyArray<{ id: string; title: string; due: string }>;
}

export interface OpenAlertLine {
  alertId: number;
  accountId: string;
  accountName: string;
  title: string;
  severity: string;
  status: string;
  slaDueAt: string | null;
  /** 'acknowledged' | 'overdue' | 'due' (SLA still running) | 'none' */
  slaState: 'acknowledged' | 'overdue' | 'due' | 'none';
  playbookId: string | null;
  /** null when the alert's playbook is unknown (no playbook on the alert, or playbooks not loaded) */
  overdueSteps: Array<{ stepId: string; title: string; dueAt: string }> | null;
  stepsDone: number;
  stepsTotal: number | null;
  /** the group's other live reasons (titles), most severe first */
  otherReasons?: string[];
}

export interface BookMember {
  email: string;
  name: string;
  slackId: string | null;
}

export interface Book {
  member: BookMember;
  asOf: string;
  accounts: number;
  totalArr: number;
  atRiskArr: number;
  atRiskPrevious: number;
  tiers: TierBucket[];
  unscored: number;
  movers: { drops: Mover[]; gains: Mover[] };
  openAlerts: OpenAlertLine[];
  renewals: Array<AccountLine & { atRisk: boolean }>;
  /** live accounts with no logged outreach in `noTouchDays` (oldest touch first, never-touched first) */
  noTouch: Array<{ accountId: string; name: string; arr: number; tier: Tier | null; lastTouch: string | null }>;
  noTouchDays: number;
  /** accounts in the book with any outreach ever logged (0: "no touch" would just list the whole book) */
  touchedEver: number;
  renewalDays: number;
  /** playbooks were available to judge overdue steps */
  playbooksKnown: boolean;
}

export interface BookOptions {
  asOf: string;
  /** the instant the digest is built: SLA and step deadlines are judged against it */
  now: Date;
  renewalDays?: number;
  noTouchDays?: number;
  playbooks?: readonly PlaybookSteps[];
  /** data shared by every book of one run (see bookContext); loaded per call when absent */
  context?: BookContext;
}

/** What every book of one digest run reads: load once, not once per CSM. */
export interface BookContext {
  portfolio: Portfolio;
  arr: Map<string, number>;
  scores: Map<string, ScoreRow>;
  before: Map<string, ScoreRow>;
  touches: Map<string, string>;
  /** every live alert, most severe first (each book keeps its own accounts' ones) */
  alerts: OpenAlertRow[];
}

export function bookContext(db: Db, asOf: string, now: Date): BookContext {
  const portfolio = loadPortfolio(db, asOf);
  return {
    portfolio,
    arr: arrMap(portfolio, asOf),
    scores: latestScores(db, asOf),
    before: latestScores(db, addDays(asOf, -7)),
    touches: lastTouches(db, now.toISOString()),
    alerts: liveAlertRows(db),
  };
}

/** Members who own at least one account (by email or Slack id). */
export function bookOwners(db: Db): BookMember[] {
  return db.$client
    .prepare(
      `select distinct t.email, t.name, t.slack_id as slackId
         from team_members t
         join accounts a on a.owner_email = t.email or (t.slack_id is not null and a.owner_slack_id = t.slack_id)
        order by t.email`,
    )
    .all() as BookMember[];
}

export function computeBook(db: Db, member: BookMember, opts: BookOptions): Book {
  const renewalDays = opts.renewalDays ?? 60;
  const noTouchDays = opts.noTouchDays ?? 30;
  const ctx = opts.context ?? bookContext(db, opts.asOf, opts.now);
  const { portfolio: p, arr, scores, before, touches } = ctx;
  const mine = p.accounts.filter(
    (a) => (a.ownerEmail === member.email || (member.slackId !== null && a.ownerSlackId === member.slackId)) && isLive(p, a, opts.asOf, arr),
  );
  const ids = new Set(mine.map((a) => a.id));
  const tiers: TierBucket[] = TIERS.map((tier) => ({ tier, count: 0, arr: 0 }));
  let totalArr = 0;
  let atRiskArr = 0;
  let atRiskPrevious = 0;
  let unscored = 0;
  const renewalEnd = addDays(opts.asOf, renewalDays);
  const renewals: Book['renewals'] = [];
  const touchCutoff = new Date(opts.now.getTime() - noTouchDays * 86_400_000).toISOString();
  const noTouch: Book['noTouch'] = [];
  let touchedEver = 0;
  for (const a of mine) {
    const v = arr.get(a.id) ?? 0;
    totalArr += v;
    const s = scores.get(a.id);
    if (s) {
      const b = tiers[TIERS.indexOf(s.tier)];
      b.count++;
      b.arr += v;
      if (AT_RISK_TIERS.includes(s.tier)) atRiskArr += v;
    } else unscored++;
    const b = before.get(a.id);
    if (b && AT_RISK_TIERS.includes(b.tier)) atRiskPrevious += v;
    if (a.renewalDate && a.renewalDate > opts.asOf && a.renewalDate <= renewalEnd && a.renewalStatus !== 'renewed' && a.renewalStatus !== 'churned') {
      renewals.push({
        accountId: a.id,
        name: a.name,
        arr: v,
        score: s?.score ?? null,
        tier: s?.tier ?? null,
        ownerSlackId: a.ownerSlackId,
        ownerEmail: a.ownerEmail,
        segment: a.segment,
        renewalDate: a.renewalDate,
        renewalStatus: a.renewalStatus,
        drivers: s?.drivers.slice(0, 2) ?? [],
        atRisk: (s !== undefined && AT_RISK_TIERS.includes(s.tier)) || a.renewalStatus === 'at_risk',
      });
    }
    const last = touches.get(a.id) ?? null;
    if (last !== null) touchedEver++;
    if (last === null || last < touchCutoff) noTouch.push({ accountId: a.id, name: a.name, arr: v, tier: s?.tier ?? null, lastTouch: last });
  }
  renewals.sort((x, y) => (x.renewalDate! < y.renewalDate! ? -1 : x.renewalDate! > y.renewalDate! ? 1 : y.arr - x.arr));
  noTouch.sort((x, y) => (x.lastTouch ?? '').localeCompare(y.lastTouch ?? '') || y.arr - x.arr);
  const mv = movers(
    new Map(mine.flatMap((a) => (scores.has(a.id) ? [[a.id, scores.get(a.id)!] as const] : []))),
    before,
    (id) => {
      const a = p.byId.get(id);
      return a && { name: a.name, arr: arr.get(id) ?? 0, ownerSlackId: a.ownerSlackId };
    },
  );
  return {
    member,
    asOf: opts.asOf,
    accounts: mine.length,
    totalArr,
    atRiskArr,
    atRiskPrevious,
    tiers,
    unscored,
    movers: { drops: mv.drops, gains: mv.gains },
    openAlerts: openAlerts(db, ctx.alerts, ids, opts.now, opts.playbooks),
    renewals,
    noTouch,
    noTouchDays,
    touchedEver,
    renewalDays,
    playbooksKnown: opts.playbooks !== undefined,
  };
}

interface OpenAlertRow {
  id: number;
  accountId: string;
  accountName: string;
  title: string;
  severity: string;
  status: string;
  slaDueAt: string | null;
  ackAt: string | null;
  playbookId: string | null;
  openedAt: string;
}

function liveAlertRows(db: Db): OpenAlertRow[] {
  return liveGroupsWithAccount(db).map((a) => ({
    id: a.id,
    accountId: a.accountId,
    accountName: a.accountName,
    title: a.title,
    severity: a.severity,
    status: a.status,
    slaDueAt: a.slaDueAt,
    ackAt: a.acknowledgedAt,
    playbookId: a.playbookId,
    openedAt: a.openedAt,
  }));
}

function openAlerts(db: Db, rows: OpenAlertRow[], ids: Set<string>, now: Date, playbooks: readonly PlaybookSteps[] | undefined): OpenAlertLine[] {
  if (ids.size === 0) return [];
  const nowIso = now.toISOString();
  const byId = new Map((playbooks ?? []).map((pb) => [pb.id, pb]));
  const mine = rows.filter((r) => ids.has(r.accountId));
  const reasons = reasonsOfGroups(db, mine.map((r) => r.id)); // one query for the book, not one per group
  return mine
    .map((r) => {
      const completed = new Set(stepCompletions(db, r.id).keys());
      const pb = r.playbookId ? byId.get(r.playbookId) : undefined;
      const overdueSteps = pb
        ? pb.steps
            .map((s) => ({ stepId: s.id, title: s.title, dueAt: new Date(Date.parse(r.openedAt) + safeDuration(s.due)).toISOString() }))
            .filter((s) => !completed.has(s.stepId) && s.dueAt < nowIso)
        : null;
      const slaState: OpenAlertLine['slaState'] = r.ackAt || r.status === 'acknowledged' ? 'acknowledged' : !r.slaDueAt ? 'none' : r.slaDueAt < nowIso ? 'overdue' : 'due';
      return {
        alertId: r.id,
        accountId: r.accountId,
        accountName: r.accountName,
        title: r.title,
        severity: r.severity,
        status: r.status,
        slaDueAt: r.slaDueAt,
        slaState,
        playbookId: r.playbookId,
        overdueSteps,
        stepsDone: completed.size,
        stepsTotal: pb ? pb.steps.length : null,
        otherReasons: (reasons.get(r.id) ?? [])
          .map((x) => x.title)
          .filter((t) => t !== r.title),
      };
    });
}

function safeDuration(s: string): number {
  try {
    return parseDuration(s);
  } catch {
    return 0;
  }
}
