/**
 * Revenue events: the opening 'new' event at contract start, then monthly chances of expansion or contraction
 * over the last 18 months, churns and rare reactivations. Deltas are signed and, per account, sum exactly to the
 * account's current ARR (0 once churned), so ARR at any past date is the running sum of its events.
 */
import { addDays, daysBetween } from '../lib/dates';
import type { IdSource } from './ids';
import { HISTORY_DAYS, SEAT_PRICE } from './plan';
import type { Rng } from './prng';
import type { AccountPlan, Band, RevenueRow } from './types';
import { ADD_ONS } from './vocab';

/** monthly probability of an expansion / a contraction */
const MOVES: Record<Band, readonly [number, number]> = {
  thriving: [0.08, 0.003],
  healthy: [0.04, 0.007],
  neutral: [0.015, 0.02],
  at_risk: [0.006, 0.04],
  critical: [0.003, 0.05],
  churned: [0.005, 0.04],
};
const STEP_DAYS = 30;

const round100 = (x: number) => Math.max(100, Math.round(x / 100) * 100);

type Move = { day: string; kind: 'expansion' | 'contraction'; factor: number };

export function revenueRows(plan: AccountPlan, today: string, rng: Rng, nextId: IdSource): RevenueRow[] {
  const rows: RevenueRow[] = [];
  const emit = (occurredOn: string, kind: RevenueRow['kind'], arrDelta: number, expansionType: RevenueRow['expansionType'], note: string) => {
    if (arrDelta !== 0) rows.push({ id: nextId('REV'), accountId: plan.id, occurredOn, kind, arrDelta, expansionType, note });
  };

  if (plan.reactivation) {
    const { churnedOn, reactivatedOn, arrBefore } = plan.reactivation;
    emit(plan.contractStart, 'new', arrBefore, null, `New ${plan.segment} contract`);
    emit(churnedOn, 'churn', -arrBefore, null, 'Cancelled at renewal');
    emit(reactivatedOn, 'reactivation', plan.arr, null, 'Reactivated after cancellation');
    return rows;
  }

  // Movements happen between two months after the start (or the history horizon) and the churn / last week.
  const end = plan.churnedOn ? addDays(plan.churnedOn, -30) : addDays(today, -7);
  const from = [addDays(today, -HISTORY_DAYS), addDays(plan.contractStart, 60)].sort()[1];
  const [pExp, pCon] = MOVES[plan.band];
  const moves: Move[] = [];
  for (let day = from; day <= end; day = addDays(day, STEP_DAYS)) {
    const r = rng.next();
    const when = addDays(day, rng.int(0, STEP_DAYS - 1));
    if (when > end) break;
    if (r < pExp) moves.push({ day: when, kind: 'expansion', factor: rng.float(1.1, 1.4) });
    else if (r < pExp + pCon) moves.push({ day: when, kind: 'contraction', factor: rng.float(0.7, 0.9) });
  }
  // Growing usage goes with at least one expansion in the last year: that is the story the usage tells.
  if (plan.pattern === 'growing' && !moves.some((m) => m.kind === 'expansion')) {
    const earliest = [from, addDays(today, -360)].sort()[1];
    const span = daysBetween(earliest, end);
    if (span > 0) {
      moves.push({ day: addDays(earliest, rng.int(0, span)), kind: 'expansion', factor: rng.float(1.1, 1.35) });
      moves.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
    }
  }

  // Trouble shows in the books too: many at-risk accounts cut seats in the last quarter.
  const recentCut = { at_risk: 0.5, critical: 0.6, neutral: 0.15 }[plan.band as 'at_risk' | 'critical' | 'neutral'] ?? 0;
  if (!plan.churnedOn && rng.chance(recentCut)) {
    const day = addDays(today, -rng.int(10, 80));
    if (day > addDays(plan.contractStart, 60) && !moves.some((m) => m.kind === 'contraction' && m.day > addDays(today, -90))) {
      moves.push({ day, kind: 'contraction', factor: rng.float(0.7, 0.9) });
      moves.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
    }
  }

  // The same in past trouble: half the episodes that recovered, and some warned churners, cut seats on the way.
  const troubles: [number, number][] = (plan.story?.dips ?? []).map((d) => [d.startAge - d.fall - d.hold, d.startAge]);
  const w = plan.story?.warning;
  if (w && plan.churnAge != null) troubles.push([plan.churnAge + 30, plan.churnAge + w.lead]);
  for (const [young, old] of troubles) {
    if (old <= young || !rng.chance(0.5)) continue;
    const day = addDays(today, -rng.int(young, old));
    if (
      day > addDays(plan.contractStart, 60) &&
      day >= from &&
      day < end &&
      !moves.some((m) => m.kind === 'contraction' && Math.abs(daysBetween(m.day, day)) < 90)
    ) {
      moves.push({ day, kind: 'contraction', factor: rng.float(0.7, 0.9) });
      moves.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
    }
  }

  // Work backwards from today's ARR so the running sum lands on it exactly.
  const target = plan.peakArr;
  const opening = round100(target / moves.reduce((p, m) => p * m.factor, 1));
  emit(plan.contractStart, 'new', opening, null, `New ${plan.segment} contract`);
  let value = opening;
  moves.forEach((m, k) => {
    const next = k === moves.length - 1 ? target : round100(value * m.factor);
    const delta = next - value;
    value = next;
    if (delta === 0) return;
    // A rounding quirk can flip a move's sign; label by the actual delta.
    if (delta > 0) {
      const type = rng.weighted([
        ['seat', 60],
        ['upgrade', 25],
        ['cross_sell', 15],
      ] as const);
      const note =
        type === 'seat'
          ? `+${Math.max(1, Math.round(delta / SEAT_PRICE[plan.segment]))} seats`
          : type === 'upgrade'
            ? 'Upgraded to a higher plan'
            : `Added ${rng.pick(ADD_ONS)}`;
      emit(m.day, 'expansion', delta, type, note);
    } else {
      emit(m.day, 'contraction', delta, null, rng.pick(['Reduced seats at renewal', 'Downgraded plan', `Removed ${rng.pick(ADD_ONS)}`]));
    }
  });
  if (plan.churnedOn) {
    const note = plan.midTermChurn ? 'Cancelled mid-term' : 'Cancelled at renewal';
    emit(plan.churnedOn, 'churn', -target, null, rng.pick([note, 'Cancelled: budget cuts', 'Cancelled: moved to a competitor', 'Cancelled: company acquired']));
  }
  return rows;
}
