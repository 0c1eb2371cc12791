/** Why a person resolved a group: defined in src/domain/alert-decisions.ts (the resolve modal shows the same list). */
export { RESOLUTION_LABEL, RESOLUTION_REASONS, type ResolutionReason } from '../domain/alert-decisions';
