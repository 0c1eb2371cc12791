/** A logged touch: its kinds (stored enum) and the text limits the outreach modal and the validator share. */
export { OUTREACH_TYPES, type OutreachType } from './states';

export const NOTES_MAX = 3000;
export const OUTCOME_MAX = 500;
