/**
 * computeMetrics: the one place the portfolio's numbers are defined (design: Metric definitions).
 * Every scalar comes with its value a week earlier (computed the same way as of asOf − 7 with only
 * data up to that day) and the change.
 */
import type { Db } from '../../db';
import { addDays, isCalendarDay } from '../lib/dates';
import { renewsWithin } from '../domain/renewal';
import { isAtRiskTier } from '../domain/risk';
import { TIERS } from '../scoring/types';
import { type ScoreRow, latestScores, movers } from './health';
import { failedDeliveries, outreachLogged, slaCompliance } from './operations';
import { monthlyPeriods, trailingDays, trailingMonths } from './periods';
import { type Portfolio, arrMap, isLive, loadPortfolio } from './portfolio';
import { type Retention, retention } from './retention';
import type { AccountLine, Delta, Headline, PortfolioMetrics, RiskMatrix, SegmentRisk, TierBucket } from './types';

export interface ComputeMetricsOptions {
  /** YYYY-MM-DD: the last day included */
  asOf: string;
  /** length of "the last period" and of the week-over-week comparison (default 7) */
  periodDays?: number;
  /** months in the GRR/NRR trend (default 12) */
  trendMonths?: number;
  renewalWindowDays?: number;
  bigDropPoints?: number;
  /** biggest movers: score changes smaller than this are left out (default 0) */
  moverMinPoints?: number;
}

export const UNKNOWN = 'Unknown';

export function delta(value: number | null, previous: number | null): Delta {
  return { value, previous, change: value !== null && previous !== null ? value - previous : null };
}

interface Snapshot {
  day: string;
  portfolio: Portfolio;
  arr: Map<string, number>;
  live: Portfolio['accounts'];
  scores: Map<string, ScoreRow>;
  totalArr: number;
  retentionTtm: Retention;
  retentionPeriod: Retention;
  tiers: TierBucket[];
  atRiskArr: number;
  averageHealth: number | null;
  scored: number;
  renewals: Array<AccountLine & { atRisk: boolean }>;
  bigDrops: number;
  movers: ReturnType<typeof movers>;
  sla: ReturnType<typeof slaCompliance>;
  outreach: number;
  failed: number;
}

function line(a: Portfolio['accounts'][number], arr: number, s: ScoreRow | undefined): AccountLine {
  return {
    accountId: a.id,
    name: a.name,
    arr,
    score: s ? s.score : null,
    tier: s ? s.tier : null,
    ownerSlackId: a.ownerSlackId,
    ownerEmail: a.ownerEmail,
    segment: a.segment,
    renewalDate: a.renewalDate,
    renewalStatus: a.renewalStatus,
    drivers: s ? s.drivers.slice(0, 2) : [],
  };
}

type ScoresOn = (day: string) => Map<string, ScoreRow>;

/** latestScores per day, read once per run: this week's "before" is last week's "now". */
function scoresReader(db: Db): ScoresOn {
  const cache = new Map<string, Map<string, ScoreRow>>();
  return (day) => {
    let m = cache.get(day);
    if (!m) cache.set(day, (m = latestScores(db, day)));
    return m;
  };
}

function snapshot(db: Db, day: string, o: Required<Omit<ComputeMetricsOptions, 'asOf'>>, scoresOn: ScoresOn): Snapshot {
  const portfolio = loadPortfolio(db, day);
  const arr = arrMap(portfolio, day);
  const live = portfolio.accounts.filter((a) => isLive(portfolio, a, day, arr));
  const scores = scoresOn(day);
  const period = trailingDays(day, o.periodDays);
  const tiers: TierBucket[] = TIERS.map((tier) => ({ tier, count: 0, arr: 0 }));
  let totalArr = 0;
  let atRiskArr = 0;
  let scoreSum = 0;
  let scored = 0;
  const renewals: Snapshot['renewals'] = [];
  for (const a of live) {
    const v = arr.get(a.id) ?? 0;
    totalArr += v;
    const s = scores.get(a.id);
    if (s) {
      scored++;
      scoreSum += s.score;
      const b = tiers[TIERS.indexOf(s.tier)];
      b.count++;
      b.arr += v;
      if (isAtRiskTier(s.tier)) atRiskArr += v;
    }
    if (renewsWithin(a, day, o.renewalWindowDays)) {
      renewals.push({ ...line(a, v, s), atRisk: isAtRiskTier(s?.tier) || a.renewalStatus === 'at_risk' });
    }
  }
  renewals.sort((x, y) => (x.renewalDate! < y.renewalDate! ? -1 : x.renewalDate! > y.renewalDate! ? 1 : y.arr - x.arr));
  const before = scoresOn(addDays(day, -7));
  const mv = movers(
    scores,
    before,
    (id) => {
      const a = portfolio.byId.get(id);
      return a && { name: a.name, arr: arr.get(id) ?? 0, ownerSlackId: a.ownerSlackId };
    },
    { minPoints: o.moverMinPoints },
  );
  return {
    day,
    portfolio,
    arr,
    live,
    scores,
    totalArr,
    retentionTtm: retention(portfolio, trailingMonths(day, 12)),
    retentionPeriod: retention(portfolio, period),
    tiers,
    atRiskArr,
    averageHealth: scored ? scoreSum / scored : null,
    scored,
    renewals,
    bigDrops: mv.all.filter((m) => m.change <= -o.bigDropPoints).length,
    movers: mv,
    sla: slaCompliance(db, period),
    outreach: outreachLogged(db, period),
    failed: failedDeliveries(db, period),
  };
}

function headline(c: Snapshot, p: Snapshot): Headline {
  const sum = (xs: Array<{ arr: number }>) => xs.reduce((s, x) => s + x.arr, 0);
  return {
    totalArr: delta(c.totalArr, p.totalArr),
    customers: delta(c.live.length, p.live.length),
    grrTtm: delta(c.retentionTtm.grr, p.retentionTtm.grr),
    nrrTtm: delta(c.retentionTtm.nrr, p.retentionTtm.nrr),
    grrPeriod: delta(c.retentionPeriod.grr, p.retentionPeriod.grr),
    nrrPeriod: delta(c.retentionPeriod.nrr, p.retentionPeriod.nrr),
    logoChurnTtm: delta(c.retentionTtm.logoChurn, p.retentionTtm.logoChurn),
    logoChurnPeriod: delta(c.retentionPeriod.logoChurn, p.retentionPeriod.logoChurn),
    churnedArrPeriod: delta(c.retentionPeriod.churnedArr, p.retentionPeriod.churnedArr),
    contractionArrPeriod: delta(c.retentionPeriod.contractionArr, p.retentionPeriod.contractionArr),
    expansionArrPeriod: delta(c.retentionPeriod.expansionArr, p.retentionPeriod.expansionArr),
    churnedArrTtm: delta(c.retentionTtm.churnedArr, p.retentionTtm.churnedArr),
    contractionArrTtm: delta(c.retentionTtm.contractionArr, p.retentionTtm.contractionArr),
    expansionArrTtm: delta(c.retentionTtm.expansionArr, p.retentionTtm.expansionArr),
    atRiskArr: delta(c.atRiskArr, p.atRiskArr),
    atRiskShare: delta(c.totalArr ? c.atRiskArr / c.totalArr : null, p.totalArr ? p.atRiskArr / p.totalArr : null),
    averageHealth: delta(c.averageHealth, p.averageHealth),
    accountsScored: delta(c.scored, p.scored),
    renewals90Count: delta(c.renewals.length, p.renewals.length),
    renewals90Arr: delta(sum(c.renewals), sum(p.renewals)),
    renewals90AtRiskArr: delta(sum(c.renewals.filter((r) => r.atRisk)), sum(p.renewals.filter((r) => r.atRisk))),
    bigDrops: delta(c.bigDrops, p.bigDrops),
    slaCompliance: delta(c.sla.compliance, p.sla.compliance),
    outreachLogged: delta(c.outreach, p.outreach),
    failedDeliveries: delta(c.failed, p.failed),
  };
}

function segmentRisk(c: Snapshot): { bySegment: SegmentRisk[]; matrix: RiskMatrix } {
  const seg = new Map<string, SegmentRisk>();
  const cell = new Map<string, Map<string, number>>();
  const industryRisk = new Map<string, number>();
  for (const a of c.live) {
    const s = a.segment?.trim() || UNKNOWN;
    const ind = a.industry?.trim() || UNKNOWN;
    const v = c.arr.get(a.id) ?? 0;
    let r = seg.get(s);
    if (!r) seg.set(s, (r = { segment: s, accounts: 0, totalArr: 0, atRiskArr: 0, atRiskAccounts: 0, share: null }));
    r.accounts++;
    r.totalArr += v;
    if (isAtRiskTier(c.scores.get(a.id)?.tier)) {
      r.atRiskArr += v;
      r.atRiskAccounts++;
      let row = cell.get(s);
      if (!row) cell.set(s, (row = new Map()));
      row.set(ind, (row.get(ind) ?? 0) + v);
      industryRisk.set(ind, (industryRisk.get(ind) ?? 0) + v);
    }
  }
  const bySegment = [...seg.values()]
    .map((r) => ({ ...r, share: r.totalArr ? r.atRiskArr / r.totalArr : null }))
    .sort((a, b) => b.atRiskArr - a.atRiskArr || a.segment.localeCompare(b.segment));
  // Keep the table readable in Slack: the four industries with most at-risk ARR, the rest as Other.
  const ranked = [...industryRisk.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k]) => k);
  const shown = ranked.length > 5 ? ranked.slice(0, 4) : ranked;
  const industries = ranked.length > 5 ? [...shown, 'Other'] : shown;
  const rows = bySegment
    .filter((r) => r.atRiskArr > 0)
    .map((r) => {
      const m = cell.get(r.segment) ?? new Map<string, number>();
      const cells = shown.map((i) => m.get(i) ?? 0);
      if (industries.length > shown.length) cells.push([...m.entries()].filter(([k]) => !shown.includes(k)).reduce((s, [, v]) => s + v, 0));
      return { segment: r.segment, cells, total: r.atRiskArr };
    });
  return { bySegment, matrix: { industries, rows } };
}

export function computeMetrics(db: Db, opts: ComputeMetricsOptions): PortfolioMetrics {
  if (!isCalendarDay(opts.asOf)) {
    throw new Error(`computeMetrics: asOf must be a YYYY-MM-DD date, got "${opts.asOf}"`);
  }
  const o = {
    periodDays: opts.periodDays ?? 7,
    trendMonths: opts.trendMonths ?? 12,
    renewalWindowDays: opts.renewalWindowDays ?? 90,
    bigDropPoints: opts.bigDropPoints ?? 10,
    moverMinPoints: opts.moverMinPoints ?? 0,
  };
  const previousAsOf = addDays(opts.asOf, -o.periodDays);
  const scoresOn = scoresReader(db);
  const cur = snapshot(db, opts.asOf, o, scoresOn);
  const prev = snapshot(db, previousAsOf, o, scoresOn);
  const { bySegment, matrix } = segmentRisk(cur);
  const atRisk = cur.live
    .filter((a) => isAtRiskTier(cur.scores.get(a.id)?.tier))
    .map((a) => line(a, cur.arr.get(a.id) ?? 0, cur.scores.get(a.id)))
    .sort((a, b) => b.arr - a.arr || a.accountId.localeCompare(b.accountId));
  return {
    asOf: opts.asOf,
    previousAsOf,
    periodDays: o.periodDays,
    headline: headline(cur, prev),
    retentionTtm: cur.retentionTtm,
    retentionPeriod: cur.retentionPeriod,
    previousRetentionTtm: prev.retentionTtm,
    previousRetentionPeriod: prev.retentionPeriod,
    tiers: cur.tiers.map((t, i) => ({ ...t, previousCount: prev.tiers[i].count, previousArr: prev.tiers[i].arr })),
    atRiskBySegment: bySegment,
    riskMatrix: matrix,
    atRisk,
    scored: cur.live.flatMap((a) => {
      const s = cur.scores.get(a.id);
      return s ? [{ accountId: a.id, arr: cur.arr.get(a.id) ?? 0, tier: s.tier }] : [];
    }),
    renewals90: cur.renewals,
    movers: { drops: cur.movers.drops, gains: cur.movers.gains },
    sla: cur.sla,
    trend: monthlyPeriods(opts.asOf, o.trendMonths).map((p) => {
      const r = retention(cur.portfolio, p);
      return { month: p.month, grr: r.grr, nrr: r.nrr };
    }),
  };
}
