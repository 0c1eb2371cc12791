/**
 * Decide every demo account up front: firmographics, owner, ARR, dates, and its intended health band and usage
 * pattern. Pure and deterministic (seed + today), so tests can re-derive which accounts should look declining.
 *
 * Mix of live, established accounts (onboarding and churned come on top):
 *   thriving 22% · healthy 38% · neutral 20% · at-risk 12% · critical 8%
 * About 7% of accounts are onboarding (tenure < 90 days; 1 in 5 of them stalled), 12% churned in the last
 * 18 months, and 0.5% churned once and were reactivated.
 */
import type { RenewalStatus } from '../../db/schema';
import { addDays, daysBetween } from '../lib/dates';
import { addYears, nextAnniversary } from './calendar';
import { featuredAccounts, FEATURED_IDS } from './featured';
import { type Rng, createRng, deriveSeed } from './prng';
import { planStory } from './story';
import type { AccountPlan, Band, Pattern, TeamMemberRow, UsageShape } from './types';
import { COUNTRIES, INDUSTRIES, NAME_HEADS, NAME_SUFFIXES, NAME_TAILS, type Segment } from './vocab';

const SEGMENT_MIX: readonly (readonly [Segment, number])[] = [
  ['Starter', 40],
  ['Growth', 30],
  ['Pro', 20],
  ['Enterprise', 10],
];
/** Lognormal ARR by plan tier: median and log-space sigma. */
const ARR_DIST: Record<Segment, { median: number; sigma: number; min: number }> = {
  Starter: { median: 6_000, sigma: 0.45, min: 1_200 },
  Growth: { median: 24_000, sigma: 0.5, min: 6_000 },
  Pro: { median: 72_000, sigma: 0.5, min: 20_000 },
  Enterprise: { median: 240_000, sigma: 0.6, min: 80_000 },
};
/** List price per seat per year: ARR / price ≈ seats licensed. */
export const SEAT_PRICE: Record<Segment, number> = { Starter: 480, Growth: 600, Pro: 720, Enterprise: 900 };

const BAND_MIX: readonly (readonly [Band, number])[] = [
  ['thriving', 22],
  ['healthy', 38],
  ['neutral', 20],
  ['at_risk', 12],
  ['critical', 8],
];
const ONBOARDING_SHARE = 0.07;
/** Churned some time in the last 18 months (~8% a year): enough churners to test scoring at past dates. */
const CHURNED_SHARE = 0.12;
const REACTIVATED_SHARE = 0.005;
/** Share of churners that cancel mid-term rather than at their renewal (renewal proximity is a signal, not the whole story). */
export const MID_TERM_CHURN_SHARE = 0.3;
/** Usage level a churner had before its trouble, by band: warned churners were a little weaker than the book. */
const WARNED_BASE_MIX: readonly (readonly [Band, number])[] = [
  ['thriving', 8],
  ['healthy', 32],
  ['neutral', 35],
  ['at_risk', 25],
];
const SURPRISE_BASE_MIX: readonly (readonly [Band, number])[] = [
  ['thriving', 22],
  ['healthy', 43],
  ['neutral', 25],
  ['at_risk', 10],
];
/** Revenue history and churn look back this far (18 months). */
export const HISTORY_DAYS = 540;

export interface PlanOptions {
  seed: number;
  accounts: number;
  today: string;
  csms: readonly TeamMemberRow[];
  /** days of usage history (dips of false alarms fall inside it); default 365 */
  historyDays?: number;
}

export function planAccounts(opts: PlanOptions): AccountPlan[] {
  const { seed, today, csms } = opts;
  const featured = featuredAccounts(today, csms).slice(0, opts.accounts);
  const plans: AccountPlan[] = [...featured];
  const usedIds = new Set<string>(FEATURED_IDS);
  const nameRng = createRng(deriveSeed(seed, 'names'));
  for (let i = plans.length; i < opts.accounts; i++) {
    const rng = createRng(deriveSeed(seed, 'account', i));
    const { id, name } = uniqueName(nameRng, usedIds);
    const plan = planOne(rng, i, id, name, today, csms);
    // A separate stream per account: the story does not shift any other draw.
    const kind = plan.churnedOn
      ? 'churner'
      : plan.lifecycle === 'onboarding'
        ? 'onboarding'
        : plan.band === 'at_risk' || plan.band === 'critical'
          ? 'troubled'
          : 'live';
    const troubledSince = kind === 'troubled' ? Math.max(45, plan.usage.changeAgo) : 0;
    const base = plan.band === 'thriving' || plan.band === 'healthy' || plan.band === 'neutral' ? plan.band : 'troubled';
    plan.story = planStory(createRng(deriveSeed(seed, 'story', i)), kind, opts.historyDays ?? 365, troubledSince, base);
    if (plan.churnedOn) {
      plan.churnAge = daysBetween(plan.churnedOn, today);
      const w = plan.story.warning;
      // Before any trouble a churner looks like an ordinary account, a little weaker on average when it will
      // show warning signs (weaker accounts churn more), like any account when it will churn by surprise.
      const base = w ? WARNED_BASE_MIX : SURPRISE_BASE_MIX;
      plan.usage = shapeFor(rng, rng.weighted(base), 'churned');
      // The usage channel: a slide over the lead time; otherwise usage holds up until the churn.
      plan.usage.magnitude = w?.channels.usage ? rng.float(0.05, 0.4) : 1;
      plan.usage.changeAgo = w?.channels.usage ? w.lead : 30;
    }
    plans.push(plan);
  }
  return plans;
}

function uniqueName(rng: Rng, used: Set<string>): { id: string; name: string } {
  for (let attempt = 0; ; attempt++) {
    let name = `${rng.pick(NAME_HEADS)}${rng.pick(NAME_TAILS)} ${rng.pick(NAME_SUFFIXES)}`;
    // The name space holds ~38k combinations; past that, number the duplicates.
    if (attempt >= 20) name = `${name} ${attempt}`;
    const id = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    if (used.has(id)) continue;
    used.add(id);
    return { id, name };
  }
}

/** Owners by plan tier: a few CSMs carry Enterprise, the rest share the long tail (pooled coverage). */
function ownerFor(rng: Rng, segment: Segment, csms: readonly TeamMemberRow[]): TeamMemberRow {
  const n = csms.length;
  const lo = segment === 'Enterprise' || segment === 'Pro' ? 0 : Math.floor(n / 4);
  const hi = segment === 'Enterprise' ? Math.ceil(n / 4) : segment === 'Pro' ? Math.ceil(n / 2) : n;
  return csms[rng.int(lo, Math.max(lo, hi - 1))];
}

function planOne(rng: Rng, index: number, id: string, name: string, today: string, csms: readonly TeamMemberRow[]): AccountPlan {
  const segment = rng.weighted(SEGMENT_MIX);
  const industry = rng.pick(INDUSTRIES);
  const country = rng.weighted(COUNTRIES);
  const dist = ARR_DIST[segment];
  const peakArr = Math.max(dist.min, Math.round(rng.lognormal(dist.median, dist.sigma) / 100) * 100);
  const seats = Math.max(3, Math.round((peakArr / SEAT_PRICE[segment]) * rng.float(0.8, 1.2)));
  const owner = ownerFor(rng, segment, csms);
  const base = { index, id, name, segment, industry, country, ownerEmail: owner.email, ownerSlackId: owner.slackId, seats, peakArr };

  const kind = rng.next();
  if (kind < CHURNED_SHARE) {
    const churnAge = rng.int(1, HISTORY_DAYS);
    const churnedOn = addDays(today, -churnAge);
    // Most leave at a renewal; the rest cancel mid-term, some weeks to months before the renewal they never reach.
    const midTerm = rng.chance(MID_TERM_CHURN_SHARE);
    const renewalDate = midTerm ? addDays(churnedOn, rng.int(30, 330)) : churnedOn;
    let years = rng.int(1, 4);
    if (addYears(renewalDate, -years) > addDays(churnedOn, -180)) years++;
    const contractStart = addYears(renewalDate, -years);
    return {
      ...base,
      arr: 0,
      signupDate: addDays(contractStart, -rng.int(0, 21)),
      contractStart,
      renewalDate,
      midTermChurn: midTerm,
      renewalStatus: 'churned',
      lifecycle: 'churned',
      band: 'churned',
      pattern: 'churned',
      usage: shapeFor(rng, 'healthy', 'churned'), // re-drawn once its story is known (planAccounts)
      churnedOn,
      supportOverload: false,
      npsDrop: false,
    };
  }

  if (kind < CHURNED_SHARE + ONBOARDING_SHARE) {
    const tenure = rng.int(3, 85);
    const signupDate = addDays(today, -tenure);
    const contractStart = addDays(signupDate, rng.int(0, Math.min(7, tenure - 1)));
    const stalled = rng.chance(0.2);
    const band: Band = stalled ? 'at_risk' : 'healthy';
    return {
      ...base,
      arr: peakArr,
      signupDate,
      contractStart,
      renewalDate: addYears(contractStart, 1),
      renewalStatus: 'pending',
      lifecycle: 'onboarding',
      band,
      pattern: 'onboarding',
      usage: shapeFor(rng, band, 'onboarding', stalled),
      supportOverload: false,
      npsDrop: false,
    };
  }

  const band = rng.weighted(BAND_MIX);
  const pattern = patternFor(rng, band);
  const tenure = rng.int(120, 1800);
  const signupDate = addDays(today, -tenure);
  const contractStart = addDays(signupDate, rng.int(0, 21));
  const renewalDate = nextAnniversary(contractStart, today);
  // Support-heavy at-risk accounts keep normal-looking usage: their trouble shows in tickets.
  const supportOverload = (band === 'at_risk' && pattern === 'healthy') || (band === 'at_risk' && rng.chance(0.15)) || (band === 'critical' && rng.chance(0.3));
  const npsDrop = (band === 'at_risk' || band === 'critical') && (pattern === 'declining' || pattern === 'sharp_drop') && rng.chance(0.5);
  const plan: AccountPlan = {
    ...base,
    arr: peakArr,
    signupDate,
    contractStart,
    renewalDate,
    renewalStatus: renewalStatusFor(rng, band, daysBetween(today, renewalDate)),
    lifecycle: 'active',
    band,
    pattern,
    usage: shapeFor(rng, band, pattern),
    supportOverload,
    npsDrop,
  };
  if (tenure > 450 && rng.chance(REACTIVATED_SHARE / (1 - CHURNED_SHARE - ONBOARDING_SHARE))) {
    const churnAge = rng.int(100, Math.min(HISTORY_DAYS, tenure - 200));
    const churnedOn = addDays(today, -churnAge);
    // Some come back within 30 days (not counted as churn by the metric definition), some later.
    const reactivatedOn = addDays(churnedOn, rng.chance(0.5) ? rng.int(5, 29) : rng.int(31, 80));
    plan.reactivation = { churnedOn, reactivatedOn, arrBefore: Math.round((peakArr * rng.float(0.8, 1.2)) / 100) * 100 };
  }
  return plan;
}

function patternFor(rng: Rng, band: Band): Pattern {
  switch (band) {
    case 'thriving':
      return rng.weighted([
        ['healthy', 60],
        ['growing', 40],
      ] as const);
    case 'healthy':
      return rng.weighted([
        ['healthy', 85],
        ['growing', 15],
      ] as const);
    case 'neutral':
      return rng.weighted([
        ['healthy', 60],
        ['declining', 40],
      ] as const);
    case 'at_risk':
      return rng.weighted([
        ['declining', 55],
        ['sharp_drop', 25],
        ['healthy', 20],
      ] as const);
    default:
      return rng.weighted([
        ['sharp_drop', 35],
        ['dormant', 45],
        ['declining', 20],
      ] as const);
  }
}

function renewalStatusFor(rng: Rng, band: Band, daysToRenewal: number): RenewalStatus {
  // Troubled accounts get flagged by the account team well ahead of a renewal.
  if (daysToRenewal > 90) return (band === 'at_risk' || band === 'critical') && daysToRenewal <= 180 && rng.chance(0.4) ? 'at_risk' : 'pending';
  if (band === 'thriving' || band === 'healthy')
    return rng.weighted([
      ['committed', 35],
      ['in_negotiation', 40],
      ['pending', 25],
    ] as const);
  if (band === 'neutral')
    return rng.weighted([
      ['in_negotiation', 50],
      ['pending', 40],
      ['committed', 10],
    ] as const);
  return rng.weighted([
    ['at_risk', 55],
    ['in_negotiation', 35],
    ['pending', 10],
  ] as const);
}

/** Per-band usage parameters; troubled accounts were healthier before their change started. */
function shapeFor(rng: Rng, band: Band, pattern: Pattern, stalled = false): UsageShape {
  const wasHealthier = pattern === 'declining' || pattern === 'sharp_drop' || pattern === 'dormant' || pattern === 'churned';
  // Daily active users as a share of licensed seats (a busy weekday at level 1): realistic DAU rates, so the
  // best-adopted accounts peak near 85% of seats and the long tail sits well under half.
  const util = {
    thriving: [0.6, 0.78],
    healthy: [0.4, 0.58],
    neutral: [0.24, 0.38],
    at_risk: wasHealthier ? [0.35, 0.5] : [0.2, 0.32],
    critical: [0.25, 0.45],
    churned: [0.2, 0.4],
  }[band];
  const events = { thriving: [8, 14], healthy: [5, 10], neutral: [3, 6], at_risk: [2.5, 6], critical: [1.5, 5], churned: [1, 3] }[band];
  const breadth = { thriving: [15, 18], healthy: [9, 12], neutral: [5, 8], at_risk: [4, 7], critical: [2, 6], churned: [2, 5] }[band];
  const integrations = { thriving: [4, 7], healthy: [3, 5], neutral: [1, 3], at_risk: [1, 2], critical: [0, 2], churned: [0, 2] }[band];
  const shape: UsageShape = {
    util: rng.float(util[0], util[1]),
    loginsPerUser: rng.float(1.1, 2),
    eventsPerUser: rng.float(events[0], events[1]),
    featureBreadth: rng.float(breadth[0], breadth[1]),
    integrations: rng.int(integrations[0], integrations[1]),
    weekendFactor: rng.float(0.2, 0.45),
    magnitude: 0,
    changeAgo: 0,
  };
  switch (pattern) {
    case 'healthy':
      shape.magnitude = rng.float(-0.08, 0.1); // gentle drift over the window
      break;
    case 'growing':
      shape.magnitude = rng.float(0.5, 0.9); // +16–28% month over month
      shape.changeAgo = 90;
      // Leave headroom under the seat cap so the growth shows (and ends near 85% seat use on a normal weekday: an expansion signal).
      shape.util = Math.min(shape.util, 0.85 / (1 + shape.magnitude / 2));
      break;
    case 'declining':
      // Linear slide over the last changeAgo days: neutral ones lose ~15–25% of logins month over month, at-risk ~35–55%, critical ~45–65%.
      [shape.magnitude, shape.changeAgo] =
        band === 'neutral'
          ? [rng.float(0.25, 0.4), rng.int(40, 70)]
          : band === 'at_risk'
            ? [rng.float(0.6, 0.8), rng.int(35, 55)]
            : [rng.float(0.75, 0.9), rng.int(35, 60)];
      break;
    case 'sharp_drop':
      [shape.magnitude, shape.changeAgo] = band === 'at_risk' ? [rng.float(0.3, 0.5), rng.int(8, 20)] : [rng.float(0, 0.08), rng.int(7, 24)];
      break;
    case 'dormant':
      shape.magnitude = rng.float(0.2, 0.5); // level of the last weeks before going quiet
      shape.changeAgo = rng.int(18, 50); // last login
      break;
    case 'onboarding':
      if (stalled) {
        shape.util = rng.float(0.3, 0.5);
        shape.magnitude = rng.float(0.15, 0.3);
        shape.changeAgo = rng.int(10, 25);
        shape.integrations = rng.int(0, 2);
        shape.featureBreadth = rng.float(3, 6);
      } else {
        shape.util = rng.float(0.4, 0.6);
        shape.magnitude = 1;
        shape.changeAgo = rng.int(20, 50);
        shape.integrations = rng.int(3, 5);
        shape.featureBreadth = rng.float(8, 14);
      }
      break;
    case 'churned':
      shape.magnitude = rng.float(0.15, 0.4);
      shape.changeAgo = rng.int(30, 90); // decline starts this long before the churn
      break;
  }
  return shape;
}
