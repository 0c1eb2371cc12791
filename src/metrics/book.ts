/**
 * One CSM's book of business as of a day: what their weekly DM shows. Built from the same
 * read model as the App Home and lists (src/book/read-model): one definition of each number.
 */
import type { Db } from '../../db';
import { reasonsOfGroups } from '../alerts/group-store';
import { liveGroupsWithAccount, stepCompletions } from '../alerts/store';
import { addDays, parseDuration } from '../lib/dates';
import { type BookRow, loadBook, summarizeBook } from '../book/read-model';
import { ALL, type BookScope, inScope } from '../book/scope';
import { renewsWithin } from '../domain/renewal';
import { isAtRiskTier } from '../domain/risk';
import { accountOwners } from '../team/store';
import { DEFAULT_NO_TOUCH_DAYS, isUntouched } from '../domain/touch';
import { TIERS, type Tier } from '../scoring/types';
import { type Mover, type ScoreRow, latestScores, movers } from './health';
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
  /** the whole book as of the day (src/book/read-model): accounts, ARR, tiers, renewals and touches */
  rows: BookRow[];
  /** full score rows (drivers) as of the day and a week before, for renewal drivers and movers */
  scores: Map<string, ScoreRow>;
  before: Map<string, ScoreRow>;
  /** every live alert, most severe first (each book keeps its own accounts' ones) */
  alerts: OpenAlertRow[];
}

export function bookContext(db: Db, asOf: string, _now?: Date): BookContext {
  return {
    rows: loadBook(db, ALL, asOf),
    scores: latestScores(db, asOf),
    before: latestScores(db, addDays(asOf, -7)),
    alerts: liveAlertRows(db),
  };
}

/** Members who own at least one account (by email or Slack id). */
export function bookOwners(db: Db): BookMember[] {
  return accountOwners(db);
}

export function computeBook(db: Db, member: BookMember, opts: BookOptions): Book {
  const renewalDays = opts.renewalDays ?? 60;
  const noTouchDays = opts.noTouchDays ?? DEFAULT_NO_TOUCH_DAYS;
  const ctx = opts.context ?? bookContext(db, opts.asOf, opts.now);
  const { scores, before } = ctx;
  const scope: BookScope = { kind: 'owners', emails: [member.email], slackIds: member.slackId ? [member.slackId] : [] };
  const mine = ctx.rows.filter((r) => inScope(r, scope));
  const ids = new Set(mine.map((a) => a.id));
  const tiers: TierBucket[] = TIERS.map((tier) => ({ tier, count: 0, arr: 0 }));
  const summary = summarizeBook(mine, 0);
  let atRiskPrevious = 0;
  const renewals: Book['renewals'] = [];
  const noTouch: Book['noTouch'] = [];
  let touchedEver = 0;
  for (const a of mine) {
    const v = a.arr;
    if (a.tier) {
      const b = tiers[TIERS.indexOf(a.tier)];
      b.count++;
      b.arr += v;
    }
    const s = scores.get(a.id);
    if (isAtRiskTier(before.get(a.id)?.tier)) atRiskPrevious += v;
    if (renewsWithin(a, opts.asOf, renewalDays)) {
      renewals.push({
        accountId: a.id,
        name: a.name,
        arr: v,
        score: a.score,
        tier: a.tier,
        ownerSlackId: a.ownerSlackId,
        ownerEmail: a.ownerEmail,
        segment: a.segment,
        renewalDate: a.renewalDate,
        renewalStatus: a.renewalStatus,
        drivers: s?.drivers.slice(0, 2) ?? [],
        atRisk: isAtRiskTier(a.tier) || a.renewalStatus === 'at_risk',
      });
    }
    if (a.lastTouchAt !== null) touchedEver++;
    if (isUntouched(a.lastTouchAt, opts.asOf, noTouchDays)) noTouch.push({ accountId: a.id, name: a.name, arr: v, tier: a.tier, lastTouch: a.lastTouchAt });
  }
  renewals.sort((x, y) => (x.renewalDate! < y.renewalDate! ? -1 : x.renewalDate! > y.renewalDate! ? 1 : y.arr - x.arr));
  noTouch.sort((x, y) => (x.lastTouch ?? '').localeCompare(y.lastTouch ?? '') || y.arr - x.arr);
  const byId = new Map(mine.map((a) => [a.id, a]));
  const mv = movers(new Map(mine.flatMap((a) => (scores.has(a.id) ? [[a.id, scores.get(a.id)!] as const] : []))), before, (id) => {
    const a = byId.get(id);
    return a && { name: a.name, arr: a.arr, ownerSlackId: a.ownerSlackId };
  });
  return {
    member,
    asOf: opts.asOf,
    accounts: summary.accounts,
    totalArr: summary.totalArr,
    atRiskArr: summary.atRiskArr,
    atRiskPrevious,
    tiers,
    unscored: summary.byTier.Unscored,
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
  const reasons = reasonsOfGroups(
    db,
    mine.map((r) => r.id),
  ); // one query for the book, not one per group
  return mine.map((r) => {
    const completed = new Set(stepCompletions(db, r.id).keys());
    const pb = r.playbookId ? byId.get(r.playbookId) : undefined;
    const overdueSteps = pb
      ? pb.steps
          .map((s) => ({ stepId: s.id, title: s.title, dueAt: new Date(Date.parse(r.openedAt) + safeDuration(s.due)).toISOString() }))
          .filter((s) => !completed.has(s.stepId) && s.dueAt < nowIso)
      : null;
    const slaState: OpenAlertLine['slaState'] =
      r.ackAt || r.status === 'acknowledged' ? 'acknowledged' : !r.slaDueAt ? 'none' : r.slaDueAt < nowIso ? 'overdue' : 'due';
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
      otherReasons: (reasons.get(r.id) ?? []).map((x) => x.title).filter((t) => t !== r.title),
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
