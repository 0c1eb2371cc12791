// Drizzle schema for the whole product. Dates are 'YYYY-MM-DD' text, instants are ISO-8601 UTC text:
// both sort correctly as strings and stay readable in the sqlite3 shell.
import { sql } from 'drizzle-orm';
import { blob, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const TEAM_ROLES = ['csm', 'manager', 'vp', 'admin'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

export const LIFECYCLES = ['onboarding', 'active', 'churned'] as const;
export type Lifecycle = (typeof LIFECYCLES)[number];

export const RENEWAL_STATUSES = ['pending', 'in_negotiation', 'committed', 'at_risk', 'renewed', 'churned'] as const;
export type RenewalStatus = (typeof RENEWAL_STATUSES)[number];

export const TICKET_PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

export const REVENUE_KINDS = ['new', 'expansion', 'contraction', 'churn', 'reactivation'] as const;
export type RevenueKind = (typeof REVENUE_KINDS)[number];

export const EXPANSION_TYPES = ['seat', 'upgrade', 'cross_sell'] as const;

export const SIGNAL_KINDS = [
  'champion_departed',
  'competitor_mentioned',
  'payment_failed',
  'cancellation_requested',
  'feature_limit_hit',
  'expansion_opportunity',
] as const;
export type SignalKind = (typeof SIGNAL_KINDS)[number];

export const ALERT_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export const ALERT_STATUSES = ['open', 'acknowledged', 'snoozed', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export const OUTREACH_TYPES = ['call', 'email', 'meeting', 'qbr'] as const;
export type OutreachType = (typeof OUTREACH_TYPES)[number];

export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** People, for routing and permissions. Email is the natural key; the Slack id arrives later (import or email lookup). */
export const teamMembers = sqliteTable(
  'team_members',
  {
    email: text('email').primaryKey(),
    name: text('name').notNull(),
    slackId: text('slack_id'),
    role: text('role', { enum: TEAM_ROLES }).notNull(),
    managerEmail: text('manager_email'),
    timezone: text('timezone'),
    isRestricted: integer('is_restricted', { mode: 'boolean' }).notNull().default(false),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [uniqueIndex('team_members_slack_id_uq').on(t.slackId)],
);

export const accounts = sqliteTable(
  'accounts',
  {
    id: text('id').primaryKey(), // slug, e.g. acme-corp
    name: text('name').notNull(),
    ownerEmail: text('owner_email'),
    ownerSlackId: text('owner_slack_id'),
    segment: text('segment'), // plan tier: Starter / Growth / Pro / Enterprise …
    industry: text('industry'),
    country: text('country'),
    arr: real('arr').notNull().default(0),
    contractStart: text('contract_start'),
    renewalDate: text('renewal_date'),
    renewalStatus: text('renewal_status', { enum: RENEWAL_STATUSES }).notNull().default('pending'),
    lifecycle: text('lifecycle', { enum: LIFECYCLES }).notNull().default('active'),
    signupDate: text('signup_date'),
    seatsLicensed: integer('seats_licensed'),
    /** valid-from date of the values last written by an import with an `as_of` column (CRM history); null otherwise */
    asOf: text('as_of'),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('accounts_owner_email_idx').on(t.ownerEmail), index('accounts_owner_slack_idx').on(t.ownerSlackId), index('accounts_name_idx').on(t.name)],
);

/**
 * The scoring-relevant account attributes as they were before each change, so scoring a past date reads what
 * was true then (accounts itself only holds the present). Written by the `accounts_history_on_update` trigger
 * (migration 0001), whatever path updated the account. `valid_until` is the UTC day of the change
 * (`updated_at`): these values held for every as-of date before it.
 */
export const accountHistory = sqliteTable(
  'account_history',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    /** first day these values held, when known (the account's `as_of` at the time); null = not known */
    validFrom: text('valid_from'),
    validUntil: text('valid_until').notNull(),
    segment: text('segment'),
    renewalDate: text('renewal_date'),
    renewalStatus: text('renewal_status', { enum: RENEWAL_STATUSES }).notNull(),
    lifecycle: text('lifecycle', { enum: LIFECYCLES }).notNull(),
    signupDate: text('signup_date'),
    contractStart: text('contract_start'),
    seatsLicensed: integer('seats_licensed'),
  },
  (t) => [index('account_history_account_idx').on(t.accountId, t.validUntil)],
);

/** Flat per-account metrics for teams without a warehouse (`import snapshot`). One row per account per as-of date. */
export const accountSnapshots = sqliteTable(
  'account_snapshots',
  {
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    asOf: text('as_of').notNull(),
    mrr: real('mrr'),
    logins30d: integer('logins_30d'),
    featuresUsed: integer('features_used'),
    activeSeats: integer('active_seats'),
    openTickets: integer('open_tickets'),
    npsScore: integer('nps_score'),
    daysSinceLastLogin: integer('days_since_last_login'),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.asOf] }), index('account_snapshots_asof_idx').on(t.asOf)],
);

/** Measures are NULL when the source file has no such column: missing data, never a zero (migration 0002). */
export const usageDaily = sqliteTable(
  'usage_daily',
  {
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    day: text('day').notNull(),
    activeUsers: integer('active_users'),
    logins: integer('logins'),
    keyEvents: integer('key_events'),
    featuresUsed: integer('features_used'),
    integrations: integer('integrations'),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.day] }), index('usage_daily_day_idx').on(t.day)],
);

/**
 * Per-account usage rollup, kept by every writer of usage_daily (import hook, demo writer, undo): the windows the
 * scorer and the alert rules read, as of the account's latest usage day (`as_of`). Column meanings mirror the raw
 * window queries in src/scoring/features.ts; the daily pass reads a row instead of 60 raw rows when as_of is the
 * day it scores. Owner: src/usage/rollups.ts.
 */
export const usageRollups = sqliteTable('usage_rollups', {
  accountId: text('account_id')
    .primaryKey()
    .references(() => accounts.id, { onDelete: 'cascade' }),
  asOf: text('as_of').notNull(),
  firstDay: text('first_day').notNull(),
  lastLoginDay: text('last_login_day'),
  firstLoginDataDay: text('first_login_data_day'),
  days30: integer('days30').notNull(),
  logins30: integer('logins30'),
  events30: integer('events30'),
  activeUsers30: integer('active_users30'),
  features30: integer('features30'),
  integrations30: integer('integrations30'),
  logins7: integer('logins7'),
  logins14: integer('logins14'),
  loginRows30: integer('login_rows30').notNull(),
  daysPrev30: integer('days_prev30').notNull(),
  loginsPrev30: integer('logins_prev30'),
  loginRowsPrev30: integer('login_rows_prev30').notNull(),
});

export const tickets = sqliteTable(
  'tickets',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    openedAt: text('opened_at').notNull(),
    closedAt: text('closed_at'),
    priority: text('priority', { enum: TICKET_PRIORITIES }).notNull().default('medium'),
    csat: integer('csat'),
    escalated: integer('escalated', { mode: 'boolean' }).notNull().default(false),
    subject: text('subject'),
  },
  // opened_at alone: the newest ticket (data freshness) is one index seek, not a scan.
  (t) => [index('tickets_account_idx').on(t.accountId, t.openedAt), index('tickets_opened_idx').on(t.openedAt)],
);

export const npsResponses = sqliteTable(
  'nps_responses',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    respondedAt: text('responded_at').notNull(),
    score: integer('score').notNull(),
    comment: text('comment'),
  },
  (t) => [index('nps_account_idx').on(t.accountId, t.respondedAt), index('nps_responded_idx').on(t.respondedAt)],
);

export const revenueEvents = sqliteTable(
  'revenue_events',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    occurredOn: text('occurred_on').notNull(),
    kind: text('kind', { enum: REVENUE_KINDS }).notNull(),
    arrDelta: real('arr_delta').notNull(), // signed: contraction and churn are negative
    expansionType: text('expansion_type', { enum: EXPANSION_TYPES }),
    note: text('note'),
  },
  (t) => [index('revenue_account_idx').on(t.accountId, t.occurredOn), index('revenue_day_idx').on(t.occurredOn)],
);

export const signals = sqliteTable(
  'signals',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: SIGNAL_KINDS }).notNull(),
    occurredAt: text('occurred_at').notNull(),
    detail: text('detail'),
    source: text('source'),
    resolvedAt: text('resolved_at'),
  },
  (t) => [index('signals_account_idx').on(t.accountId, t.occurredAt), index('signals_occurred_idx').on(t.occurredAt)],
);

/**
 * One row per account per as-of date; a re-run of the same date replaces the row. Numbers only (issue 13):
 * component points and scores in tenths, the drivers packed (src/scoring/score-codec.ts); weights, reasons,
 * actions and the quadrant are rendered from the scoring config when read. Only src/scoring/store.ts names it.
 */
export const healthScores = sqliteTable(
  'health_scores',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    asOf: text('as_of').notNull(),
    score: integer('score').notNull(),
    tier: text('tier').notNull(),
    coverage: integer('coverage_pm').notNull(), // 0..1000: per mille of the configured weight backed by data
    expansion: integer('expansion_pct').notNull().default(0), // 0..100
    onboarding: integer('onboarding', { mode: 'boolean' }).notNull().default(false),
    // component points (contribution to the score), tenths; they add up to score × 10
    usagePts: integer('usage_pts').notNull().default(0),
    engagementPts: integer('engagement_pts').notNull().default(0),
    supportPts: integer('support_pts').notNull().default(0),
    financialPts: integer('financial_pts').notNull().default(0),
    // component scores 0..1000 (tenths) after signal penalties; NULL = no data for it
    usageScore: integer('usage_score'),
    engagementScore: integer('engagement_score'),
    supportScore: integer('support_score'),
    financialScore: integer('financial_score'),
    drivers: blob('drivers', { mode: 'buffer' }), // packed ranked drivers; NULL = none
  },
  // No index on the date alone: it would cost ~20 B per account-day; reads by date go account by account
  // through this one (src/scoring/store.ts).
  (t) => [uniqueIndex('health_scores_account_asof_uq').on(t.accountId, t.asOf)],
);
export type HealthScoreRow = typeof healthScores.$inferSelect;
export type NewHealthScoreRow = typeof healthScores.$inferInsert;

/**
 * The newest score per account (one narrow row each), so the App Home and book lists aggregate and page in SQL
 * instead of finding each account's latest health_scores row. Written beside every score row
 * (src/scoring/latest.ts); `prev7_score` is the latest score 7–14 days before `as_of` (the Home's trend arrow).
 */
export const latestScores = sqliteTable(
  'latest_scores',
  {
    accountId: text('account_id')
      .primaryKey()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    asOf: text('as_of').notNull(),
    score: real('score').notNull(),
    tier: text('tier').notNull(),
    prev7Score: real('prev7_score'),
  },
  (t) => [index('latest_scores_tier_idx').on(t.tier, t.score)],
);

/**
 * Each account's revenue and outreach figures as of now (one narrow row per account with any), so a book as of
 * today reads ARR and last touch without one revenue-events and one outreach lookup per account. Kept current
 * where those rows are written (src/book/account-rollups.ts); `revenue_last_on` (the newest event's day) tells a
 * reader whether the sum still holds on its day.
 */
export const accountRollups = sqliteTable('account_rollups', {
  accountId: text('account_id')
    .primaryKey()
    .references(() => accounts.id, { onDelete: 'cascade' }),
  /** sum of every revenue event's arr_delta; null when the account has none */
  revenueSum: real('revenue_sum'),
  /** day of the newest revenue event; null when none */
  revenueLastOn: text('revenue_last_on'),
  /** newest outreach occurred_at; null when none */
  lastOutreachAt: text('last_outreach_at'),
});

export const scoringRuns = sqliteTable('scoring_runs', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  asOf: text('as_of').notNull(),
  startedAt: text('started_at').notNull(),
  finishedAt: text('finished_at'),
  accounts: integer('accounts').notNull().default(0),
  durationMs: integer('duration_ms'),
});

export const alerts = sqliteTable(
  'alerts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    rule: text('rule').notNull(),
    severity: text('severity', { enum: ALERT_SEVERITIES }).notNull(),
    status: text('status', { enum: ALERT_STATUSES }).notNull().default('open'),
    title: text('title').notNull(),
    detail: text('detail', { mode: 'json' }), // rule-specific numbers and reason
    playbookId: text('playbook_id'),
    chain: text('chain', { mode: 'json' }).notNull(), // frozen escalation chain at open time
    escalationLevel: integer('escalation_level').notNull().default(0),
    slaDueAt: text('sla_due_at'),
    openedAt: text('opened_at').notNull(),
    acknowledgedAt: text('acknowledged_at'),
    acknowledgedBy: text('acknowledged_by'),
    snoozedUntil: text('snoozed_until'),
    resolvedAt: text('resolved_at'),
    resolvedBy: text('resolved_by'),
    /** why a person resolved the group (saved, false_positive, not_actionable, churned); null when it cleared by itself */
    resolutionReason: text('resolution_reason'),
    resolutionNote: text('resolution_note'),
    updatedAt: text('updated_at').notNull(),
    version: integer('version').notNull().default(0), // bumped on every change; drives message re-render
  },
  (t) => [
    // An alerts row is an alert GROUP: one live group per account (its reasons live in alert_reasons).
    // The partial index makes a duplicate insert fail even under races; `rule` is the group's top reason.
    uniqueIndex('alerts_one_live_group_uq').on(t.accountId).where(sql`status != 'resolved'`),
    index('alerts_status_idx').on(t.status, t.slaDueAt),
    index('alerts_account_idx').on(t.accountId),
  ],
);

/**
 * The reasons (rules that hold) of an account's alert group. One row per (account, rule) ever seen; a row lives
 * before its group exists while it is pending (flap damping: `for` consecutive runs) and after it clears.
 * status: pending (held < for), firing, clearing (clear for < keep_firing_for), cleared.
 */
export const alertReasons = sqliteTable(
  'alert_reasons',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    alertId: integer('alert_id').references(() => alerts.id, { onDelete: 'set null' }),
    rule: text('rule').notNull(),
    severity: text('severity', { enum: ALERT_SEVERITIES }).notNull(),
    status: text('status', { enum: ['pending', 'firing', 'clearing', 'cleared'] }).notNull(),
    title: text('title').notNull(),
    detail: text('detail', { mode: 'json' }).notNull(),
    positive: integer('positive', { mode: 'boolean' }).notNull().default(false),
    heldRuns: integer('held_runs').notNull().default(1),
    firstSeenAt: text('first_seen_at').notNull(),
    lastSeenAt: text('last_seen_at').notNull(),
    clearSince: text('clear_since'),
    clearedAt: text('cleared_at'),
  },
  (t) => [uniqueIndex('alert_reasons_account_rule_uq').on(t.accountId, t.rule), index('alert_reasons_alert_idx').on(t.alertId)],
);

/** Every alert transition: who, when, from where. The alert row is the current state; this is the history. */
export const alertEvents = sqliteTable(
  'alert_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    alertId: integer('alert_id')
      .notNull()
      .references(() => alerts.id, { onDelete: 'cascade' }),
    at: text('at').notNull(),
    kind: text('kind').notNull(), // opened, severity_raised, notified, escalated, acknowledged, snoozed, unsnoozed, resolved, step_completed, step_reopened
    actor: text('actor').notNull(), // Slack user id, email, or 'system'
    source: text('source', { enum: ['rule', 'slack', 'cli', 'timer'] }).notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    data: text('data', { mode: 'json' }),
  },
  (t) => [index('alert_events_alert_idx').on(t.alertId, t.at)],
);

/**
 * Which Slack messages are an alert's copies (owner DM, manager DM, channel post): the alert keeps only the message
 * key; where the message is (channel, ts) belongs to delivery (slack_messages).
 */
export const alertMessages = sqliteTable(
  'alert_messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    alertId: integer('alert_id')
      .notNull()
      .references(() => alerts.id, { onDelete: 'cascade' }),
    recipient: text('recipient').notNull(), // Slack user id or channel id as addressed
    role: text('role').notNull(), // owner, manager, vp, channel
    level: integer('level').notNull().default(0),
    createdAt: text('created_at').notNull(),
    /** the delivery message key of this copy (slack_messages.key) */
    messageKey: text('message_key').notNull(),
  },
  (t) => [uniqueIndex('alert_messages_uq').on(t.alertId, t.recipient), index('alert_messages_alert_idx').on(t.alertId)],
);

export const playbookStepCompletions = sqliteTable(
  'playbook_step_completions',
  {
    alertId: integer('alert_id')
      .notNull()
      .references(() => alerts.id, { onDelete: 'cascade' }),
    stepId: text('step_id').notNull(),
    completedBy: text('completed_by').notNull(),
    completedAt: text('completed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.alertId, t.stepId] })],
);

export const outreach = sqliteTable(
  'outreach',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    loggedBy: text('logged_by').notNull(),
    type: text('type', { enum: OUTREACH_TYPES }).notNull(),
    notes: text('notes'),
    outcome: text('outcome'),
    nextStepOn: text('next_step_on'),
    occurredAt: text('occurred_at').notNull(),
    alertId: integer('alert_id').references(() => alerts.id, { onDelete: 'set null' }),
    /** What logged it, once: a Slack view id (a retried or replayed submission carries the same one). */
    idempotencyKey: text('idempotency_key'),
  },
  (t) => [index('outreach_account_idx').on(t.accountId, t.occurredAt), uniqueIndex('outreach_idempotency_uq').on(t.idempotencyKey)],
);

/**
 * Durable delivery queue: every Slack write is a row here first. Workers claim rows by compare-and-swap
 * on status, retry with available_at, and the idempotency key makes re-enqueueing the same intent a no-op.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    idempotencyKey: text('idempotency_key').notNull(),
    method: text('method').notNull(), // chat.postMessage, chat.update, files.uploadV2, views.publish …
    args: text('args', { mode: 'json' }).notNull(),
    channel: text('channel'), // pacing key
    status: text('status', { enum: OUTBOX_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    availableAt: text('available_at').notNull(),
    claimedAt: text('claimed_at'),
    claimedBy: text('claimed_by'),
    lastError: text('last_error'),
    result: text('result', { mode: 'json' }), // {channel, ts} once sent
    alertId: integer('alert_id'),
    createdAt: text('created_at').notNull(),
    sentAt: text('sent_at'),
    /** 1 = caused by a click (chat.update of the clicked card…): goes ahead of any backlog */
    priority: integer('priority').notNull().default(0),
    /** 1 = an earlier attempt's outcome is unknown (timeout, 5xx, crash): check Slack before sending again */
    unsure: integer('unsure').notNull().default(0),
  },
  (t) => [uniqueIndex('outbox_idempotency_uq').on(t.idempotencyKey), index('outbox_status_idx').on(t.status, t.availableAt)],
);

/**
 * Message identity, owned by delivery: callers post as key K, update K, reply in K's thread and never see a ts.
 * The post's outbox row is known at once; channel and ts once Slack answered (or crash recovery found the post).
 */
export const slackMessages = sqliteTable(
  'slack_messages',
  {
    key: text('key').primaryKey(),
    /** where the post was addressed (user id for a DM, channel id or #name) */
    address: text('address').notNull(),
    /** the chat.postMessage outbox row that creates the message */
    postOutboxId: integer('post_outbox_id'),
    channel: text('channel'), // resolved conversation id once posted
    ts: text('ts'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('slack_messages_post_idx').on(t.postOutboxId)],
);

export const digestLog = sqliteTable(
  'digest_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    week: text('week').notNull(), // ISO week, 2026-W48
    audience: text('audience').notNull(), // 'leadership' or 'csm:<email>'
    status: text('status', { enum: ['building', 'queued', 'sent', 'failed'] }).notNull(),
    outboxIds: text('outbox_ids', { mode: 'json' }),
    summary: text('summary', { mode: 'json' }),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [uniqueIndex('digest_log_uq').on(t.week, t.audience)],
);

export const importRuns = sqliteTable('import_runs', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  kind: text('kind').notNull(),
  file: text('file').notNull(),
  rows: integer('rows').notNull(),
  inserted: integer('inserted').notNull(),
  updated: integer('updated').notNull(),
  unchanged: integer('unchanged').notNull(),
  at: text('at').notNull(),
});

/** One row per `bellwether backtest` run: how well the score ranked later churn (read by the digest and card). */
export const backtestRuns = sqliteTable('backtest_runs', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  ranAt: text('ran_at').notNull(),
  fromDate: text('from_date').notNull(),
  toDate: text('to_date').notNull(),
  dates: integer('dates').notNull(),
  horizonDays: integer('horizon_days').notNull(),
  accountDates: integer('account_dates').notNull(),
  churners: integer('churners').notNull(),
  auc: real('auc'),
  aucLow: real('auc_low'),
  aucHigh: real('auc_high'),
  lift10: real('lift10'),
  precision: real('precision'),
  recall: real('recall'),
  /** churners that were Thriving or Healthy / all churners */
  surpriseChurn: real('surprise_churn'),
  /** {tier: {rows, churners, rate}} */
  tierChurn: text('tier_churn', { mode: 'json' }).notNull(),
  /** scoringFingerprint of the config the run scored with; NULL for runs before it was recorded */
  configFingerprint: text('config_fingerprint'),
});

/**
 * One row per background job run (scoring-and-evaluation of a date, digests of a week…): a run records its
 * progress here so a restart, or the next tick, can finish a run a crash interrupted.
 */
export const JOB_RUN_STATUSES = ['running', 'done', 'failed'] as const;
export const jobRuns = sqliteTable(
  'job_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    job: text('job').notNull(),
    key: text('key').notNull(), // the date or week the run is for
    status: text('status', { enum: JOB_RUN_STATUSES }).notNull(),
    progress: text('progress'), // the last step completed, e.g. 'scored'
    attempts: integer('attempts').notNull().default(1),
    startedAt: text('started_at').notNull(),
    finishedAt: text('finished_at'),
    error: text('error'),
  },
  (t) => [uniqueIndex('job_runs_job_key_uq').on(t.job, t.key)],
);

/**
 * Undo journal of an import that commits in short transactions: per chunk, the rowid ranges it inserted
 * and the old values of the rows it changed, written in the chunk's own transaction. A failed or
 * interrupted import is rolled back from here, so a file still lands all or nothing. Emptied when the
 * import finishes.
 */
export const importUndo = sqliteTable(
  'import_undo',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    runKey: text('run_key').notNull(), // job_runs key of the import
    tbl: text('tbl').notNull(),
    fromRowid: integer('from_rowid'), // inserted rows: rowid range
    toRowid: integer('to_rowid'),
    rowid: integer('row_id'), // an updated row and its old values
    old: text('old', { mode: 'json' }),
  },
  (t) => [index('import_undo_run_idx').on(t.runKey, t.id)],
);

/**
 * A version number per table that triggers bump on every change (accounts: insert, delete, a change of id,
 * name or arr), so a cache can tell "another connection changed accounts" from "another connection committed
 * something" (background jobs commit constantly) with one O(1) read.
 */
export const tableVersions = sqliteTable('table_versions', {
  name: text('name').primaryKey(),
  version: integer('version').notNull().default(0),
});

// ── attention budget (owner: src/attention/store.ts) ─────────────────────────

/** A person's notification settings (App Home → Notification settings). No row = the configured defaults. */
export const notificationSettings = sqliteTable('notification_settings', {
  userId: text('user_id').primaryKey(), // Slack user id
  /** severities that DM at once (JSON array); the others wait for the daily summary */
  dmSeverities: text('dm_severities', { mode: 'json' }).$type<string[]>().notNull(),
  summaryTime: text('summary_time').notNull(), // local HH:MM
  awayUntil: text('away_until'), // YYYY-MM-DD inclusive, null = not away
  delegateId: text('delegate_id'), // Slack user id who receives alerts while away
  updatedAt: text('updated_at').notNull(),
});

/** A person or channel following an account or a segment: they receive its alert messages. */
export const follows = sqliteTable(
  'follows',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    follower: text('follower').notNull(), // Slack user id or channel id / #name
    kind: text('kind', { enum: ['account', 'segment'] }).notNull(),
    target: text('target').notNull(), // account id or segment name
    createdAt: text('created_at').notNull(),
  },
  (t) => [uniqueIndex('follows_uq').on(t.follower, t.kind, t.target), index('follows_target_idx').on(t.kind, t.target)],
);

/**
 * Every attention decision for a (recipient, alert, severity): sent at once, held for the daily summary, or
 * delivered at a later instant. `day` is the recipient's local date the decision counts against (daily cap).
 */
export const attentionLedger = sqliteTable(
  'attention_ledger',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    recipient: text('recipient').notNull(),
    alertId: integer('alert_id').notNull(),
    accountId: text('account_id').notNull(),
    severity: text('severity').notNull(),
    purpose: text('purpose', { enum: ['open', 'escalation'] })
      .notNull()
      .default('open'),
    decision: text('decision', { enum: ['now', 'later', 'summary'] }).notNull(),
    reason: text('reason').notNull(), // baseline, cap, preference, working_hours, ok
    day: text('day').notNull(),
    summaryOutboxId: integer('summary_outbox_id'), // set once folded into a sent summary
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('attention_ledger_uq').on(t.recipient, t.alertId, t.severity, t.purpose),
    index('attention_ledger_day_idx').on(t.recipient, t.day, t.decision),
    // "is there a decision before now" (the first-run baseline) is asked per group opened: a seek, not a scan.
    index('attention_ledger_created_idx').on(t.createdAt),
  ],
);
