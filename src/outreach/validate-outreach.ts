import { NOTES_MAX, OUTCOME_MAX, OUTREACH_TYPES, type OutreachType } from '../domain/outreach';

export { NOTES_MAX, OUTCOME_MAX };

/** Values as they come back from the client: normally strings, but a payload is only as good as its sender. */
export interface OutreachInput {
  type?: unknown;
  notes?: unknown;
  outcome?: unknown;
  nextStepOn?: unknown;
}

export interface ValidOutreach {
  type: OutreachType;
  notes: string | null;
  outcome: string | null;
  nextStepOn: string | null;
}

export type OutreachField = 'type' | 'notes' | 'outcome' | 'nextStep';

/** Field-level validation; errors are keyed by field so the modal can show each next to its input. */
export function validateOutreach(
  input: OutreachInput,
  today: string,
): { ok: true; value: ValidOutreach } | { ok: false; errors: Partial<Record<OutreachField, string>> } {
  const errors: Partial<Record<OutreachField, string>> = {};
  /** The text of a field; anything but a string (an object, a number) is an error on that field, never "[object Object]". */
  const text = (field: OutreachField, v: unknown): string => {
    if (v === undefined || v === null) return '';
    if (typeof v === 'string') return v.trim();
    errors[field] = 'This value could not be read; please enter it again.';
    return '';
  };
  const type = text('type', input.type);
  if (errors.type) {
    // unreadable: already reported
  } else if (!type) errors.type = 'Pick the kind of outreach.';
  else if (!(OUTREACH_TYPES as readonly string[]).includes(type)) errors.type = `Unknown outreach type; choose one of ${OUTREACH_TYPES.join(', ')}.`;
  const notes = text('notes', input.notes);
  if (notes.length > NOTES_MAX) errors.notes = `Notes can be at most ${NOTES_MAX} characters (${notes.length} now).`;
  const outcome = text('outcome', input.outcome);
  if (outcome.length > OUTCOME_MAX) errors.outcome = `Outcome can be at most ${OUTCOME_MAX} characters.`;
  const next = text('nextStep', input.nextStepOn);
  if (next) {
    if (!isCalendarDay(next)) errors.nextStep = 'Use a date like 2026-12-01.';
    else if (next < today) errors.nextStep = 'The next step cannot be in the past.';
  }
  if (!notes && !outcome && !errors.notes && !errors.outcome) errors.notes = 'Add notes or an outcome so the team knows what happened.';
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, value: { type: type as OutreachType, notes: notes || null, outcome: outcome || null, nextStepOn: next || null } };
}

/** YYYY-MM-DD naming a real day (Date.parse alone accepts 2026-02-30 and rolls it into March). */
function isCalendarDay(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const ms = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === s;
}
