/**
 * The named states every surface shows: an alert's severity and status, a renewal's status, an outreach's type.
 * Stored as enums in db/schema.ts (their one definition); named here so the presentation layer (blocks/) can
 * use them without reaching into storage.
 */
export { ALERT_SEVERITIES, ALERT_STATUSES, OUTREACH_TYPES, RENEWAL_STATUSES } from '../../db/schema';
export type { AlertSeverity, AlertStatus, OutreachType, RenewalStatus } from '../../db/schema';
