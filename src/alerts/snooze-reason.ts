/** Why a person snoozed a group: stored with the snooze event (alert_events.data) and shown on every copy. */
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

export const isSnoozeReason = (v: unknown): v is SnoozeReason => typeof v === 'string' && (SNOOZE_REASONS as readonly string[]).includes(v);
