/**
 * What a person picks when acting on an alert group: why they resolve it (stored in alerts.resolution_reason,
 * feeds the per-rule alert precision report), why they snooze it (stored with the snooze event and shown on
 * every copy), and the limits the Slack modals and the transitions both enforce.
 */
export const RESOLUTION_REASONS = ['saved', 'false_positive', 'not_actionable', 'churned'] as const;
export type ResolutionReason = (typeof RESOLUTION_REASONS)[number];

/** How each reason reads in Slack (the resolve modal, confirmations). */
export const RESOLUTION_LABEL: Record<ResolutionReason, string> = {
  saved: 'Saved: the risk is handled',
  false_positive: 'False positive: there was no risk',
  not_actionable: 'Not actionable',
  churned: 'Customer churned',
};

export const SNOOZE_REASONS = ['waiting_on_customer', 'in_contact', 'known_issue', 'other'] as const;
export type SnoozeReason = (typeof SNOOZE_REASONS)[number];

/** How each reason reads in Slack and the CLI. */
export const SNOOZE_REASON_LABEL: Record<SnoozeReason, string> = {
  waiting_on_customer: 'waiting on customer',
  in_contact: 'already in contact',
  known_issue: 'known issue',
  other: 'other',
};

export const SNOOZE_NOTE_MAX = 500;

/** Longest snooze for a critical group unless a manager (or above) snoozes it. */
export const CRITICAL_SNOOZE_MAX_DAYS = 7;
