/** The card's "Next:" line (pure): one recommendation that agrees with what the card's header and alert say. */
import { SEVERITY_RANK } from '../src/domain/severity';
import { TIER_ACTIONS, type Tier } from '../src/domain/tier';
import { slackDate } from './format';
import type { CardAlert } from './view-models/card';

/** Tier urgency on the alert severity scale (low 0 … critical 3), so the two can be compared. */
const TIER_URGENCY: Record<Tier, number> = { Critical: 3, 'At-Risk': 2, Neutral: 1, Healthy: 0, Thriving: 0 };

const SEVERITY_STEP: Record<CardAlert['severity'], string> = {
  critical: 'Escalate today; hold an executive business review within 7 days.',
  high: 'Reach out to the account now and work the playbook.',
  medium: 'Review the account this week and work the playbook.',
  low: 'Review the alert at the next weekly meeting.',
};

export type NextStepAlert = Pick<CardAlert, 'severity' | 'status' | 'slaDueAt' | 'snoozedUntil' | 'positive'>;

/**
 * A live risk alert sets the step (its severity, and its SLA while unacknowledged) unless the tier is more urgent;
 * with no alert (or an opportunity alert) the tier sets it. Null when there is neither.
 */
export function nextStep(tier: Tier | null, alert: NextStepAlert | null): string | null {
  const risk = alert && !alert.positive ? alert : null;
  if (!risk || (tier && TIER_URGENCY[tier] > SEVERITY_RANK[risk.severity])) return tier ? TIER_ACTIONS[tier] : null;
  const step = SEVERITY_STEP[risk.severity];
  if (risk.status === 'open' && risk.slaDueAt) return `${step} Acknowledge the ${risk.severity} alert by ${slackDate(risk.slaDueAt)} (its SLA).`;
  if (risk.status === 'snoozed') return `${step} (The ${risk.severity} alert is snoozed${risk.snoozedUntil ? ` until ${slackDate(risk.snoozedUntil)}` : ''}.)`;
  if (risk.status === 'acknowledged') return `${step} (The ${risk.severity} alert is acknowledged.)`;
  return step;
}
