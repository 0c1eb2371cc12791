/**
 * The alert-group store: the only module that names the `alerts`, `alert_events` and `playbook_step_completions`
 * tables (a group's reasons, `alert_reasons`, are in group-store.ts). Row types come from db/schema.ts; reads and
 * writes use drizzle's query builder. The per-account reads the evaluator and the transitions make on every run are
 * prepared once per connection (drizzle `.prepare()`), not rebuilt per call.
 */
import type Database from 'better-sqlite3';
import { and, asc, count, desc, eq, gte, inArray, isNotNull, isNull, lt, lte, ne, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db';
import { accounts, type AlertSeverity, alertEvents as alertEventsTable, alerts, playbookStepCompletions } from '../../db/schema';
import type { PlaybookStep } from '../playbooks/schema';
import type { Chain } from './chain';
import { SEVERITY_RANK } from './rule-ids';

export type EventSource = 'rule' | 'slack' | 'cli' | 'timer';

/** alerts.detail JSON. The playbook is snapshotted at open, like the chain, so edits don't rewrite alerts in flight. */
export interface AlertDetail {
  reason: string;
  numbers: Record<string, number | string | null>;
  drivers: string[];
  positive?: boolean;
  playbook?: { id: string; title: string; steps: PlaybookStep[] };
  /** read by the account card for "2/4 steps" */
  stepsTotal?: number;
}

export type AlertRow = typeof alerts.$inferSelect;
type AlertInsert = typeof alerts.$inferInsert;

/** An alerts row with its JSON columns typed. */
export type AlertRecord = Omit<AlertRow, 'detail' | 'chain'> & { detail: AlertDetail; chain: Chain };

const NO_DETAIL: AlertDetail = { reason: '', numbers: {}, drivers: [] };

export function toRecord(r: AlertRow): AlertRecord {
  return { ...r, detail: (r.detail as AlertDetail | null) ?? { ...NO_DETAIL }, chain: r.chain as Chain };
}

/** Most severe first (SEVERITY_RANK), as an SQL expression for ORDER BY. */
const severityDesc = sql`case ${alerts.severity} ${sql.raw(
  Object.entries(SEVERITY_RANK)
    .map(([s, n]) => `when '${s}' then ${-n}`)
    .join(' '),
)} end`;

// ── prepared per-connection reads (hot: once per account per run, once per transition) ─────────────────

function build(db: Db) {
  const live = and(eq(alerts.accountId, sql.placeholder('accountId')), ne(alerts.status, 'resolved'));
  const event = {
    alertId: sql.placeholder('alertId'),
    at: sql.placeholder('at'),
    kind: sql.placeholder('kind'),
    actor: sql.placeholder('actor'),
    source: sql.placeholder('source'),
    fromStatus: sql.placeholder('fromStatus'),
    toStatus: sql.placeholder('toStatus'),
  };
  return {
    byId: db
      .select()
      .from(alerts)
      .where(eq(alerts.id, sql.placeholder('id')))
      .prepare(),
    liveOf: db.select({ id: alerts.id, severity: alerts.severity, status: alerts.status }).from(alerts).where(live).prepare(),
    dismissed: db
      .select({ id: alerts.id })
      .from(alerts)
      .where(and(eq(alerts.id, sql.placeholder('id')), eq(alerts.status, 'resolved'), ne(alerts.resolvedBy, 'system')))
      .prepare(),
    card: db.select().from(alerts).where(live).orderBy(severityDesc, desc(alerts.openedAt)).limit(1).prepare(),
    selfResolved: db
      .select()
      .from(alerts)
      .where(
        and(
          eq(alerts.accountId, sql.placeholder('accountId')),
          eq(alerts.status, 'resolved'),
          eq(alerts.resolvedBy, 'system'),
          isNull(alerts.resolutionReason),
          gte(alerts.resolvedAt, sql.placeholder('since')),
        ),
      )
      .orderBy(desc(alerts.id))
      .limit(1)
      .prepare(),
    insertGroup: db
      .insert(alerts)
      .values({
        accountId: sql.placeholder('accountId'),
        rule: sql.placeholder('rule'),
        severity: sql.placeholder('severity'),
        status: 'open',
        title: sql.placeholder('title'),
        detail: sql.placeholder('detail'),
        playbookId: sql.placeholder('playbookId'),
        chain: sql.placeholder('chain'),
        escalationLevel: sql.placeholder('escalationLevel'),
        slaDueAt: sql.placeholder('slaDueAt'),
        openedAt: sql.placeholder('at'),
        updatedAt: sql.placeholder('at'),
        version: 1,
      })
      .onConflictDoNothing()
      .returning()
      .prepare(),
    // two statements: a JSON placeholder would store a missing `data` as the text 'null', not NULL
    insertEvent: db
      .insert(alertEventsTable)
      .values({ ...event, data: sql.placeholder('data') })
      .prepare(),
    insertEventNoData: db
      .insert(alertEventsTable)
      .values({ ...event, data: null })
      .prepare(),
    events: db
      .select()
      .from(alertEventsTable)
      .where(eq(alertEventsTable.alertId, sql.placeholder('id')))
      .orderBy(asc(alertEventsTable.id))
      .prepare(),
    steps: db
      .select()
      .from(playbookStepCompletions)
      .where(eq(playbookStepCompletions.alertId, sql.placeholder('id')))
      .prepare(),
  };
}
const prepared = new WeakMap<Database.Database, ReturnType<typeof build>>();
function q(db: Db): ReturnType<typeof build> {
  let p = prepared.get(db.$client);
  if (!p) prepared.set(db.$client, (p = build(db)));
  return p;
}

// ── groups ──────────────────────────────────────────────────────────────────

export function getAlert(db: Db, id: number): AlertRecord | null {
  const r = q(db).byId.get({ id });
  return r ? toRecord(r) : null;
}

/** The account's live (not resolved) group, if any: at most one (partial unique index). */
export function liveGroupOf(db: Db, accountId: string): Pick<AlertRow, 'id' | 'severity' | 'status'> | undefined {
  return q(db).liveOf.get({ accountId });
}

/** The account's live group, or null. */
export function liveAlertOf(db: Db, accountId: string): AlertRecord | null {
  const g = liveGroupOf(db, accountId);
  return g ? getAlert(db, g.id) : null;
}

/** A person (not the rule engine) resolved this group. */
export function isDismissed(db: Db, alertId: number): boolean {
  return q(db).dismissed.get({ id: alertId }) !== undefined;
}

/** The alert the account card shows (and outreach logged from it is linked to): the most severe live one, newest first. */
export function cardAlert(db: Db, accountId: string): AlertRecord | null {
  const r = q(db).card.get({ accountId });
  return r ? toRecord(r) : null;
}

/** Does the alert exist and belong to the account? (Slack metadata comes back from the client.) */
export function alertOfAccount(db: Db, alertId: number, accountId: string): boolean {
  return (
    db
      .select({ id: alerts.id })
      .from(alerts)
      .where(and(eq(alerts.id, alertId), eq(alerts.accountId, accountId)))
      .get() !== undefined
  );
}

/** The newest group of the account that resolved by itself (condition cleared) at or after `since`. */
export function lastSelfResolved(db: Db, accountId: string, since: string): AlertRecord | null {
  const r = q(db).selfResolved.get({ accountId, since });
  return r ? toRecord(r) : null;
}

/** Snoozed groups whose snooze ended at or before `at`. */
export function snoozesEnded(db: Db, at: string): number[] {
  return db
    .select({ id: alerts.id })
    .from(alerts)
    .where(and(eq(alerts.status, 'snoozed'), lte(alerts.snoozedUntil, at)))
    .orderBy(asc(alerts.id))
    .all()
    .map((r) => r.id);
}

/** Open groups past their SLA that may still climb (level ≤ 2), the longest overdue first. */
export function dueForEscalation(db: Db, at: string): number[] {
  return db
    .select({ id: alerts.id })
    .from(alerts)
    .where(and(eq(alerts.status, 'open'), isNotNull(alerts.slaDueAt), lte(alerts.slaDueAt, at), lte(alerts.escalationLevel, 2)))
    .orderBy(asc(alerts.slaDueAt), asc(alerts.id))
    .all()
    .map((r) => r.id);
}

/** Insert a new open group; null when the account already has a live one (partial unique index). */
export function insertGroup(
  db: Db,
  v: Pick<AlertInsert, 'accountId' | 'rule' | 'severity' | 'title' | 'detail' | 'playbookId' | 'chain' | 'escalationLevel' | 'slaDueAt'> & { at: string },
): AlertRecord | null {
  const r = q(db).insertGroup.get({ ...v, playbookId: v.playbookId ?? null, escalationLevel: v.escalationLevel ?? 0, slaDueAt: v.slaDueAt ?? null });
  return r ? toRecord(r) : null;
}

/** The guard of a compare-and-swap write: the row must still be as read. */
export interface Guard {
  version?: number;
  status?: AlertRow['status'];
  escalationLevel?: number;
}

/**
 * Compare-and-swap: set `values` (plus updated_at, version + 1) on the alert while the guard holds.
 * `escalationAtLeast` raises escalation_level to at least that level. Returns whether the row changed.
 */
export function updateAlert(
  db: Db,
  alertId: number,
  guard: Guard,
  values: Partial<Omit<AlertInsert, 'id' | 'accountId' | 'version' | 'updatedAt'>> & { updatedAt: string; escalationAtLeast?: number },
): boolean {
  const { escalationAtLeast, ...set } = values;
  const conds: SQL[] = [eq(alerts.id, alertId)];
  if (guard.version !== undefined) conds.push(eq(alerts.version, guard.version));
  if (guard.status !== undefined) conds.push(eq(alerts.status, guard.status));
  if (guard.escalationLevel !== undefined) conds.push(eq(alerts.escalationLevel, guard.escalationLevel));
  const res = db
    .update(alerts)
    .set({
      ...set,
      ...(escalationAtLeast !== undefined ? { escalationLevel: sql`max(${alerts.escalationLevel}, ${escalationAtLeast})` } : {}),
      version: sql`${alerts.version} + 1`,
    })
    .where(and(...conds))
    .run();
  return res.changes > 0;
}

/** Something the group's message shows changed (a step, a touch): bump the version so copies re-render. */
export function bumpVersion(db: Db, alertId: number, at: string): void {
  db.update(alerts)
    .set({ version: sql`${alerts.version} + 1`, updatedAt: at })
    .where(eq(alerts.id, alertId))
    .run();
}

// ── read models over groups ─────────────────────────────────────────────────

export type ListFilter = 'live' | 'open' | 'acknowledged' | 'snoozed' | 'resolved' | 'all';

/** Groups for listings (CLI, digest): most severe and oldest first, with the account's name and steps done. */
export function listGroups(
  db: Db,
  opts: { filter: ListFilter; accountId?: string; limit: number },
): (AlertRecord & { accountName: string; stepsDone: number })[] {
  const conds: SQL[] = [];
  if (opts.filter === 'live') conds.push(ne(alerts.status, 'resolved'));
  else if (opts.filter !== 'all') conds.push(eq(alerts.status, opts.filter));
  if (opts.accountId) conds.push(eq(alerts.accountId, opts.accountId));
  const stepsDone = db
    .select({ alertId: playbookStepCompletions.alertId, n: count().as('n') })
    .from(playbookStepCompletions)
    .groupBy(playbookStepCompletions.alertId)
    .as('steps_done');
  return db
    .select({ alert: alerts, accountName: sql<string>`coalesce(${accounts.name}, ${alerts.accountId})`, stepsDone: sql<number>`coalesce(${stepsDone.n}, 0)` })
    .from(alerts)
    .leftJoin(accounts, eq(accounts.id, alerts.accountId))
    .leftJoin(stepsDone, eq(stepsDone.alertId, alerts.id))
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(severityDesc, asc(alerts.openedAt), asc(alerts.id))
    .limit(opts.limit)
    .all()
    .map((r) => ({ ...toRecord(r.alert), accountName: String(r.accountName), stepsDone: Number(r.stepsDone) }));
}

/** Live groups (open, acknowledged, snoozed) with their account's name, most severe and oldest first. */
export function liveGroupsWithAccount(db: Db): (AlertRecord & { accountName: string })[] {
  return db
    .select({ alert: alerts, accountName: accounts.name })
    .from(alerts)
    .innerJoin(accounts, eq(accounts.id, alerts.accountId))
    .where(inArray(alerts.status, ['open', 'acknowledged', 'snoozed']))
    .orderBy(severityDesc, asc(alerts.openedAt))
    .all()
    .map((r) => ({ ...toRecord(r.alert), accountName: r.accountName }));
}

/** A group with its account's name (null when the account is gone). */
export function groupWithAccountName(db: Db, alertId: number): { alert: AlertRecord; accountName: string | null } | null {
  const r = db
    .select({ alert: alerts, accountName: accounts.name })
    .from(alerts)
    .leftJoin(accounts, eq(accounts.id, alerts.accountId))
    .where(eq(alerts.id, alertId))
    .get();
  return r ? { alert: toRecord(r.alert), accountName: r.accountName } : null;
}

/** Live groups counted by status and severity (the /metrics gauge). */
export function liveCounts(db: Db): { status: AlertRow['status']; severity: AlertSeverity; n: number }[] {
  return db
    .select({ status: alerts.status, severity: alerts.severity, n: count() })
    .from(alerts)
    .where(ne(alerts.status, 'resolved'))
    .groupBy(alerts.status, alerts.severity)
    .all();
}

/**
 * Groups whose SLA was decided in [from, to): acknowledged before the deadline (decided then) or the deadline
 * passed (decided then).
 */
export function slaDecidedIn(db: Db, from: string, to: string): { accountId: string; due: string; ack: string | null; resolved: string | null }[] {
  const decidedAt = sql`case when ${alerts.acknowledgedAt} is not null and ${alerts.acknowledgedAt} <= ${alerts.slaDueAt} then ${alerts.acknowledgedAt} else ${alerts.slaDueAt} end`;
  return db
    .select({ accountId: alerts.accountId, due: sql<string>`${alerts.slaDueAt}`, ack: alerts.acknowledgedAt, resolved: alerts.resolvedAt })
    .from(alerts)
    .where(and(isNotNull(alerts.slaDueAt), gte(decidedAt, from), lt(decidedAt, to)))
    .all();
}

// ── events ──────────────────────────────────────────────────────────────────

export interface EventInput {
  alertId: number;
  at: Date;
  kind: string;
  actor: string;
  source: EventSource;
  fromStatus?: string | null;
  toStatus?: string | null;
  data?: unknown;
}

export function recordEvent(db: Db, e: EventInput): void {
  const row = {
    alertId: e.alertId,
    at: e.at.toISOString(),
    kind: e.kind,
    actor: e.actor,
    source: e.source,
    fromStatus: e.fromStatus ?? null,
    toStatus: e.toStatus ?? null,
  };
  if (e.data === undefined || e.data === null) q(db).insertEventNoData.run(row);
  else q(db).insertEvent.run({ ...row, data: e.data });
}

export type AlertEventRow = Omit<typeof alertEventsTable.$inferSelect, 'alertId' | 'data'> & { data: Record<string, unknown> | null };

export function alertEvents(db: Db, alertId: number): AlertEventRow[] {
  return q(db)
    .events.all({ id: alertId })
    .map(({ alertId: _, data, ...e }) => ({ ...e, data: (data as Record<string, unknown> | null) ?? null }));
}

// ── playbook steps ──────────────────────────────────────────────────────────

/** Tick a step; false when it was already ticked (first click wins). */
export function insertStepCompletion(db: Db, alertId: number, stepId: string, by: string, at: string): boolean {
  return db.insert(playbookStepCompletions).values({ alertId, stepId, completedBy: by, completedAt: at }).onConflictDoNothing().run().changes > 0;
}

/** Untick a step; false when it was not ticked. */
export function deleteStepCompletion(db: Db, alertId: number, stepId: string): boolean {
  return (
    db
      .delete(playbookStepCompletions)
      .where(and(eq(playbookStepCompletions.alertId, alertId), eq(playbookStepCompletions.stepId, stepId)))
      .run().changes > 0
  );
}

export function stepCompletions(db: Db, alertId: number): Map<string, { by: string; at: string }> {
  return new Map(
    q(db)
      .steps.all({ id: alertId })
      .map((r) => [r.stepId, { by: r.completedBy, at: r.completedAt }]),
  );
}

/** Every alert opened on or after the day: its account, rule and opening day, in id order (the backtest's alert history). */
export function alertsOpenedSince(db: Db, fromDay: string): { accountId: string; rule: string; day: string }[] {
  const day = sql<string>`substr(${alerts.openedAt}, 1, 10)`;
  return db.select({ accountId: alerts.accountId, rule: alerts.rule, day }).from(alerts).where(gte(day, fromDay)).orderBy(asc(alerts.id)).all();
}

// ── per-account facts for the team rollup ───────────────────────────────────

/** [from, to) ISO instants of an SLA window (as slaDecidedIn). */
export interface SlaWindow {
  from: string;
  to: string;
}

const ACKED_IN_TIME = `(al.acknowledged_at is not null and al.acknowledged_at <= al.sla_due_at)`;
const DECIDED_AT = `(case when ${ACKED_IN_TIME} then al.acknowledged_at else al.sla_due_at end)`;
/** Resolved before the deadline without an acknowledgement first: the condition cleared, no ack was owed. */
const NOT_OWED = `(not ${ACKED_IN_TIME} and al.resolved_at is not null and al.resolved_at <= al.sla_due_at and (al.acknowledged_at is null or al.acknowledged_at > al.resolved_at))`;
const SLA_ELIGIBLE = (w: 'this' | 'last') => `(al.sla_due_at is not null and ${DECIDED_AT} >= @${w}From and ${DECIDED_AT} < @${w}To and not ${NOT_OWED})`;
/** A playbook step's deadline: the alert's opening plus the step's `due` offset (m / h / d), as the CSM digest reads it. */
const STEP_DUE = `strftime('%Y-%m-%dT%H:%M:%fZ', al.opened_at, '+' || cast(substr(st.value ->> '$.due', 1, length(st.value ->> '$.due') - 1) as integer) ||
  case substr(st.value ->> '$.due', -1) when 'm' then ' minutes' when 'h' then ' hours' else ' days' end)`;
const OVERDUE_STEPS = `(select count(*) from json_each(al.detail, '$.playbook.steps') st
   where ${STEP_DUE} < @now
     and not exists (select 1 from playbook_step_completions c where c.alert_id = al.id and c.step_id = st.value ->> '$.id'))`;

/**
 * Per-account alert facts as an SQL subquery (columns account_id, open_alerts, overdue_steps, sla_this_n,
 * sla_this_met, sla_last_n, sla_last_met), for the book read model to join and aggregate. Parameters: @now and
 * the two SLA windows (@thisFrom/@thisTo, @lastFrom/@lastTo; see alertFactParams). The definitions are the
 * leadership digest's (slaCompliance: an SLA is decided when acknowledged in time or when the deadline passes;
 * a group resolved before its deadline without an acknowledgement owed none) and the CSM digest's (a step of a
 * live group's playbook is overdue when not completed and past the alert's opening plus its `due`).
 */
export const ALERT_FACTS_BY_ACCOUNT_SQL = `
  select al.account_id,
         sum(al.status != 'resolved') open_alerts,
         sum(case when al.status != 'resolved' then ${OVERDUE_STEPS} else 0 end) overdue_steps,
         sum(${SLA_ELIGIBLE('this')}) sla_this_n, sum(${SLA_ELIGIBLE('this')} and ${ACKED_IN_TIME}) sla_this_met,
         sum(${SLA_ELIGIBLE('last')}) sla_last_n, sum(${SLA_ELIGIBLE('last')} and ${ACKED_IN_TIME}) sla_last_met
  from alerts al
  where al.status != 'resolved' or al.sla_due_at >= @lastFrom
  group by al.account_id`;

export function alertFactParams(now: Date, thisWeek: SlaWindow, lastWeek: SlaWindow) {
  return { now: now.toISOString(), thisFrom: thisWeek.from, thisTo: thisWeek.to, lastFrom: lastWeek.from, lastTo: lastWeek.to };
}
