/** Why a person snoozed a group: defined in src/domain/alert-decisions.ts (the snooze modal shows the same list). */
import { SNOOZE_REASONS, type SnoozeReason } from '../domain/alert-decisions';

export { CRITICAL_SNOOZE_MAX_DAYS, SNOOZE_NOTE_MAX, SNOOZE_REASON_LABEL, SNOOZE_REASONS, type SnoozeReason } from '../domain/alert-decisions';

export const isSnoozeReason = (v: unknown): v is SnoozeReason => typeof v === 'string' && (SNOOZE_REASONS as readonly string[]).includes(v);
