import { OUTREACH_TYPES, type OutreachType } from '../../db/schema';

export interface OutreachInput {
  type?: string | null;
  notes?: string | null;
  outcome?: string | null;
  nextStepOn?: string | null;
}

export interface ValidOutreach {
  type: OutreachType;
  notes: string | null;
  outcome: string | null;
  nextStepOn: string | null;
}

export const NOTES_MAX = 3000;
export const OUTCOME_MAX = 500;

export type OutreachField = 'type' | 'notes' | 'outcome' | 'nextStep';

/** Field-level validation; errors are keyed by field so the modal can show each next to its input. */
export function validateOutreach(
  input: OutreachInput,
  today: string,
): { ok: true; value: ValidOutreach } | { ok: false; errors: Partial<Record<OutreachField, string>> } {
  const errors: Partial<Record<OutreachField, string>> = {};
  const type = (input.type ?? '').trim();
  if (!type) errors.type = 'Pick the kind of outreach.';
  else if (!(OUTREACH_TYPES as readonly string[]).includes(type)) errors.type = `Unknown outreach type; choose one of ${OUTREACH_TYPES.join(', ')}.`;
  const notes = (input.notes ?? '').trim();
  if (notes.length > NOTES_MAX) errors.notes = `Notes can be at most ${NOTES_MAX} characters (${notes.length} now).`;
  const outcome = (input.outcome ?? '').trim();
  if (outcome.length > OUTCOME_MAX) errors.outcome = `Outcome can be at most ${OUTCOME_MAX} characters.`;
  const next = (input.nextStepOn ?? '').trim();
  if (next) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(next) || Number.isNaN(Date.parse(`${next}T00:00:00Z`))) errors.nextStep = 'Use a date like 2026-12-01.';
    else if (next < today) errors.nextStep = 'The next step cannot be in the past.';
  }
  if (!notes && !outcome && !errors.notes && !errors.outcome) errors.notes = 'Add notes or an outcome so the team knows what happened.';
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, value: { type: type as OutreachType, notes: notes || null, outcome: outcome || null, nextStepOn: next || null } };
}
