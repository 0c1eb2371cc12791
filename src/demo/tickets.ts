/**
 * Support tickets over the whole history (up to the churn for churned accounts). An account in trouble at the
 * time (story.ts: a churner's lead-up, a dip, today's troubled accounts since their change) files more,
 * higher-priority tickets that take longer to close and rate lower.
 */
import type { TicketPriority } from '../../db/schema';
import { addDays, daysBetween } from '../lib/dates';
import { type IdSource, addDaysToInstant, instantOn } from './ids';
import type { Rng } from './prng';
import { baseBand, trouble } from './story';
import type { AccountPlan, Band, TicketRow } from './types';
import { TICKET_SUBJECTS, type Segment } from './vocab';

const TICKET_WINDOW_DAYS = 120;
/** tickets per 30 days */
const RATE: Record<Band, number> = { thriving: 0.35, healthy: 0.6, neutral: 1.6, at_risk: 2.4, critical: 3, churned: 1.5 };
const SEGMENT_FACTOR: Record<Segment, number> = { Starter: 0.5, Growth: 1, Pro: 1.5, Enterprise: 2.5 };
const PRIORITY_MIX: Record<'good' | 'neutral' | 'troubled', readonly (readonly [TicketPriority, number])[]> = {
  good: [
    ['low', 45],
    ['medium', 40],
    ['high', 13],
    ['urgent', 2],
  ],
  neutral: [
    ['low', 35],
    ['medium', 40],
    ['high', 20],
    ['urgent', 5],
  ],
  troubled: [
    ['low', 18],
    ['medium', 34],
    ['high', 33],
    ['urgent', 15],
  ],
};
const CSAT_MIX: Record<'good' | 'neutral' | 'troubled', readonly (readonly [number, number])[]> = {
  good: [
    [5, 55],
    [4, 35],
    [3, 7],
    [2, 2],
    [1, 1],
  ],
  neutral: [
    [5, 30],
    [4, 40],
    [3, 20],
    [2, 7],
    [1, 3],
  ],
  troubled: [
    [5, 10],
    [4, 25],
    [3, 30],
    [2, 20],
    [1, 15],
  ],
};
/** days to resolve: [min, max] */
const RESOLUTION: Record<TicketPriority, readonly [number, number]> = { low: [1, 10], medium: [0.5, 7], high: [0.3, 4], urgent: [0.1, 1.5] };

/** chance a ticket stalls and is still open */
const STUCK = { good: 0.01, neutral: 0.08, troubled: 0.25 } as const;

type Mood = 'good' | 'neutral' | 'troubled';

function mood(band: Band): Mood {
  return band === 'thriving' || band === 'healthy' ? 'good' : band === 'neutral' ? 'neutral' : 'troubled';
}

/** Tickets are drawn per block of this many days, at the rate and mood of the block's middle. */
const BLOCK_DAYS = 15;

export function ticketRows(plan: AccountPlan, today: string, rng: Rng, nextId: IdSource, historyDays = TICKET_WINDOW_DAYS): TicketRow[] {
  const end = plan.churnedOn ?? today;
  const start = [addDays(today, -historyDays), plan.signupDate].sort()[1];
  const span = daysBetween(start, end);
  if (span <= 0) return [];
  const asOf = Date.parse(`${today}T23:59:59Z`);
  const base = baseBand(plan);
  const onboardingBoost = plan.lifecycle === 'onboarding' ? 0.5 : 0; // how-to questions
  const opened: { day: string; priority: TicketPriority; forceOpen: boolean; m: Mood; stall?: boolean }[] = [];
  // Ticket days up to yesterday: a ticket "opened today" would sit in the future of a morning scoring run.
  for (let lo = 0; lo < span; lo += BLOCK_DAYS) {
    const len = Math.min(BLOCK_DAYS, span - lo);
    const mid = addDays(start, lo + Math.floor(len / 2));
    const t = trouble(plan, daysBetween(mid, today), 'support');
    const m: Mood = t > 0.5 ? 'troubled' : mood(base);
    const rate = RATE[base] + (RATE.critical - RATE[base]) * t + onboardingBoost;
    const count = rng.poisson(rate * SEGMENT_FACTOR[plan.segment] * (len / 30));
    for (let k = 0; k < count; k++)
      opened.push({ day: addDays(start, lo + rng.int(0, len - 1)), priority: rng.weighted(PRIORITY_MIX[m]), forceOpen: false, m });
  }
  if (plan.supportOverload && !plan.churnedOn) {
    const extra = rng.int(2, 3);
    for (let k = 0; k < extra; k++) {
      opened.push({ day: addDays(today, -rng.int(1, 14)), priority: rng.chance(0.6) ? 'high' : 'urgent', forceOpen: true, m: 'troubled' });
    }
  }
  // The same overload in past trouble (an episode that recovered, a churner's lead-up): a few high-priority
  // tickets that stall and close 15–60 days later.
  const overloads: [number, number][] = (plan.story?.dips ?? [])
    .filter((d) => d.channels.support)
    .map((d) => [d.startAge - d.fall - d.hold, d.startAge - d.fall]);
  const w = plan.story?.warning;
  if (w?.channels.support && plan.churnAge != null) overloads.push([plan.churnAge + 1, plan.churnAge + Math.min(60, w.lead)]);
  for (const [young, old] of overloads) {
    if (!rng.chance(0.7)) continue;
    const extra = rng.int(2, 3);
    for (let k = 0; k < extra; k++) {
      const day = addDays(today, -rng.int(Math.max(1, young), Math.max(1, old)));
      if (day >= start && day < end) opened.push({ day, priority: rng.chance(0.6) ? 'high' : 'urgent', forceOpen: false, m: 'troubled', stall: true });
    }
  }
  opened.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));

  return opened.map(({ day, priority, forceOpen, m, stall }) => {
    const openedAt = instantOn(day, rng);
    const troubled = m === 'troubled';
    const [lo, hi] = RESOLUTION[priority];
    // Troubled accounts also have tickets that simply stall and close 15–60 days later, whenever they were
    // opened: open at a date only when that date falls in the stall (the same backlog at any date).
    const stalls = stall || rng.chance(STUCK[m]);
    const closedAt = addDaysToInstant(openedAt, stalls ? rng.float(15, 60) : rng.float(lo, hi) * (troubled ? 1.6 : 1));
    const isOpen = forceOpen || Date.parse(closedAt) > asOf;
    const escalateP = (priority === 'urgent' ? 0.5 : priority === 'high' ? 0.15 : 0.02) * (troubled ? 1.6 : 1);
    return {
      id: nextId('TCK'),
      accountId: plan.id,
      openedAt,
      closedAt: isOpen ? null : closedAt,
      priority,
      csat: !isOpen && rng.chance(0.65) ? rng.weighted(CSAT_MIX[m]) : null,
      escalated: rng.chance(escalateP) ? 1 : 0,
      subject: rng.pick(TICKET_SUBJECTS),
    };
  });
}
