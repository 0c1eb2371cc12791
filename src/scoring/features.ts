/**
 * Feature extraction as of a date. Reads ONLY rows dated on or before the as-of date, for every account at
 * at once: one set-based GROUP BY aggregate per source table (never a query per account), so the cost is one
 * pass over the data. Accounts are read in keyset chunks (`streamFeatures`): each query is bounded to the
 * chunk's account-id range, so memory stays flat however many accounts there are, and the scoring pass
 * scores and writes each chunk as it arrives (see run.ts, score-account.ts).
 *
 * Measured at 100k accounts × 90 days: the cost is SQLite's per-row aggregate work, so each usage row is read
 * once (two disjoint 30-day windows; one 60-day query with CASE per window was ~1.5× slower), the big
 * per-account results are walked in step with the accounts instead of being held in maps, and rows stay
 * raw arrays (no per-row objects).
 */
import type { Db } from '../../db';
import type { Statement } from 'better-sqlite3';
import type { Lifecycle, RenewalStatus, SignalKind } from '../../db/schema';
import type { ScoringConfig } from '../config/sections/scoring';
import { addDays } from '../lib/dates';
import { daysFrom } from './day-number';
import { type DataSource, type SourceFreshness, dataFreshness, staleSources } from './freshness';

export interface UsageFeatures {
  /** first usage row on record (≤ as-of) */
  firstDay: string;
  /** last day with at least one login, or null if none on record */
  lastLoginDay: string | null;
  /** rows (days with data) in the last 30 days, as-of day included */
  days30: number;
  logins30: number;
  events30: number;
  /** peak daily active users in the last 30 days: our measure of active seats */
  activeSeats30: number;
  /** most features used on one day in the last 30 days */
  features30: number;
  /** integrations connected (highest in the last 30 days) */
  integrations: number;
  /** days with data in the 30 days before that */
  daysPrev30: number;
  loginsPrev30: number;
  logins7: number;
  loginsPrev7: number;
  /**
   * Which measures the data has for this account (a column its source file lacks is stored NULL): a measure
   * that is not known reads 0 above but must be treated as missing, never as zero. Absent = all known.
   */
  known?: UsageKnown;
}

export interface UsageKnown {
  activeUsers: boolean;
  logins: boolean;
  keyEvents: boolean;
  featuresUsed: boolean;
  integrations: boolean;
}

/** The flat `import snapshot` metrics, used when an account has no daily usage rows. */
export interface SnapshotFeatures {
  asOf: string;
  logins30d: number | null;
  featuresUsed: number | null;
  activeSeats: number | null;
  openTickets: number | null;
  npsScore: number | null;
  daysSinceLastLogin: number | null;
}

export interface TicketFeatures {
  open: { low: number; medium: number; high: number; urgent: number };
  /** age in days of the oldest ticket still open at the as-of date, 0 when none is open */
  oldestOpenDays: number;
  /** tickets opened in the last 90 days */
  volume90: number;
  /** mean CSAT (1–5) of tickets closed in the last 90 days, null when none was rated */
  csat90: number | null;
}

export interface NpsFeatures {
  latest: number;
  previous: number | null;
  respondedAt: string;
}

export interface RevenueFeatures {
  /** signed sum of expansion and contraction ARR deltas in the last 90 days */
  net90: number;
  /** churn date when the account churned on or before the as-of date and has not come back since */
  churnedOn: string | null;
}

export interface SignalFeature {
  kind: SignalKind;
  occurredAt: string;
  detail: string | null;
}

export interface AccountFeatures {
  id: string;
  name: string;
  segment: string | null;
  /** ARR as of the date: current ARR minus revenue changes dated after it */
  arr: number;
  seatsLicensed: number | null;
  /** days since signup / contract start (or first usage), null when unknown */
  tenureDays: number | null;
  renewalDate: string | null;
  renewalStatus: RenewalStatus;
  /** null: no daily usage rows for this account */
  usage: UsageFeatures | null;
  snapshot: SnapshotFeatures | null;
  /** null: no ticket data (no tickets imported at all, and no snapshot count) */
  tickets: TicketFeatures | null;
  nps: NpsFeatures | null;
  /** null: no revenue data imported at all */
  revenue: RevenueFeatures | null;
  /** unresolved signals in the signal window, oldest first */
  signals: SignalFeature[];
  /** sources older than their staleness tolerance at the as-of date (shared by every account of a run) */
  staleSources?: readonly DataSource[];
}

export interface ExtractOptions {
  signalWindowDays: number;
  /** staleness tolerances; without them no source counts as stale */
  staleAfterDays?: ScoringConfig['staleAfterDays'];
}

export interface Extracted {
  features: AccountFeatures[];
  /** accounts not scored: signed up after the as-of date, or churned 30+ days before it */
  skipped: number;
  /** each source's latest date at the as-of date, and whether it is stale (empty without staleAfterDays) */
  freshness?: SourceFreshness[];
}

/** Churned = cancelled and not reactivated within 30 days (design: Metric definitions). */
export const CHURN_GRACE_DAYS = 30;

export interface WindowParams {
  asOf: string;
  /** exclusive upper bound for instants: the day after as-of ('2026-01-02' > '2026-01-01T23:59Z') */
  next: string;
  d7: string;
  d14: string;
  d30: string;
  d60: string;
  d90: string;
}

export function windowParams(asOf: string): WindowParams {
  return {
    asOf,
    next: addDays(asOf, 1),
    d7: addDays(asOf, -7),
    d14: addDays(asOf, -14),
    d30: addDays(asOf, -30),
    d60: addDays(asOf, -60),
    d90: addDays(asOf, -90),
  };
}

/**
 * Usage windows. Each account's rows are read by a range seek on the (account_id, day) primary key from the
 * accounts table (CROSS JOIN pins that loop order; a plain GROUP BY with a day range makes SQLite pick the
 * day index and sort). Only the 60 days the windows need are read, however long the history is.
 * Columns, in order: id, days30, logins30, events30, activeSeats30, features30, integrations, lastLoginDay,
 * logins7, logins14, rows with a logins value. Every query of a chunk is bounded to its ids: @lo < id <= @hi.
 */
export const USAGE_LAST30_SQL = `
SELECT a.id, COUNT(*), SUM(u.logins), SUM(u.key_events), MAX(u.active_users), MAX(u.features_used), MAX(u.integrations),
  MAX(CASE WHEN u.logins > 0 THEN u.day END),
  SUM(CASE WHEN u.day > @d7 THEN u.logins END),
  SUM(CASE WHEN u.day > @d14 THEN u.logins END),
  COUNT(u.logins)
FROM accounts a CROSS JOIN usage_daily u ON u.account_id = a.id AND u.day > @d30 AND u.day <= @asOf
WHERE a.id > @lo AND a.id <= @hi
GROUP BY a.id ORDER BY a.id`;

/** Columns, in order: id, daysPrev30, loginsPrev30, rows with a logins value. Kept minimal: it is the second-biggest read. */
export const USAGE_PREV30_SQL = `
SELECT a.id, COUNT(*), SUM(u.logins), COUNT(u.logins)
FROM accounts a CROSS JOIN usage_daily u ON u.account_id = a.id AND u.day > @d60 AND u.day <= @d30
WHERE a.id > @lo AND a.id <= @hi
GROUP BY a.id ORDER BY a.id`;

/** The same two window queries for one account (the rollup path's fallback for an account whose rollup is not as of the date). */
const ONE_ACCOUNT = (sql: string) => sql.replace('a.id > @lo AND a.id <= @hi', 'a.id = @id');
const USAGE_LAST30_ONE_SQL = ONE_ACCOUNT(USAGE_LAST30_SQL);
const USAGE_PREV30_ONE_SQL = ONE_ACCOUNT(USAGE_PREV30_SQL);

/**
 * The chunk's usage rollups (src/usage/rollups.ts) that are as of the date, shaped as the raw window rows:
 * columns 0–10 as USAGE_LAST30_SQL, 11–13 the USAGE_PREV30_SQL values, then the last login and the first day
 * with a logins value (what the two per-account seeks below would find).
 */
export const USAGE_ROLLUPS_SQL = `
SELECT account_id, days30, logins30, events30, active_users30, features30, integrations30,
  CASE WHEN last_login_day > @d30 THEN last_login_day END, logins7, logins14, login_rows30,
  days_prev30, logins_prev30, login_rows_prev30, last_login_day, first_login_data_day
FROM usage_rollups WHERE account_id > @lo AND account_id <= @hi AND as_of = @asOf`;

/** Above this share of a chunk's accounts with usage lacking a rollup as of the date, the chunk reads raw rows set-based. */
const ROLLUP_MISS_SHARE = 0.125;

/** First day with a logins value (a source without the column leaves NULLs): only asked for accounts that never logged in. */
const FIRST_LOGIN_DATA_SQL = `
SELECT MIN(day) FROM usage_daily WHERE account_id = ? AND day <= ? AND logins IS NOT NULL`;

/** The chunk's account ids, in order (keyset pagination on the primary key). */
const CHUNK_IDS_SQL = `SELECT id FROM accounts WHERE id > ? ORDER BY id LIMIT ?`;

/** Last login before the 30-day window, only for accounts without one inside it. */
const LAST_LOGIN_SQL = `
SELECT day FROM usage_daily WHERE account_id = ? AND day <= ? AND logins > 0 ORDER BY day DESC LIMIT 1`;

/** Tickets open at the as-of date (opened before the next day, not closed before it), age, volume, CSAT. */
export const TICKETS_SQL = `
SELECT account_id,
  SUM(CASE WHEN (closed_at IS NULL OR closed_at >= @next) AND priority = 'low' THEN 1 ELSE 0 END) AS openLow,
  SUM(CASE WHEN (closed_at IS NULL OR closed_at >= @next) AND priority = 'medium' THEN 1 ELSE 0 END) AS openMedium,
  SUM(CASE WHEN (closed_at IS NULL OR closed_at >= @next) AND priority = 'high' THEN 1 ELSE 0 END) AS openHigh,
  SUM(CASE WHEN (closed_at IS NULL OR closed_at >= @next) AND priority = 'urgent' THEN 1 ELSE 0 END) AS openUrgent,
  MIN(CASE WHEN closed_at IS NULL OR closed_at >= @next THEN opened_at END) AS oldestOpen,
  SUM(opened_at > @d90) AS volume90,
  AVG(CASE WHEN closed_at < @next AND closed_at > @d90 THEN csat END) AS csat90
FROM tickets
WHERE account_id > @lo AND account_id <= @hi AND +opened_at < @next
GROUP BY account_id`;

/**
 * NPS responses on or before the as-of date (last 365 days), newest first per account; the caller keeps the
 * first two of each account. Cheaper than a ROW_NUMBER() window: the index gives the account order and
 * only the tie-break terms need sorting.
 */
export const NPS_SQL = `
SELECT account_id, score, responded_at
FROM nps_responses
WHERE account_id > @lo AND account_id <= @hi AND +responded_at < @next AND +responded_at > @d365
ORDER BY account_id, responded_at DESC, id DESC`;

const REVENUE_SQL = `
SELECT account_id AS id,
  SUM(CASE WHEN occurred_on >= @next THEN arr_delta ELSE 0 END) AS laterDelta,
  SUM(CASE WHEN occurred_on < @next AND occurred_on > @d90 AND kind IN ('expansion', 'contraction') THEN arr_delta ELSE 0 END) AS net90,
  MAX(CASE WHEN occurred_on < @next AND kind = 'churn' THEN occurred_on END) AS lastChurn,
  MAX(CASE WHEN occurred_on < @next AND kind IN ('new', 'reactivation') THEN occurred_on END) AS lastStart,
  SUM(occurred_on < @next AND kind = 'churn') AS churnEvents
FROM revenue_events
WHERE account_id > @lo AND account_id <= @hi
GROUP BY account_id`;

const SIGNALS_SQL = `
SELECT account_id AS id, kind, occurred_at AS occurredAt, detail
FROM signals
WHERE account_id > @lo AND account_id <= @hi AND +occurred_at < @next AND +occurred_at > @dSignal AND (resolved_at IS NULL OR resolved_at >= @next)
ORDER BY account_id, occurred_at`;

const SNAPSHOT_SQL = `
SELECT s.account_id AS id, s.as_of AS asOf, s.logins_30d AS logins30d, s.features_used AS featuresUsed,
  s.active_seats AS activeSeats, s.open_tickets AS openTickets, s.nps_score AS npsScore,
  s.days_since_last_login AS daysSinceLastLogin
FROM account_snapshots s
JOIN (SELECT account_id, MAX(as_of) AS m FROM account_snapshots WHERE account_id > @lo AND account_id <= @hi AND +as_of <= @asOf GROUP BY account_id) l
  ON l.account_id = s.account_id AND l.m = s.as_of`;

/**
 * Accounts with their attributes as of the date (and their stored values, for alert facts), and the first usage day on record (one covering-index seek
 * each). Attributes changed after the as-of date come from account_history: its earliest row dated after the
 * as-of day holds what was true then (one index seek per account; no row = the stored values still hold).
 *
 * An outcome (renewal status or lifecycle `churned`) must not reach back before it was known, so for those
 * rows only, the last column gives the day the values in force at the as-of date were first known: the
 * history row's own valid-from (or the change before it), or for the stored values the last change (history),
 * the import's as_of, or the day the row was written. NULL = not known.
 * Column order = A_* below.
 */
const STATUS_AT = `CASE WHEN h.id IS NULL THEN a.renewal_status ELSE h.renewal_status END`;
const LIFECYCLE_AT = `CASE WHEN h.id IS NULL THEN a.lifecycle ELSE h.lifecycle END`;
export const ACCOUNTS_SQL = `
SELECT a.id, a.name,
  CASE WHEN h.id IS NULL THEN a.segment ELSE h.segment END,
  a.arr,
  CASE WHEN h.id IS NULL THEN a.lifecycle ELSE h.lifecycle END,
  CASE WHEN h.id IS NULL THEN a.renewal_date ELSE h.renewal_date END,
  CASE WHEN h.id IS NULL THEN a.renewal_status ELSE h.renewal_status END,
  CASE WHEN h.id IS NULL THEN a.signup_date ELSE h.signup_date END,
  CASE WHEN h.id IS NULL THEN a.contract_start ELSE h.contract_start END,
  CASE WHEN h.id IS NULL THEN a.seats_licensed ELSE h.seats_licensed END,
  (SELECT MIN(day) FROM usage_daily WHERE account_id = a.id AND day <= @asOf) AS first_day,
  CASE WHEN ${STATUS_AT} = 'churned' OR ${LIFECYCLE_AT} = 'churned' THEN
    CASE WHEN h.id IS NOT NULL
      THEN COALESCE(h.valid_from, (SELECT MAX(valid_until) FROM account_history WHERE account_id = a.id AND valid_until <= @asOf))
      ELSE COALESCE((SELECT MAX(valid_until) FROM account_history WHERE account_id = a.id), a.as_of, substr(a.updated_at, 1, 10))
    END
  END AS known_from,
  a.renewal_date, a.renewal_status, a.lifecycle
FROM accounts a
LEFT JOIN account_history h ON h.id = (
  SELECT id FROM account_history WHERE account_id = a.id AND valid_until > @asOf ORDER BY valid_until, id LIMIT 1)
WHERE a.id > @lo AND a.id <= @hi
ORDER BY a.id`;
const [A_ID, A_NAME, A_SEGMENT, A_ARR, A_LIFECYCLE, A_RENEWAL_DATE, A_RENEWAL_STATUS, A_SIGNUP, A_CONTRACT, A_SEATS, A_FIRST_DAY, A_KNOWN_FROM] = [
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
];
/** The account's stored (current) values, which alert facts show: the last three columns. */
const [A_CUR_RENEWAL_DATE, A_CUR_RENEWAL_STATUS, A_CUR_LIFECYCLE] = [12, 13, 14];

/** Usage columns that hold a value somewhere on or before the as-of date (a file without the column left NULLs). */
const USAGE_COLUMNS = {
  activeUsers: 'active_users',
  logins: 'logins',
  keyEvents: 'key_events',
  featuresUsed: 'features_used',
  integrations: 'integrations',
} as const;

function usageColumnsPresent(db: Db, asOf: string): UsageKnown {
  const out = {} as Record<keyof UsageKnown, boolean>;
  for (const [k, col] of Object.entries(USAGE_COLUMNS)) {
    out[k as keyof UsageKnown] = db.$client.prepare(`SELECT 1 FROM usage_daily WHERE ${col} IS NOT NULL AND day <= ? LIMIT 1`).get(asOf) !== undefined;
  }
  return out;
}

type Row = Record<string, unknown>;
const num = (v: unknown): number => (v == null ? 0 : Number(v));

function exists(db: Db, sql: string, params: WindowParams): boolean {
  return db.$client.prepare(sql).get(params) !== undefined;
}

/**
 * What alert facts need from the pass beyond the features: the account's stored values and usage as the
 * rules read it (computed only with `withFacts`, for accounts that are scored).
 */
export interface PassFacts {
  account: StoredAccount;
  /** logins in the last 30 days vs the 30 before; null without a logins value in either window */
  logins: { recent: number; previous: number } | null;
  /** last day with a login on or before the as-of date */
  lastLoginDay: string | null;
  /** first day with a logins value, asked only when there was never a login (null otherwise) */
  firstLoginDataDay: string | null;
}

/** The account's stored (current) values, as alert facts show them. */
export interface StoredAccount {
  name: string;
  arr: number;
  renewalDate: string | null;
  renewalStatus: RenewalStatus;
  lifecycle: Lifecycle;
}

export interface FeatureEntry {
  id: string;
  /** set with `withFacts`, for every account (scored or not) */
  stored?: StoredAccount;
  /** null: not scored (signed up after the as-of date, or churned 30+ days before it) */
  features: AccountFeatures | null;
  /** set with `withFacts` for scored accounts */
  facts?: PassFacts;
}

/** One keyset chunk of accounts, in id order: ids in (lo, hi]. */
export interface FeatureChunk {
  lo: string;
  hi: string;
  entries: FeatureEntry[];
}

export interface StreamOptions extends ExtractOptions {
  /** accounts per chunk (default 2000) */
  chunkSize?: number;
  /** also compute each scored account's PassFacts (the daily pass feeds them to alert evaluation) */
  withFacts?: boolean;
  /**
   * Read usage windows from usage_rollups for accounts whose rollup is as of the date (the daily pass scoring the
   * latest day); other accounts, and chunks where many lack one (a past date), read the raw rows. Same features.
   */
  usageRollups?: boolean;
}

/** Accounts per chunk: big enough that per-query overhead vanishes, small enough that a chunk's maps die young. */
export const FEATURE_CHUNK = 2000;

/** The number of accounts a stream visits (its progress total). */
export function accountCount(db: Db): number {
  return db.$client.prepare('SELECT COUNT(*) FROM accounts').pluck().get() as number;
}

/** Source freshness at the as-of date (empty without staleness tolerances). */
export function runFreshness(db: Db, asOf: string, opts: ExtractOptions): SourceFreshness[] {
  return opts.staleAfterDays ? dataFreshness(db, asOf, { staleAfterDays: opts.staleAfterDays }) : [];
}

/** Extract features for every account as of `asOf`, all at once (tests, validation; the scoring pass streams). */
export function extractFeatures(db: Db, asOf: string, opts: StreamOptions): Extracted {
  const freshness = runFreshness(db, asOf, opts);
  const features: AccountFeatures[] = [];
  let skipped = 0;
  for (const chunk of streamFeatures(db, asOf, opts, staleSources(freshness))) {
    for (const e of chunk.entries) {
      if (e.features) features.push(e.features);
      else skipped++;
    }
  }
  return { features, skipped, freshness };
}

/**
 * Features for every account as of `asOf`, one keyset chunk of accounts at a time. Each chunk runs the
 * set-based queries bounded to its id range, so nothing held grows with the number of accounts.
 * Safe to write between chunks (every chunk's statements are finished before it is yielded).
 */
export function* streamFeatures(db: Db, asOf: string, opts: StreamOptions, stale: readonly DataSource[] = []): Generator<FeatureChunk> {
  const c = db.$client;
  const size = opts.chunkSize ?? FEATURE_CHUNK;
  const w = windowParams(asOf);
  const hasTickets = exists(db, 'SELECT 1 FROM tickets WHERE opened_at < @next LIMIT 1', w);
  const hasRevenue = exists(db, 'SELECT 1 FROM revenue_events WHERE occurred_on < @next LIMIT 1', w);
  // Only accounts without rows in the last 30 days need it: asked once, on first need (all-NULL columns scan).
  let presentMemo: UsageKnown | undefined;
  const present = () => (presentMemo ??= usageColumnsPresent(db, asOf));
  const q = {
    ids: c.prepare(CHUNK_IDS_SQL).pluck(),
    lastLogin: c.prepare(LAST_LOGIN_SQL).pluck(),
    firstLoginData: c.prepare(FIRST_LOGIN_DATA_SQL).pluck(),
    tickets: c.prepare(TICKETS_SQL).raw(),
    nps: c.prepare(NPS_SQL).raw(),
    revenue: c.prepare(REVENUE_SQL),
    signals: c.prepare(SIGNALS_SQL),
    snapshots: c.prepare(SNAPSHOT_SQL),
    last30: c.prepare(USAGE_LAST30_SQL).raw(),
    prev30: c.prepare(USAGE_PREV30_SQL).raw(),
    accounts: c.prepare(ACCOUNTS_SQL).raw(),
    rollups: opts.usageRollups ? c.prepare(USAGE_ROLLUPS_SQL).raw() : null,
    last30One: opts.usageRollups ? c.prepare(USAGE_LAST30_ONE_SQL).raw() : null,
    prev30One: opts.usageRollups ? c.prepare(USAGE_PREV30_ONE_SQL).raw() : null,
  };
  let lo = '';
  for (;;) {
    const ids = q.ids.all(lo, size) as string[];
    if (!ids.length) return;
    const hi = ids[ids.length - 1];
    const range = { lo, hi };
    const chunk = extractChunk(q, w, range, opts, { hasTickets, hasRevenue, present, stale });
    lo = hi;
    yield chunk;
  }
}

type ChunkQueries = {
  lastLogin: Statement;
  firstLoginData: Statement;
  tickets: Statement;
  nps: Statement;
  revenue: Statement;
  signals: Statement;
  snapshots: Statement;
  last30: Statement;
  prev30: Statement;
  accounts: Statement;
  rollups: Statement | null;
  last30One: Statement | null;
  prev30One: Statement | null;
};

/** A chunk's usage window rows by account, and the two per-account seeks (answered from a rollup when it has one). */
interface UsageWindows {
  last30: Map<string, Raw>;
  prev30: Map<string, Raw>;
  /** last login on or before the 30-day window's start */
  lastLoginBefore30(id: string): string | null;
  /** first day with a logins value on or before the as-of date */
  firstLoginData(id: string): string | null;
}

function usageWindows(q: ChunkQueries, w: WindowParams, range: { lo: string; hi: string }, accounts: Raw[]): UsageWindows {
  const last30 = new Map<string, Raw>();
  const prev30 = new Map<string, Raw>();
  const seeks = {
    lastLoginBefore30: (id: string) => (q.lastLogin.get(id, w.d30) as string | undefined) ?? null,
    firstLoginData: (id: string) => (q.firstLoginData.get(id, w.asOf) as string | null | undefined) ?? null,
  };
  const windowParamsOf = { asOf: w.asOf, d7: w.d7, d14: w.d14, d30: w.d30 };
  const rolled = new Map<string, Raw>();
  if (q.rollups) {
    for (const r of q.rollups.all({ asOf: w.asOf, d30: w.d30, ...range }) as Raw[]) rolled.set(r[0] as string, r);
    const missing = accounts.filter((a) => a[A_FIRST_DAY] != null && !rolled.has(a[A_ID] as string)).map((a) => a[A_ID] as string);
    const withUsage = accounts.reduce((n, a) => n + (a[A_FIRST_DAY] != null ? 1 : 0), 0);
    if (missing.length <= withUsage * ROLLUP_MISS_SHARE) {
      for (const [id, r] of rolled) {
        last30.set(id, r.slice(0, 11));
        if (num(r[11]) > 0) prev30.set(id, [id, r[11], r[12], r[13]]);
      }
      for (const id of missing) {
        const last = q.last30One!.get({ ...windowParamsOf, id }) as Raw | undefined;
        if (last) last30.set(id, last);
        const prev = q.prev30One!.get({ d30: w.d30, d60: w.d60, id }) as Raw | undefined;
        if (prev) prev30.set(id, prev);
      }
      return {
        last30,
        prev30,
        // A rollup's last login is its latest overall; asked only when none falls inside the window.
        lastLoginBefore30: (id) => (rolled.has(id) ? ((rolled.get(id)![14] as string | null) ?? null) : seeks.lastLoginBefore30(id)),
        firstLoginData: (id) => (rolled.has(id) ? ((rolled.get(id)![15] as string | null) ?? null) : seeks.firstLoginData(id)),
      };
    }
  }
  for (const r of q.last30.all({ ...windowParamsOf, ...range }) as Raw[]) last30.set(r[0] as string, r);
  for (const r of q.prev30.all({ d30: w.d30, d60: w.d60, ...range }) as Raw[]) prev30.set(r[0] as string, r);
  return { last30, prev30, ...seeks };
}

interface ChunkContext {
  hasTickets: boolean;
  hasRevenue: boolean;
  present: () => UsageKnown;
  stale: readonly DataSource[];
}

function extractChunk(q: ChunkQueries, w: WindowParams, range: { lo: string; hi: string }, opts: StreamOptions, cx: ChunkContext): FeatureChunk {
  const asOf = w.asOf;
  const tickets = new Map<string, TicketFeatures>();
  for (const r of q.tickets.all({ next: w.next, d90: w.d90, ...range }) as Raw[]) {
    // id, openLow, openMedium, openHigh, openUrgent, oldestOpen, volume90, csat90
    tickets.set(r[0] as string, {
      open: { low: num(r[1]), medium: num(r[2]), high: num(r[3]), urgent: num(r[4]) },
      oldestOpenDays: r[5] ? Math.max(0, daysFrom(r[5] as string, asOf)) : 0,
      volume90: num(r[6]),
      csat90: r[7] == null ? null : Number(r[7]),
    });
  }

  // Rows arrive grouped by account, newest first: the first is the latest answer, the second the previous.
  const nps = new Map<string, NpsFeatures>();
  for (const r of q.nps.all({ next: w.next, d365: addDays(asOf, -365), ...range }) as Raw[]) {
    const cur = nps.get(r[0] as string);
    if (!cur) nps.set(r[0] as string, { latest: num(r[1]), previous: null, respondedAt: r[2] as string });
    else if (cur.previous === null) cur.previous = num(r[1]);
  }

  const revenue = new Map<string, { laterDelta: number; net90: number; lastChurn: string | null; lastStart: string | null; churnEvents: number }>();
  for (const r of q.revenue.all({ next: w.next, d90: w.d90, ...range }) as Row[]) {
    revenue.set(r.id as string, {
      laterDelta: num(r.laterDelta),
      net90: num(r.net90),
      lastChurn: (r.lastChurn as string | null) ?? null,
      lastStart: (r.lastStart as string | null) ?? null,
      churnEvents: num(r.churnEvents),
    });
  }

  const signals = new Map<string, SignalFeature[]>();
  for (const r of q.signals.all({ next: w.next, dSignal: addDays(asOf, -opts.signalWindowDays), ...range }) as Row[]) {
    const list = signals.get(r.id as string) ?? [];
    list.push({ kind: r.kind as SignalKind, occurredAt: r.occurredAt as string, detail: (r.detail as string | null) ?? null });
    signals.set(r.id as string, list);
  }

  const snapshots = new Map<string, SnapshotFeatures>();
  for (const r of q.snapshots.all({ asOf, ...range }) as Row[]) snapshots.set(r.id as string, r as unknown as SnapshotFeatures);

  const accounts = q.accounts.all({ asOf, ...range }) as Raw[];
  const { last30, prev30, lastLoginBefore30, firstLoginData } = usageWindows(q, w, range, accounts);

  const entries: FeatureEntry[] = [];
  for (const a of accounts) {
    const id = a[A_ID] as string;
    const stored: StoredAccount | undefined = opts.withFacts
      ? {
          name: a[A_NAME] as string,
          arr: num(a[A_ARR]),
          renewalDate: (a[A_CUR_RENEWAL_DATE] as string | null) ?? null,
          renewalStatus: a[A_CUR_RENEWAL_STATUS] as RenewalStatus,
          lifecycle: a[A_CUR_LIFECYCLE] as Lifecycle,
        }
      : undefined;
    const last = last30.get(id);
    const prev = prev30.get(id);
    const firstDay = a[A_FIRST_DAY] as string | null;
    const u = firstDay == null ? null : usageFor(firstDay, last, prev, cx.present);
    // No login in the last 30 days: look further back (one seek, only for these accounts).
    let seekedLogin = false;
    if (u && u.known!.logins && u.lastLoginDay == null && firstDay! <= w.d30) {
      u.lastLoginDay = lastLoginBefore30(id);
      seekedLogin = true;
    }
    const rev = revenue.get(id);
    const start = earliest(a[A_SIGNUP] as string | null, a[A_CONTRACT] as string | null) ?? u?.firstDay ?? null;
    if (start && start.slice(0, 10) > asOf) {
      entries.push({ id, features: null, stored }); // did not exist yet
      continue;
    }
    const churnedOn = rev?.lastChurn && !(rev.lastStart && rev.lastStart > rev.lastChurn) ? rev.lastChurn : null;
    // An outcome known only later (no churn event by then, values first known after the as-of date) is not
    // what was true then: read it as not decided yet.
    let renewalStatus = a[A_RENEWAL_STATUS] as RenewalStatus;
    let lifecycle = a[A_LIFECYCLE] as string;
    const knownFrom = a[A_KNOWN_FROM] as string | null;
    if ((renewalStatus === 'churned' || lifecycle === 'churned') && !rev?.churnEvents && !(knownFrom && knownFrom <= asOf)) {
      if (renewalStatus === 'churned') renewalStatus = 'pending';
      if (lifecycle === 'churned') lifecycle = 'active';
    }
    const churnedLongAgo = churnedOn ? daysFrom(churnedOn, asOf) >= CHURN_GRACE_DAYS : !rev?.churnEvents && lifecycle === 'churned'; // no dated churn by then, but known churned: trust the lifecycle
    if (churnedLongAgo) {
      entries.push({ id, features: null, stored });
      continue;
    }
    const snap = u ? null : (snapshots.get(id) ?? null);
    let t = tickets.get(id) ?? null;
    if (!t && cx.hasTickets && snap?.openTickets == null) t = { open: { low: 0, medium: 0, high: 0, urgent: 0 }, oldestOpenDays: 0, volume90: 0, csat90: null };
    let n = nps.get(id) ?? null;
    const snapNps = snapshots.get(id)?.npsScore;
    if (!n && snapNps != null) n = { latest: snapNps, previous: null, respondedAt: snapshots.get(id)!.asOf };
    const features: AccountFeatures = {
      id,
      name: a[A_NAME] as string,
      segment: (a[A_SEGMENT] as string | null) ?? null,
      arr: Math.max(0, num(a[A_ARR]) - (rev?.laterDelta ?? 0)),
      seatsLicensed: a[A_SEATS] == null ? null : Number(a[A_SEATS]),
      tenureDays: start ? daysFrom(start, asOf) : null,
      renewalDate: (a[A_RENEWAL_DATE] as string | null) ?? null,
      renewalStatus,
      usage: u,
      snapshot: snap,
      tickets: t,
      nps: n,
      revenue: rev || cx.hasRevenue ? { net90: rev?.net90 ?? 0, churnedOn } : null,
      signals: signals.get(id) ?? [],
      staleSources: cx.stale,
    };
    const entry: FeatureEntry = { id, features, stored };
    if (stored) {
      // The rules' usage reading: any row with a logins value (not only the scorer's known measures).
      let lastLoginDay = (last?.[7] as string | null | undefined) ?? null;
      if (lastLoginDay == null && firstDay != null && firstDay <= w.d30) {
        lastLoginDay = seekedLogin ? u!.lastLoginDay : lastLoginBefore30(id);
      }
      const loginRows = num(last?.[10]) + num(prev?.[3]);
      entry.facts = {
        account: stored,
        logins: loginRows > 0 ? { recent: num(last?.[2]), previous: num(prev?.[2]) } : null,
        lastLoginDay,
        firstLoginDataDay: lastLoginDay == null && firstDay != null ? firstLoginData(id) : null,
      };
    }
    entries.push(entry);
  }
  return { ...range, entries };
}

type Raw = unknown[];

/** Build usage features from the window rows (keyed by account) and the account's first usage day. */
function usageFor(firstDay: string, last: Raw | undefined, prev: Raw | undefined, present: () => UsageKnown): UsageFeatures {
  const logins7 = last ? num(last[8]) : 0;
  // With rows in the window, a measure is known when one of them holds it; without, when the data has it at all.
  const has = (i: number, k: keyof UsageKnown) => (last ? last[i] != null : present()[k]);
  return {
    known: {
      logins: has(2, 'logins'),
      keyEvents: has(3, 'keyEvents'),
      activeUsers: has(4, 'activeUsers'),
      featuresUsed: has(5, 'featuresUsed'),
      integrations: has(6, 'integrations'),
    },
    firstDay,
    lastLoginDay: (last?.[7] as string | undefined) ?? null,
    days30: last ? num(last[1]) : 0,
    logins30: last ? num(last[2]) : 0,
    events30: last ? num(last[3]) : 0,
    activeSeats30: last ? num(last[4]) : 0,
    features30: last ? num(last[5]) : 0,
    integrations: last ? num(last[6]) : 0,
    daysPrev30: prev ? num(prev[1]) : 0,
    loginsPrev30: prev ? num(prev[2]) : 0,
    logins7,
    loginsPrev7: last ? num(last[9]) - logins7 : 0,
  };
}

function earliest(a: string | null, b: string | null): string | null {
  if (a && b) return a < b ? a : b;
  return a ?? b;
}
