/**
 * The scores store: the only module that names health_scores and scoring_runs. Rows are numbers only
 * (score-codec.ts); reads render them with the scoring config. Ordinary reads and writes use drizzle's query
 * builder; the hand-written statements (trends for every account: three correlated index seeks per account;
 * the daily pass's chunk peaks and score-exists seek) each have an equivalence test against the builder
 * (test/scoring/store.test.ts).
 */
import { and, count, desc, eq, exists, gte, lt, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db';
import { type HealthScoreRow, accounts, healthScores, latestScores, scoringRuns, signals } from '../../db/schema';
import { stmt } from '../../db/statement-cache';
import { type ScoringConfig, scoringSection } from '../config/sections/scoring';
import { addDays } from '../lib/dates';
import { DRIVER_IDS, type DriverId, parseReason } from './driver-text';
import { latestScoreWriter } from './latest';
import { type DecodeContext, type ScoreToStore, type StoredScore, decodeScore, encodeDrivers, encodeScore } from './score-codec';
import type { Driver } from './types';

const isKnownDriver = (id: string): boolean => (DRIVER_IDS as readonly string[]).includes(id);

export type { StoredScore } from './score-codec';

/** Tables this store owns, children first (the demo's `replace` clears them). */
export const SCORE_TABLES = ['health_scores', 'latest_scores', 'scoring_runs'] as const;

// ---------------------------------------------------------------- writes

const upsertCache = new WeakMap<Db, ReturnType<typeof prepareUpsert>>();
const latestCache = new WeakMap<Db, ReturnType<typeof latestScoreWriter>>();
function prepareUpsert(db: Db) {
  const p = (name: string) => sql.placeholder(name);
  const cols = [
    'score',
    'tier',
    'coverage',
    'expansion',
    'onboarding',
    'usagePts',
    'engagementPts',
    'supportPts',
    'financialPts',
    'usageScore',
    'engagementScore',
    'supportScore',
    'financialScore',
    'drivers',
  ] as const;
  const values = Object.fromEntries(['accountId', 'asOf', ...cols].map((c) => [c, p(c)]));
  const set = Object.fromEntries(cols.map((c) => [c, sql.raw(`excluded.${healthScores[c].name}`)]));
  return db
    .insert(healthScores)
    .values(values as never)
    .onConflictDoUpdate({ target: [healthScores.accountId, healthScores.asOf], set })
    .prepare();
}

/**
 * Write (or replace, per account and date) a chunk of scores in one transaction; inside a caller's
 * transaction it joins it. Callers stream: score a chunk, write it, drop it.
 */
export function writeScores(db: Db, scores: readonly ScoreToStore[], onUnknownDriver?: (id: string) => void): void {
  let q = upsertCache.get(db);
  if (!q) upsertCache.set(db, (q = prepareUpsert(db)));
  const run = q;
  let latest = latestCache.get(db);
  if (!latest) latestCache.set(db, (latest = latestScoreWriter(db)));
  const writeLatest = latest;
  db.transaction(() => {
    for (const s of scores) {
      const row = encodeScore(s, onUnknownDriver);
      run.run({ ...row, onboarding: row.onboarding ? 1 : 0 });
      writeLatest(s);
    }
  });
}

export function startRun(db: Db, asOf: string, startedAt: string): number {
  return db.insert(scoringRuns).values({ asOf, startedAt }).returning({ id: scoringRuns.id }).get().id;
}

export function finishRun(db: Db, id: number, finishedAt: string, accountsScored: number, durationMs: number): void {
  db.update(scoringRuns).set({ finishedAt, accounts: accountsScored, durationMs }).where(eq(scoringRuns.id, id)).run();
}

// ---------------------------------------------------------------- reads

let defaults: ScoringConfig | undefined;
/** The built-in scoring config, for readers not handed the live one (words then use the default thresholds). */
export function defaultScoring(): ScoringConfig {
  return (defaults ??= scoringSection.parse({}));
}

/** The latest signal detail of a kind on a day (what a signal driver quotes). */
export function signalDetailReader(db: Db, accountId: string): DecodeContext['signalDetail'] {
  return (kind, day) =>
    db
      .select({ detail: signals.detail })
      .from(signals)
      .where(and(eq(signals.accountId, accountId), eq(signals.kind, kind as never), gte(signals.occurredAt, day), lt(signals.occurredAt, addDays(day, 1))))
      .orderBy(desc(signals.occurredAt))
      .limit(1)
      .get()?.detail ?? null;
}

function decode(db: Db, row: HealthScoreRow, segment: string | null, config: ScoringConfig): StoredScore {
  return decodeScore(row, { config, segment, signalDetail: signalDetailReader(db, row.accountId) });
}

function prepareLatest(db: Db) {
  const byAccount = eq(healthScores.accountId, sql.placeholder('accountId'));
  const q = (where: ReturnType<typeof eq>) =>
    db
      .select({ h: healthScores, segment: accounts.segment })
      .from(healthScores)
      .leftJoin(accounts, eq(accounts.id, healthScores.accountId))
      .where(where)
      .orderBy(desc(healthScores.asOf))
      .limit(1)
      .prepare();
  return { any: q(byAccount), onOrBefore: q(and(byAccount, lte(healthScores.asOf, sql.placeholder('onOrBefore')))!) };
}
const latestReads = new WeakMap<Db, ReturnType<typeof prepareLatest>>();

/**
 * An account's latest score on or before a day (any day when not given), rendered; undefined when never scored.
 * Prepared once per connection: every alert card opened in a daily pass reads one.
 */
export function latestScore(db: Db, accountId: string, config: ScoringConfig, onOrBefore?: string): StoredScore | undefined {
  let q = latestReads.get(db);
  if (!q) latestReads.set(db, (q = prepareLatest(db)));
  const r = onOrBefore ? q.onOrBefore.get({ accountId, onOrBefore }) : q.any.get({ accountId });
  return r ? decode(db, r.h, r.segment, config) : undefined;
}

/** Every account's latest score dated on or before `day`, rendered. */
export function latestScoresOn(db: Db, day: string, config: ScoringConfig): Map<string, StoredScore> {
  const latest = db
    .select({ accountId: healthScores.accountId, m: sql<string>`max(${healthScores.asOf})`.as('m') })
    .from(healthScores)
    .where(lte(healthScores.asOf, day))
    .groupBy(healthScores.accountId)
    .as('x');
  const rows = db
    .select({ h: healthScores, segment: accounts.segment })
    .from(healthScores)
    .innerJoin(latest, and(eq(latest.accountId, healthScores.accountId), eq(latest.m, healthScores.asOf)))
    .leftJoin(accounts, eq(accounts.id, healthScores.accountId))
    .all();
  const out = new Map<string, StoredScore>();
  for (const r of rows) out.set(r.h.accountId, decode(db, r.h, r.segment, config));
  return out;
}

/** Accounts that have a score on or before asOf (any date when not given), in id order: one index seek per account. */
export function scoredAccountIds(db: Db, asOf?: string): string[] {
  const scored = db
    .select({ one: sql`1` })
    .from(healthScores)
    .where(and(eq(healthScores.accountId, accounts.id), asOf ? lte(healthScores.asOf, asOf) : undefined));
  return db
    .select({ id: accounts.id })
    .from(accounts)
    .where(exists(scored))
    .orderBy(accounts.id)
    .all()
    .map((r) => r.id);
}

/** Highest score in [from, before), the latest such date on a tie; null without scores there. */
export function peakScore(db: Db, accountId: string, from: string, before: string): { score: number; asOf: string } | null {
  return (
    db
      .select({ score: healthScores.score, asOf: healthScores.asOf })
      .from(healthScores)
      .where(and(eq(healthScores.accountId, accountId), gte(healthScores.asOf, from), lt(healthScores.asOf, before)))
      .orderBy(desc(healthScores.score), desc(healthScores.asOf))
      .limit(1)
      .get() ?? null
  );
}

/**
 * Hand-written (the daily pass, per chunk): the highest score in [from, before) of each account with ids in
 * (lo, hi], the latest such date on a tie, as peakScore answers per account. Per-account seeks on the
 * (account_id, as_of) index, driven by accounts.
 */
export const PEAKS_SQL = `
SELECT h.account_id, h.score, h.as_of
FROM accounts a CROSS JOIN health_scores h ON h.account_id = a.id AND h.as_of >= @from AND h.as_of < @before
WHERE a.id > @lo AND a.id <= @hi`;

/** peakScore for every account of a keyset range (ids in (lo, hi]) at once; accounts without scores there are absent. */
export function peakScoresInRange(db: Db, range: { lo: string; hi: string }, from: string, before: string): Map<string, { score: number; asOf: string }> {
  const peaks = new Map<string, { score: number; asOf: string }>();
  for (const [id, score, at] of stmt(db, PEAKS_SQL)
    .raw()
    .all({ ...range, from, before }) as [string, number, string][]) {
    const p = peaks.get(id);
    if (!p || score > p.score || (score === p.score && at > p.asOf)) peaks.set(id, { score, asOf: at });
  }
  return peaks;
}

/** Hand-written (the daily pass asks it per unscored account): one index seek. */
const HAS_SCORE_SQL = 'SELECT 1 FROM health_scores WHERE account_id = ? AND as_of <= ? LIMIT 1';

/** Does the account have a score on or before asOf? (scoredAccountIds' test for one account) */
export function hasScoreOnOrBefore(db: Db, accountId: string, asOf: string): boolean {
  return stmt(db, HAS_SCORE_SQL).pluck().get(accountId, asOf) !== undefined;
}

/** How many accounts were scored as of a day (one index seek per account: there is no index on the date alone). */
export function scoresOn(db: Db, asOf: string): number {
  return (
    db
      .select({ n: count() })
      .from(accounts)
      .where(
        exists(
          db
            .select({ one: sql`1` })
            .from(healthScores)
            .where(and(eq(healthScores.accountId, accounts.id), eq(healthScores.asOf, asOf))),
        ),
      )
      .get()?.n ?? 0
  );
}

export interface HistoryPoint {
  asOf: string;
  score: number;
  tier: string;
}

/** An account's scores between two dates (inclusive), oldest first. */
export function scoreHistory(db: Db, accountId: string, from: string, to: string): HistoryPoint[] {
  return db
    .select({ asOf: healthScores.asOf, score: healthScores.score, tier: healthScores.tier })
    .from(healthScores)
    .where(and(eq(healthScores.accountId, accountId), gte(healthScores.asOf, from), lte(healthScores.asOf, to)))
    .orderBy(healthScores.asOf)
    .all();
}

export interface TrendRow {
  accountId: string;
  scoredOn: string | null;
  score: number | null;
  /** nearest score on or before d7 and not before d14 */
  s7: number | null;
  s30: number | null;
}

export interface TrendDates {
  asOf: string;
  d7: string;
  d14: string;
  d30: string;
  d60: string;
}

/** The nearest score on or before @to and not before @from (one index seek on (account_id, as_of)). */
const nearest = (to: string, from?: string) =>
  `(SELECT score FROM health_scores WHERE account_id = a.id AND as_of <= @${to}${from ? ` AND as_of >= @${from}` : ''} ORDER BY as_of DESC LIMIT 1)`;

/** Hand-written: every account in one pass, three index seeks each (the App Home and digests read all of them). */
export const TRENDS_SQL = `
SELECT a.id AS accountId,
  (SELECT as_of FROM health_scores WHERE account_id = a.id AND as_of <= @asOf ORDER BY as_of DESC LIMIT 1) AS scoredOn,
  ${nearest('asOf')} AS score, ${nearest('d7', 'd14')} AS s7, ${nearest('d30', 'd60')} AS s30
FROM accounts a`;

/** Latest score and the scores to compare it with, per account (all accounts, or the given ones). */
export function trendRows(db: Db, accountIds: readonly string[] | 'all', dates: TrendDates): TrendRow[] {
  if (accountIds === 'all') return db.$client.prepare(TRENDS_SQL).all(dates) as TrendRow[];
  const one = stmt(db, `${TRENDS_SQL} WHERE a.id = @id`); // prepared once: the card asks for one account per request
  const out: TrendRow[] = [];
  for (const id of accountIds) {
    const r = one.get({ ...dates, id }) as TrendRow | undefined;
    if (r) out.push(r);
  }
  return out;
}

/** The same as trendRows for one account, with the query builder (the reference its equivalence test uses). */
export function trendRowReference(db: Db, accountId: string, dates: TrendDates): TrendRow {
  const near = (to: string, from?: string) =>
    db
      .select({ score: healthScores.score, asOf: healthScores.asOf })
      .from(healthScores)
      .where(and(eq(healthScores.accountId, accountId), lte(healthScores.asOf, to), from ? gte(healthScores.asOf, from) : undefined))
      .orderBy(desc(healthScores.asOf))
      .limit(1)
      .get();
  const now = near(dates.asOf);
  return {
    accountId,
    scoredOn: now?.asOf ?? null,
    score: now?.score ?? null,
    s7: near(dates.d7, dates.d14)?.score ?? null,
    s30: near(dates.d30, dates.d60)?.score ?? null,
  };
}

// ---------------------------------------------------------------- migration of JSON-era rows

const LEGACY = 'health_scores_legacy_drivers';

export interface LegacyConversion {
  rows: number;
  drivers: number;
  /** drivers whose old text did not follow their template: stored with their label as the reason */
  unread: number;
  /** drivers of kinds this version does not know: left out */
  unknown: number;
}

/**
 * Finish migration 0012 (compact scores): the SQL moved every number into columns and left the drivers'
 * JSON in health_scores_legacy_drivers; here each driver's text is read back into figures and packed,
 * a chunk per transaction (an interrupted conversion resumes where it stopped), then that table is dropped.
 */
export function convertLegacyScoreDrivers(db: Db, progress?: (line: string) => void, chunk = 5000): LegacyConversion | null {
  const exists = db.$client.prepare(`select 1 from sqlite_master where type = 'table' and name = ?`).get(LEGACY);
  if (!exists) return null;
  const total = (db.$client.prepare(`select count(*) n from ${LEGACY}`).get() as { n: number }).n;
  const out: LegacyConversion = { rows: 0, drivers: 0, unread: 0, unknown: 0 };
  const next = db.$client.prepare(
    `select l.id, l.drivers, h.as_of asOf from ${LEGACY} l join health_scores h on h.id = l.id where l.id > ? order by l.id limit ?`,
  );
  const done = db.$client.prepare(`delete from ${LEGACY} where id <= ?`);
  let last = 0;
  for (;;) {
    const rows = next.all(last, chunk) as { id: number; drivers: string; asOf: string }[];
    if (rows.length === 0) break;
    db.transaction(() => {
      for (const r of rows) {
        const drivers = legacyDrivers(r.drivers);
        for (const d of drivers) if (isKnownDriver(d.id) && !parseReason(d.id as DriverId, d.reason, r.asOf)) out.unread++;
        out.drivers += drivers.length;
        const packed = encodeDrivers(drivers, r.asOf, () => out.unknown++);
        db.update(healthScores).set({ drivers: packed }).where(eq(healthScores.id, r.id)).run();
      }
      last = rows[rows.length - 1].id;
      done.run(last);
    });
    out.rows += rows.length;
    if (total >= 10_000) progress?.(`compact scores: converted drivers of ${out.rows}/${total} score rows`);
  }
  db.$client.exec(`drop table ${LEGACY}`);
  if (total >= 10_000 || out.unread || out.unknown)
    progress?.(
      `compact scores: ${out.rows} rows, ${out.drivers} drivers converted (${out.unread} kept as a label only, ${out.unknown} of unknown kinds left out)`,
    );
  return out;
}

/** A JSON-era drivers cell as drivers; entries without an id or reason are dropped (a malformed cell is none). */
function legacyDrivers(raw: string): Driver[] {
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return [];
  }
  if (!Array.isArray(v)) return [];
  return v
    .filter((d): d is Record<string, unknown> => !!d && typeof d === 'object' && typeof (d as { id?: unknown }).id === 'string')
    .map((d) => ({
      id: String(d.id),
      severity: (['warning', 'high', 'critical'].includes(String(d.severity)) ? d.severity : 'warning') as Driver['severity'],
      reason: typeof d.reason === 'string' ? d.reason : '',
      action: '',
      points: typeof d.points === 'number' && Number.isFinite(d.points) ? d.points : 0,
    }));
}

/** Delete every score and run record (benchmarks start each pass from empty). */
export function deleteAllScores(db: Db): void {
  db.transaction(() => {
    db.delete(healthScores).run();
    db.delete(latestScores).run();
    db.delete(scoringRuns).run();
  });
}

// ---------------------------------------------------------------- retention

export interface PruneOptions {
  /** the date the daily job scored: rows from asOf − dailyDays on are all kept */
  asOf: string;
  dailyDays: number;
  /** keep the latest row per account per ISO week and per calendar month before that (else delete them all) */
  weeklyAfter: boolean;
  /**
   * Look at all older history, not only the last LOOKBACK_DAYS before the cutoff (the daily job does this on
   * Sundays: it catches up after days without a run and thins history migrated or imported from before).
   */
  full?: boolean;
  /** accounts per transaction (short write locks beside Slack clicks) */
  chunkAccounts?: number;
  onProgress?: (done: number, total: number) => void;
}

/**
 * An ordinary run looks this far before the cutoff. A week or month straddling the window's start still has
 * its latest row inside, so thinning within the window decides exactly as a full pass would.
 */
export const LOOKBACK_DAYS = 62;

export interface PruneResult {
  /** rows older than this were thinned */
  before: string;
  deleted: number;
  accounts: number;
}

/**
 * Hand-written (window functions; equivalence test in test/scoring/retention.test.ts): among one account
 * range's rows dated before the cutoff, keep the latest of each ISO week (weeks counted from Monday
 * 2000-01-03, julian day 2451546.5) and of each calendar month; delete the rest, or all when not weekly —
 * except an account's newest row, which latest_scores and "as of today" reads point at (an account no longer
 * scored, e.g. churned long ago, keeps its last score).
 */
export const PRUNE_SQL = `
DELETE FROM health_scores WHERE id IN (
  SELECT id FROM (
    SELECT h.id, h.as_of,
      row_number() OVER (PARTITION BY h.account_id, CAST((julianday(h.as_of) - 2451546.5) / 7 AS INTEGER) ORDER BY h.as_of DESC) AS wk,
      row_number() OVER (PARTITION BY h.account_id, substr(h.as_of, 1, 7) ORDER BY h.as_of DESC) AS mo,
      (SELECT max(x.as_of) FROM health_scores x WHERE x.account_id = h.account_id) AS newest
    FROM health_scores h
    WHERE h.account_id >= @lo AND h.account_id <= @hi AND h.as_of >= @from AND h.as_of < @before
  ) WHERE (@weekly = 0 AND as_of < newest) OR (wk > 1 AND mo > 1)
)`;

/**
 * Bound the stored history (config scoring.retention): daily rows for the last dailyDays days, then one per
 * week and one per month (the latest of each), account range by account range, each in its own transaction.
 * What reads history is covered: the card's 7- and 30-day trends look at most 60 days back (dailyDays is
 * at least that); a score "as of" a past month end or week end (Sunday) is the same row before and after;
 * backtests and calibration re-score past dates from the raw data and read no stored score.
 */
export function pruneScoreHistory(db: Db, opts: PruneOptions): PruneResult {
  const before = addDays(opts.asOf, -opts.dailyDays);
  const from = opts.full ? '' : addDays(before, -LOOKBACK_DAYS);
  const chunk = opts.chunkAccounts ?? 2000;
  const total = db.select({ n: count() }).from(accounts).get()?.n ?? 0;
  const del = stmt(db, PRUNE_SQL);
  const out: PruneResult = { before, deleted: 0, accounts: 0 };
  let after = '';
  for (;;) {
    const ids = db.select({ id: accounts.id }).from(accounts).where(sql`${accounts.id} > ${after}`).orderBy(accounts.id).limit(chunk).all();
    if (ids.length === 0) break;
    const lo = ids[0].id;
    const hi = ids[ids.length - 1].id;
    db.transaction(() => {
      out.deleted += del.run({ lo, hi, from, before, weekly: opts.weeklyAfter ? 1 : 0 }).changes;
    });
    out.accounts += ids.length;
    after = hi;
    opts.onProgress?.(out.accounts, total);
  }
  return out;
}
