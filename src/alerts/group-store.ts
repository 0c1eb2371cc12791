/**
 * The alert-group reason store: the only module that names the alert_reasons table.
 * A group is an `alerts` row (one live per account); its reasons are the rules that hold for the account,
 * each with its own severity, first-seen time and figures, damped before they fire and after they clear.
 */
import { and, asc, eq, isNotNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db';
import { alertReasons, alerts } from '../../db/schema';
import type { Candidate } from './rule';
import { rulePriorityOf } from './registry';
import { SEVERITY_RANK } from './rule-ids';
import { ALERT_RULES } from './rules';

export type ReasonRow = typeof alertReasons.$inferSelect;
export type ReasonStatus = ReasonRow['status'];

export interface ReasonDetail {
  reason: string;
  numbers: Record<string, number | string | null>;
  drivers: string[];
}

/**
 * The evaluation's per-account reads and writes, prepared once per connection: the daily pass runs them for every
 * account a rule holds for, and building a drizzle query each time cost more than running it (measured, bench:score).
 */
function prepareReads(db: Db) {
  const p = sql.placeholder;
  // What recordHeld writes, by placeholder (the detail goes through the column's JSON encoder, as with values).
  // Placeholders in set() are bound through each column's encoder (drizzle wraps them as column params); its
  // types only admit values, hence the casts.
  const held = {
    severity: p('severity'),
    status: p('status'),
    title: p('title'),
    detail: p('detail'),
    positive: p('positive'),
    heldRuns: p('heldRuns'),
    lastSeenAt: p('lastSeenAt'),
    clearSince: null,
    clearedAt: null,
  };
  const byId = eq(alertReasons.id, p('id'));
  return {
    live: db
      .select()
      .from(alertReasons)
      .where(and(eq(alertReasons.accountId, p('accountId')), ne(alertReasons.status, 'cleared')))
      .orderBy(asc(alertReasons.id))
      .prepare(),
    ofGroup: db
      .select()
      .from(alertReasons)
      .where(and(eq(alertReasons.alertId, p('alertId')), ne(alertReasons.status, 'cleared')))
      .prepare(),
    byRule: db
      .select()
      .from(alertReasons)
      .where(and(eq(alertReasons.accountId, p('accountId')), eq(alertReasons.rule, p('rule'))))
      .prepare(),
    heldAgain: db
      .update(alertReasons)
      .set(held as never)
      .where(byId)
      .returning()
      .prepare(),
    heldFresh: db
      .update(alertReasons)
      .set({ ...held, firstSeenAt: p('firstSeenAt'), alertId: null } as never)
      .where(byId)
      .returning()
      .prepare(),
    heldNew: db
      .insert(alertReasons)
      .values({ accountId: p('accountId'), rule: p('rule'), firstSeenAt: p('firstSeenAt'), ...held } as never)
      .returning()
      .prepare(),
    cleared: db
      .update(alertReasons)
      .set({ status: 'cleared', clearedAt: p('clearedAt'), clearSince: p('clearSince'), heldRuns: 0 } as never)
      .where(byId)
      .returning()
      .prepare(),
    clearing: db
      .update(alertReasons)
      .set({ status: 'clearing', clearSince: p('clearSince') } as never)
      .where(byId)
      .returning()
      .prepare(),
    attach: db
      .update(alertReasons)
      .set({ alertId: p('alertId') } as never)
      .where(
        and(
          eq(alertReasons.accountId, p('accountId')),
          ne(alertReasons.status, 'cleared'),
          ne(alertReasons.status, 'pending'),
          eq(alertReasons.positive, false),
        ),
      )
      .prepare(),
  };
}
const preparedReads = new WeakMap<Db, ReturnType<typeof prepareReads>>();
function reads(db: Db): ReturnType<typeof prepareReads> {
  let r = preparedReads.get(db);
  if (!r) preparedReads.set(db, (r = prepareReads(db)));
  return r;
}

/** Reasons of an account that are not cleared (pending, firing, clearing), oldest first. */
export function liveReasons(db: Db, accountId: string): ReasonRow[] {
  return reads(db).live.all({ accountId });
}

/** Reasons shown on a group: everything attached to it that has not cleared, highest severity first. */
export function groupReasons(db: Db, alertId: number): ReasonRow[] {
  return reads(db).ofGroup.all({ alertId }).sort(byRank);
}

/** Among equal severities the more specific rule leads (a named signal says more than a score movement): each rule's `priority`. */
const priority = rulePriorityOf(ALERT_RULES);

/** Highest severity first, then the most specific rule, then the oldest. */
export function byRank(a: Pick<ReasonRow, 'severity' | 'firstSeenAt' | 'rule'>, b: Pick<ReasonRow, 'severity' | 'firstSeenAt' | 'rule'>): number {
  return SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || priority(a.rule) - priority(b.rule) || a.firstSeenAt.localeCompare(b.firstSeenAt);
}

const detailOf = (c: Candidate): ReasonDetail => ({ reason: c.reason, numbers: c.numbers, drivers: c.drivers });

/**
 * The rule holds this run. A new (or previously cleared) reason starts pending at held_runs 1; a live one counts
 * one more consecutive run and takes the latest severity and figures. Returns the row after the write.
 * `live` must be the rule's row as stored now (one account has one row per rule).
 */
export function recordHeld(
  db: Db,
  accountId: string,
  c: Candidate,
  forRuns: number,
  at: string,
  /** the rule's live (not cleared) row when the caller already read it (liveReasons): saves the read */
  live?: ReasonRow,
): { row: ReasonRow; before: ReasonRow | null } {
  const before = live ?? reads(db).byRule.get({ accountId, rule: c.rule }) ?? null;
  const fresh = !before || before.status === 'cleared';
  const heldRuns = fresh ? 1 : before.heldRuns + 1;
  // A clearing reason that holds again never stopped firing: damping hides the gap.
  const status: ReasonStatus = heldRuns >= forRuns || (!fresh && before.status !== 'pending') ? 'firing' : 'pending';
  const values = {
    severity: c.severity,
    status,
    title: c.title,
    detail: detailOf(c),
    positive: Boolean(c.positive),
    heldRuns,
    lastSeenAt: at,
  };
  const q = reads(db);
  const row = !before
    ? q.heldNew.get({ accountId, rule: c.rule, firstSeenAt: at, ...values })
    : fresh
      ? q.heldFresh.get({ id: before.id, firstSeenAt: at, ...values })
      : q.heldAgain.get({ id: before.id, ...values });
  if (!row) throw new Error(`alert reason ${accountId}/${c.rule} was not written`);
  return { row, before: fresh ? null : before };
}

/**
 * The rule no longer holds. A pending reason clears at once (it never fired); a firing one starts clearing and
 * clears once it has been clear for keep_firing_for. Returns the row after the write.
 */
export function recordClear(db: Db, r: ReasonRow, keepFiringForMs: number, now: Date): ReasonRow {
  const since = r.clearSince ?? now.toISOString();
  const done = r.status === 'pending' || now.getTime() - Date.parse(since) >= keepFiringForMs;
  const q = reads(db);
  const row = done ? q.cleared.get({ id: r.id, clearedAt: now.toISOString(), clearSince: since }) : q.clearing.get({ id: r.id, clearSince: since });
  if (!row) throw new Error(`alert reason ${r.id} was not written`);
  return row;
}

/** Attach the account's firing and clearing reasons to its group. */
export function attachReasons(db: Db, accountId: string, alertId: number): void {
  reads(db).attach.run({ accountId, alertId });
}

/** Every reason that has fired on a group, cleared or not (resolution reports per rule). */
export function reasonsEverOnGroup(db: Db, alertId: number): ReasonRow[] {
  return db.select().from(alertReasons).where(eq(alertReasons.alertId, alertId)).all();
}

/** Firing positive (expansion) reasons first seen in [from, to): the weekly expansion batch. */
export function expansionReasons(db: Db): ReasonRow[] {
  return db
    .select()
    .from(alertReasons)
    .where(and(eq(alertReasons.positive, true), ne(alertReasons.status, 'cleared'), ne(alertReasons.status, 'pending')))
    .orderBy(asc(alertReasons.accountId))
    .all();
}

/** Why people resolved groups, counted per reason rule (every reason the group carried counts for its rule). */
export function resolutionsByRule(db: Db): { rule: string; reason: string; count: number }[] {
  return db
    .select({ rule: alertReasons.rule, reason: sql<string>`${alerts.resolutionReason}`, count: sql<number>`count(*)` })
    .from(alertReasons)
    .innerJoin(alerts, eq(alerts.id, alertReasons.alertId))
    .where(and(eq(alerts.status, 'resolved'), isNotNull(alerts.resolutionReason)))
    .groupBy(alertReasons.rule, alerts.resolutionReason)
    .orderBy(asc(alertReasons.rule))
    .all();
}

export interface GroupReasonLine {
  rule: string;
  title: string;
  severity: ReasonRow['severity'];
}

/** The not-cleared reasons of several groups at once (lists show each group in one line), ranked as on the card. */
export function reasonsOfGroups(db: Db, alertIds: number[]): Map<number, GroupReasonLine[]> {
  const out = new Map<number, GroupReasonLine[]>();
  if (!alertIds.length) return out;
  const rows = db
    .select()
    .from(alertReasons)
    .where(and(sql`${alertReasons.alertId} in (select value from json_each(${JSON.stringify(alertIds)}))`, ne(alertReasons.status, 'cleared')))
    .all()
    .sort(byRank);
  for (const r of rows) {
    if (r.alertId === null) continue;
    const list = out.get(r.alertId) ?? [];
    list.push({ rule: r.rule, title: r.title, severity: r.severity });
    out.set(r.alertId, list);
  }
  return out;
}
