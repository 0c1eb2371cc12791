/**
 * Signals from CRM, billing, support and product over the whole history. Risk signals concentrate in troubled
 * accounts (today's, and churners in their lead-up, story.ts) but also hit healthy ones now and then; expansion
 * signals go with thriving ones; featured accounts carry their hand-written signals instead.
 */
import type { SignalKind } from '../../db/schema';
import { addDays, daysBetween } from '../lib/dates';
import { type IdSource, addDaysToInstant, instantOn } from './ids';
import type { Rng } from './prng';
import { bandAt } from './story';
import type { AccountPlan, Band, SignalRow } from './types';
import { CHAMPION_TITLES, COMPETITORS, FIRST_NAMES, LAST_NAMES } from './vocab';

type LiveBand = Exclude<Band, 'churned'>;
/** probability per account of each signal in the window, by band */
const P: Record<SignalKind, Record<LiveBand, number>> = {
  champion_departed: { thriving: 0.003, healthy: 0.006, neutral: 0.02, at_risk: 0.08, critical: 0.1 },
  competitor_mentioned: { thriving: 0.002, healthy: 0.005, neutral: 0.02, at_risk: 0.06, critical: 0.09 },
  payment_failed: { thriving: 0.006, healthy: 0.008, neutral: 0.012, at_risk: 0.02, critical: 0.04 },
  cancellation_requested: { thriving: 0, healthy: 0, neutral: 0, at_risk: 0.003, critical: 0.015 },
  feature_limit_hit: { thriving: 0.06, healthy: 0.02, neutral: 0.003, at_risk: 0, critical: 0 },
  expansion_opportunity: { thriving: 0.04, healthy: 0.015, neutral: 0.002, at_risk: 0, critical: 0 },
};
const KINDS = Object.keys(P) as SignalKind[];
const SIGNAL_WINDOW_DAYS = 60;

const SOURCE: Record<SignalKind, string> = {
  champion_departed: 'crm',
  competitor_mentioned: 'csm',
  payment_failed: 'billing',
  cancellation_requested: 'support',
  feature_limit_hit: 'product',
  expansion_opportunity: 'crm',
};

/** 12,345 without depending on the runtime's locale data */
const thousands = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

function detailFor(kind: SignalKind, plan: AccountPlan, rng: Rng): string {
  switch (kind) {
    case 'champion_departed':
      return `Champion ${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)} (${rng.pick(CHAMPION_TITLES)}) left ${plan.name}`;
    case 'competitor_mentioned':
      return `Mentioned evaluating ${rng.pick(COMPETITORS)} on a call`;
    case 'payment_failed':
      return `Card payment of $${thousands(Math.round(plan.arr / 12))} failed (${rng.pick(['card expired', 'insufficient funds', 'card declined'])})`;
    case 'cancellation_requested':
      return 'Asked about cancellation terms ahead of the renewal';
    case 'feature_limit_hit':
      return `Hit the ${rng.pick(['API rate', 'workspace', 'automation', 'storage'])} limit ${rng.int(3, 20)} times this month`;
    case 'expansion_opportunity':
      return `Asked for pricing on ${rng.int(5, Math.max(6, Math.round(plan.seats * 0.5)))} more seats`;
  }
}

/** Risk signals a churner or a dip shows, by relative weight. */
const WARNING_KINDS: readonly (readonly [SignalKind, number])[] = [
  ['champion_departed', 35],
  ['competitor_mentioned', 35],
  ['payment_failed', 10],
  ['cancellation_requested', 20],
];

export function signalRows(plan: AccountPlan, today: string, rng: Rng, nextId: IdSource, historyDays = SIGNAL_WINDOW_DAYS): SignalRow[] {
  const asOf = `${today}T23:59:59.999Z`;
  if (plan.forcedSignals) {
    return plan.forcedSignals.map((s) => ({
      id: nextId('SIG'),
      accountId: plan.id,
      kind: s.kind,
      occurredAt: instantOn(addDays(today, -s.daysAgo), rng),
      detail: s.detail,
      source: s.source,
      resolvedAt: null,
    }));
  }
  const rows: SignalRow[] = [];
  const emit = (kind: SignalKind, day: string) => {
    const occurredAt = instantOn(day, rng);
    // Most failed payments are retried successfully within the week.
    const retried = kind === 'payment_failed' && rng.chance(0.6) ? addDaysToInstant(occurredAt, rng.float(1, 6)) : null;
    rows.push({
      id: nextId('SIG'),
      accountId: plan.id,
      kind,
      occurredAt,
      detail: detailFor(kind, plan, rng),
      source: SOURCE[kind],
      resolvedAt: retried && retried <= asOf ? retried : null,
    });
  };
  const growingBoost = plan.pattern === 'growing' ? 2 : 1;
  const boost = (kind: SignalKind) =>
    (kind === 'feature_limit_hit' || kind === 'expansion_opportunity' ? growingBoost : 1) * (kind === 'payment_failed' && plan.segment === 'Starter' ? 1.5 : 1);
  // Background: every SIGNAL_WINDOW_DAYS block of the history draws signals at the rates of the account's band
  // at the time (a champion leaves a healthy account too; troubled episodes and lead-ups draw at troubled rates).
  const end = plan.churnAge ?? 0;
  const first = Math.max(end, Math.min(historyDays, daysBetween(plan.signupDate, today)));
  for (let hi = end + SIGNAL_WINDOW_DAYS; hi - SIGNAL_WINDOW_DAYS < first; hi += SIGNAL_WINDOW_DAYS) {
    const lo = hi - SIGNAL_WINDOW_DAYS + 1;
    const band: LiveBand = bandAt(plan, Math.round((lo + hi) / 2));
    for (const kind of KINDS) {
      if (!rng.chance(P[kind][band] * boost(kind))) continue;
      const age = rng.int(Math.max(1, lo), Math.min(hi, first));
      if (age >= end + 1) emit(kind, addDays(today, -age));
    }
  }
  // Warning signs: a churner's risk signals in its lead-up, a dip's in the dip.
  const w = plan.story?.warning;
  if (w?.channels.signals && plan.churnAge != null) {
    const n = rng.chance(0.4) ? 2 : 1;
    for (let k = 0; k < n; k++) {
      const kind = rng.weighted(WARNING_KINDS);
      const before = kind === 'cancellation_requested' ? rng.int(1, Math.min(30, w.lead)) : rng.int(1, w.lead);
      emit(kind, addDays(today, -(plan.churnAge + before)));
    }
  }
  for (const dip of plan.story?.dips ?? []) {
    if (dip.channels.signals)
      emit(rng.weighted(WARNING_KINDS.filter(([k]) => k !== 'cancellation_requested')), addDays(today, -(dip.startAge - rng.int(0, dip.fall + dip.hold))));
  }
  // Mid-term cancellations: about half asked about cancelling some weeks before.
  if (plan.midTermChurn && plan.churnAge != null && rng.chance(0.5)) emit('cancellation_requested', addDays(today, -(plan.churnAge + rng.int(14, 45))));
  return rows.sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : 1));
}
