/**
 * Reference feature extraction for the equivalence test: the scorer's original, straightforward version
 * (one map per source table, ROW_NUMBER() for NPS), kept verbatim so the optimised extractFeatures can be
 * proven to produce the very same features. Not used by the product.
 */
import type { Db } from '../../db';
import type { RenewalStatus, SignalKind } from '../../db/schema';
import { addDays } from '../../src/lib/dates';
import { daysFrom } from '../../src/scoring/day-number';
import {
  type AccountFeatures,
  CHURN_GRACE_DAYS,
  type Extracted,
  type ExtractOptions,
  type NpsFeatures,
  type SignalFeature,
  type SnapshotFeatures,
  type TicketFeatures,
  type UsageFeatures,
  type UsageKnown,
  type WindowParams,
  windowParams,
} from '../../src/scoring/features';

/**
 * Usage windows. Each account's rows are read by a range seek on the (account_id, day) primary key from the
 * accounts table (CROSS JOIN pins that loop order; a plain GROUP BY with a day range makes SQLite pick the
 * day index and sort). Only the 60 days the windows need are read, however long the history is.
 * Columns, in order: id, days30, logins30, events30, activeSeats30, features30, integrations, lastLoginDay,
 * logins7, logins14.
 */
const USAGE_LAST30_SQL = `
SELECT a.id, COUNT(*), SUM(u.logins), SUM(u.key_events), MAX(u.active_users), MAX(u.features_used), MAX(u.integrations),
  MAX(CASE WHEN u.logins > 0 THEN u.day END),
  SUM(CASE WHEN u.day > @d7 THEN u.logins END),
  SUM(CASE WHEN u.day > @d14 THEN u.logins END)
FROM accounts a CROSS JOIN usage_daily u ON u.account_id = a.id AND u.day > @d30 AND u.day <= @asOf
GROUP BY a.id`;

/** Columns, in order: id, daysPrev30, loginsPrev30. Kept minimal: it is the second-biggest read. */
const USAGE_PREV30_SQL = `
SELECT a.id, COUNT(*), SUM(u.logins)
FROM accounts a CROSS JOIN usage_daily u ON u.account_id = a.id AND u.day > @d60 AND u.day <= @d30
GROUP BY a.id`;

/** Last login before the 30-day window, only for accounts without one inside it. */
const LAST_LOGIN_SQL = `
SELECT day FROM usage_daily WHERE account_id = ? AND day <= ? AND logins > 0 ORDER BY day DESC LIMIT 1`;

/** Tickets open at the as-of date (opened before the next day, not closed before it), age, volume, CSAT. */
const TICKETS_SQL = `
SELECT account_id,
  SUM(CASE WHEN (closed_at IS NULL OR closed_at >= @next) AND priority = 'low' THEN 1 ELSE 0 END) AS openLow,
  SUM(CASE WHEN (closed_at IS NULL OR closed_at >= @next) AND priority = 'medium' THEN 1 ELSE 0 END) AS openMedium,
  SUM(CASE WHEN (closed_at IS NULL OR closed_at >= @next) AND priority = 'high' THEN 1 ELSE 0 END) AS openHigh,
  SUM(CASE WHEN (closed_at IS NULL OR closed_at >= @next) AND priority = 'urgent' THEN 1 ELSE 0 END) AS openUrgent,
  MIN(CASE WHEN closed_at IS NULL OR closed_at >= @next THEN opened_at END) AS oldestOpen,
  SUM(opened_at > @d90) AS volume90,
  AVG(CASE WHEN closed_at < @next AND closed_at > @d90 THEN csat END) AS csat90
FROM tickets
WHERE opened_at < @next
GROUP BY account_id`;

/** Latest and previous NPS response on or before the as-of date (last 365 days). */
const NPS_SQL = `
SELECT id, score, respondedAt, rn FROM (
  SELECT account_id AS id, score, responded_at AS respondedAt,
    ROW_NUMBER() OVER (PARTITION BY account_id ORDER BY responded_at DESC, id DESC) AS rn
  FROM nps_responses
  WHERE responded_at < @next AND responded_at > @d365
) WHERE rn <= 2`;

const REVENUE_SQL = `
SELECT account_id AS id,
  SUM(CASE WHEN occurred_on >= @next THEN arr_delta ELSE 0 END) AS laterDelta,
  SUM(CASE WHEN occurred_on < @next AND occurred_on > @d90 AND kind IN ('expansion', 'contraction') THEN arr_delta ELSE 0 END) AS net90,
  MAX(CASE WHEN occurred_on < @next AND kind = 'churn' THEN occurred_on END) AS lastChurn,
  MAX(CASE WHEN occurred_on < @next AND kind IN ('new', 'reactivation') THEN occurred_on END) AS lastStart,
  SUM(occurred_on < @next AND kind = 'churn') AS churnEvents
FROM revenue_events
GROUP BY account_id`;

const SIGNALS_SQL = `
SELECT account_id AS id, kind, occurred_at AS occurredAt, detail
FROM signals
WHERE occurred_at < @next AND occurred_at > @dSignal AND (resolved_at IS NULL OR resolved_at >= @next)
ORDER BY account_id, occurred_at`;

const SNAPSHOT_SQL = `
SELECT s.account_id AS id, s.as_of AS asOf, s.logins_30d AS logins30d, s.features_used AS featuresUsed,
  s.active_seats AS activeSeats, s.open_tickets AS openTickets, s.nps_score AS npsScore,
  s.days_since_last_login AS daysSinceLastLogin
FROM account_snapshots s
JOIN (SELECT account_id, MAX(as_of) AS m FROM account_snapshots WHERE as_of <= @asOf GROUP BY account_id) l
  ON l.account_id = s.account_id AND l.m = s.as_of`;

/** Accounts, with the first usage day on record (one covering-index seek each). Column order = A_* below. */
const ACCOUNTS_SQL = `
SELECT a.id, a.name, a.segment, a.arr, a.lifecycle, a.renewal_date, a.renewal_status, a.signup_date,
  a.contract_start, a.seats_licensed,
  (SELECT MIN(day) FROM usage_daily WHERE account_id = a.id AND day <= @asOf) AS first_day,
  a.as_of, a.updated_at
FROM accounts a ORDER BY a.id`;
const [A_ID, A_NAME, A_SEGMENT, A_ARR, A_LIFECYCLE, A_RENEWAL_DATE, A_RENEWAL_STATUS, A_SIGNUP, A_CONTRACT, A_SEATS, A_FIRST_DAY] = [
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
];

type Row = Record<string, unknown>;
const num = (v: unknown): number => (v == null ? 0 : Number(v));

function exists(db: Db, sql: string, params: WindowParams): boolean {
  return db.$client.prepare(sql).get(params) !== undefined;
}

/** Extract features for every account as of `asOf`. */
export function referenceExtractFeatures(db: Db, asOf: string, opts: ExtractOptions): Extracted {
  const w = windowParams(asOf);
  const c = db.$client;

  const last30 = new Map<string, Raw>();
  for (const r of RAW(c, USAGE_LAST30_SQL, { asOf: w.asOf, d7: w.d7, d14: w.d14, d30: w.d30 })) last30.set(r[0] as string, r);
  const prev30 = new Map<string, Raw>();
  for (const r of RAW(c, USAGE_PREV30_SQL, { d30: w.d30, d60: w.d60 })) prev30.set(r[0] as string, r);
  const lastLoginBefore = c.prepare(LAST_LOGIN_SQL).pluck();

  const hasTickets = exists(db, 'SELECT 1 FROM tickets WHERE opened_at < @next LIMIT 1', w);
  const tickets = new Map<string, TicketFeatures>();
  for (const r of RAW(c, TICKETS_SQL, { next: w.next, d90: w.d90 })) {
    // id, openLow, openMedium, openHigh, openUrgent, oldestOpen, volume90, csat90
    tickets.set(r[0] as string, {
      open: { low: num(r[1]), medium: num(r[2]), high: num(r[3]), urgent: num(r[4]) },
      oldestOpenDays: r[5] ? Math.max(0, daysFrom(r[5] as string, asOf)) : 0,
      volume90: num(r[6]),
      csat90: r[7] == null ? null : Number(r[7]),
    });
  }

  const nps = new Map<string, NpsFeatures>();
  for (const r of c.prepare(NPS_SQL).iterate({ ...w, d365: addDays(asOf, -365) }) as Iterable<Row>) {
    const id = r.id as string;
    if (r.rn === 1) nps.set(id, { latest: num(r.score), previous: nps.get(id)?.previous ?? null, respondedAt: r.respondedAt as string });
    else {
      const cur = nps.get(id);
      if (cur) cur.previous = num(r.score);
      else nps.set(id, { latest: Number.NaN, previous: num(r.score), respondedAt: '' }); // rn=2 seen first
    }
  }

  const hasRevenue = exists(db, 'SELECT 1 FROM revenue_events WHERE occurred_on < @next LIMIT 1', w);
  const revenue = new Map<string, { laterDelta: number; net90: number; lastChurn: string | null; lastStart: string | null; churnEvents: number }>();
  for (const r of c.prepare(REVENUE_SQL).iterate(w) as Iterable<Row>) {
    revenue.set(r.id as string, {
      laterDelta: num(r.laterDelta),
      net90: num(r.net90),
      lastChurn: (r.lastChurn as string | null) ?? null,
      lastStart: (r.lastStart as string | null) ?? null,
      churnEvents: num(r.churnEvents),
    });
  }

  const signals = new Map<string, SignalFeature[]>();
  const sigParams = { next: w.next, dSignal: addDays(asOf, -opts.signalWindowDays) };
  for (const r of c.prepare(SIGNALS_SQL).iterate(sigParams) as Iterable<Row>) {
    const list = signals.get(r.id as string) ?? [];
    list.push({ kind: r.kind as SignalKind, occurredAt: r.occurredAt as string, detail: (r.detail as string | null) ?? null });
    signals.set(r.id as string, list);
  }

  const snapshots = new Map<string, SnapshotFeatures>();
  for (const r of c.prepare(SNAPSHOT_SQL).iterate({ asOf }) as Iterable<Row>) {
    snapshots.set(r.id as string, r as unknown as SnapshotFeatures);
  }

  // A usage column is known anywhere when some row up to the date has a value in it.
  const present = Object.fromEntries(
    (['activeUsers', 'logins', 'keyEvents', 'featuresUsed', 'integrations'] as const).map((k, i) => [
      k,
      (c
        .prepare(`SELECT COUNT(${['active_users', 'logins', 'key_events', 'features_used', 'integrations'][i]}) FROM usage_daily WHERE day <= ?`)
        .pluck()
        .get(asOf) as number) > 0,
    ]),
  ) as unknown as UsageKnown;
  const allHistory = new Map<string, Row[]>();
  for (const h of c.prepare('SELECT * FROM account_history ORDER BY account_id, valid_until, id').iterate() as Iterable<Row>) {
    const list = allHistory.get(h.account_id as string) ?? [];
    list.push(h);
    allHistory.set(h.account_id as string, list);
  }

  const features: AccountFeatures[] = [];
  let skipped = 0;
  // Attributes as of the date, the plain way: every history row dated after it, oldest first; the first wins.
  const asOfAttributes = new Map<string, Row>();
  for (const h of c.prepare('SELECT * FROM account_history WHERE valid_until > ? ORDER BY account_id, valid_until, id').iterate(asOf) as Iterable<Row>) {
    if (!asOfAttributes.has(h.account_id as string)) asOfAttributes.set(h.account_id as string, h);
  }
  for (const current of RAW(c, ACCOUNTS_SQL, { asOf })) {
    const a = [...current];
    const h = asOfAttributes.get(a[A_ID] as string);
    if (h) {
      a[A_SEGMENT] = h.segment;
      a[A_LIFECYCLE] = h.lifecycle;
      a[A_RENEWAL_DATE] = h.renewal_date;
      a[A_RENEWAL_STATUS] = h.renewal_status;
      a[A_SIGNUP] = h.signup_date;
      a[A_CONTRACT] = h.contract_start;
      a[A_SEATS] = h.seats_licensed;
    }
    const id = a[A_ID] as string;
    const firstDay = a[A_FIRST_DAY] as string | null;
    const u = firstDay == null ? null : usageFor(firstDay, last30.get(id), prev30.get(id), present);
    // No login in the last 30 days: look further back (one seek, only for these accounts).
    if (u && u.known!.logins && u.lastLoginDay == null && firstDay! <= w.d30) u.lastLoginDay = (lastLoginBefore.get(id, w.d30) as string | undefined) ?? null;
    const rev = revenue.get(id);
    const start = earliest(a[A_SIGNUP] as string | null, a[A_CONTRACT] as string | null) ?? u?.firstDay ?? null;
    if (start && start.slice(0, 10) > asOf) {
      skipped++; // did not exist yet
      continue;
    }
    const churnedOn = rev?.lastChurn && !(rev.lastStart && rev.lastStart > rev.lastChurn) ? rev.lastChurn : null;
    // When were the values in force at the date first known? A history row: its valid-from, else the change
    // before it; the stored values: the last change, the import's as_of, or the day the row was written.
    const hist = allHistory.get(id) ?? [];
    const before = hist.filter((r) => (r.valid_until as string) <= asOf);
    const knownFrom = h
      ? ((h.valid_from as string | null) ?? (before.length ? (before[before.length - 1].valid_until as string) : null))
      : hist.length
        ? (hist[hist.length - 1].valid_until as string)
        : ((current[11] as string | null) ?? (current[12] as string).slice(0, 10));
    if ((a[A_RENEWAL_STATUS] === 'churned' || a[A_LIFECYCLE] === 'churned') && !rev?.churnEvents && !(knownFrom != null && knownFrom <= asOf)) {
      if (a[A_RENEWAL_STATUS] === 'churned') a[A_RENEWAL_STATUS] = 'pending';
      if (a[A_LIFECYCLE] === 'churned') a[A_LIFECYCLE] = 'active';
    }
    const churnedLongAgo = churnedOn ? daysFrom(churnedOn, asOf) >= CHURN_GRACE_DAYS : !rev?.churnEvents && a[A_LIFECYCLE] === 'churned'; // no dated churn by then, but known churned: trust the lifecycle
    if (churnedLongAgo) {
      skipped++;
      continue;
    }
    const snap = u ? null : (snapshots.get(id) ?? null);
    let t = tickets.get(id) ?? null;
    if (!t && hasTickets && snap?.openTickets == null) t = { open: { low: 0, medium: 0, high: 0, urgent: 0 }, oldestOpenDays: 0, volume90: 0, csat90: null };
    let n = nps.get(id) ?? null;
    if (n && Number.isNaN(n.latest)) n = null;
    const snapNps = snapshots.get(id)?.npsScore;
    if (!n && snapNps != null) n = { latest: snapNps, previous: null, respondedAt: snapshots.get(id)!.asOf };
    features.push({
      id,
      name: a[A_NAME] as string,
      segment: (a[A_SEGMENT] as string | null) ?? null,
      arr: Math.max(0, num(a[A_ARR]) - (rev?.laterDelta ?? 0)),
      seatsLicensed: a[A_SEATS] == null ? null : Number(a[A_SEATS]),
      tenureDays: start ? daysFrom(start, asOf) : null,
      renewalDate: (a[A_RENEWAL_DATE] as string | null) ?? null,
      renewalStatus: a[A_RENEWAL_STATUS] as RenewalStatus,
      usage: u,
      snapshot: snap,
      tickets: t,
      nps: n,
      revenue: rev || hasRevenue ? { net90: rev?.net90 ?? 0, churnedOn } : null,
      signals: signals.get(id) ?? [],
      staleSources: [],
    });
  }
  return { features, skipped, freshness: [] };
}

type Raw = unknown[];
const RAW = (c: Db['$client'], sql: string, p?: object): IterableIterator<Raw> =>
  (p ? c.prepare(sql).raw().iterate(p) : c.prepare(sql).raw().iterate()) as IterableIterator<Raw>;

/** Build usage features from the window rows (keyed by account) and the account's first usage day. */
function usageFor(firstDay: string, last: Raw | undefined, prev: Raw | undefined, present: UsageKnown): UsageFeatures {
  const logins7 = last ? num(last[8]) : 0;
  const has = (i: number, k: keyof UsageKnown) => (last ? last[i] != null : present[k]);
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
