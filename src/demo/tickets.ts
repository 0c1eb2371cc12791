/**
 * Support tickets over the last 120 days (120 days before the churn for churned accounts).
 * Troubled accounts file more, higher-priority tickets that take longer to close and rate lower.
 */
import type { TicketPriority } from '../../db/schema';
import { addDays, daysBetween } from '../lib/dates';
import { type IdSource, addDaysToInstant, instantOn } from './ids';
import type { Rng } from './prng';
import type { AccountPlan, Band, TicketRow } from './types';
import { TICKET_SUBJECTS, type Segment } from './vocab';

const TICKET_WINDOW_DAYS = 120;
/** tickets per 30 days */
const RATE: Record<Band, number> = { thriving: 0.35, healthy: 0.6, neutral: 1.6, at_risk: 2.4, critical: 3, churned: 1.5 };
const SEGMENT_FACTOR: Record<Segment, number> = { Starter: 0.5, Growth: 1, Pro: 1.5, Enterprise: 2.5 };
const PRIORITY_MIX: Record<'good' | 'neutral' | 'troubled', readonly (readonly [TicketPriority, number])[]> = {
  good: [['low', 45], ['medium', 40], ['high', 13], ['urgent', 2]],
  neutral: [['low', 35], ['medium', 40], ['high', 20], ['urgent', 5]],
  troubled: [['low', 18], ['medium', 34], ['high', 33], ['urgent', 15]],
};
const CSAT_MIX: Record<'good' | 'neutral' | 'troubled', readonly (readonly [number, number])[]> = {
  good: [[5, 55], [4, 35], [3, 7], [2, 2], [1, 1]],
  neutral: [[5, 30], [4, 40], [3, 20], [2, 7], [1, 3]],
  troubled: [[5, 10], [4, 25], [3, 30], [2, 20], [1, 15]],
};
/** days to resolve: [min, max] */
const RESOLUTION: Record<TicketPriority, readonly [number, number]> = { low: [1, 10], medium: [0.5, 7], high: [0.3, 4], urgent: [0.1, 1.5] };

/** chance a ticket stalls and is still open */
const STUCK = { good: 0.01, neutral: 0.08, troubled: 0.25 } as const;

function mood(band: Band): 'good' | 'neutral' | 'troubled' {
  return band === 'thriving' || band === 'healthy' ? 'good' : band === 'neutral' ? 'neutral' : 'troubled';
}

export function ticketRows(plan: AccountPlan, today: string, rng: Rng, nextId: IdSource): TicketRow[] {
  const end = plan.churnedOn ?? today;
  const start = [addDays(end, -TICKET_WINDOW_DAYS), plan.signupDate].sort()[1];
  const span = daysBetween(start, end);
  if (span <= 0) return [];
  const asOf = Date.parse(`${today}T23:59:59Z`);
  const m = mood(plan.band);
  const troubled = m === 'troubled';
  const onboardingBoost = plan.lifecycle === 'onboarding' ? 0.5 : 0; // how-to questions
  const lambda = (RATE[plan.band] + onboardingBoost) * SEGMENT_FACTOR[plan.segment] * (span / 30);
  const count = rng.poisson(lambda);

  const opened: { day: string; priority: TicketPriority; forceOpen: boolean }[] = [];
  for (let k = 0; k < count; k++) {
    // Ticket days up to yesterday: a ticket "opened today" would sit in the future of a morning scoring run.
    opened.push({ day: addDays(start, rng.int(0, Math.max(0, span - 1))), priority: rng.weighted(PRIORITY_MIX[m]), forceOpen: false });
  }
  if (plan.supportOverload && !plan.churnedOn) {
    const extra = rng.int(2, 3);
    for (let k = 0; k < extra; k++) {
      opened.push({ day: addDays(today, -rng.int(1, 14)), priority: rng.chance(0.6) ? 'high' : 'urgent', forceOpen: true });
    }
  }
  opened.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));

  return opened.map(({ day, priority, forceOpen }) => {
    const openedAt = instantOn(day, rng);
    const [lo, hi] = RESOLUTION[priority];
    const closedAt = addDaysToInstant(openedAt, rng.float(lo, hi) * (troubled ? 1.6 : 1));
    // Troubled accounts also have tickets that simply stall.
    const stuck = forceOpen || (!plan.churnedOn && rng.chance(STUCK[m]));
    const isOpen = stuck || Date.parse(closedAt) > asOf;
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
