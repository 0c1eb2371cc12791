/** Validate a notification settings submission: per-field errors, nothing saved when any field is bad. */
import type { AlertSeverity } from '../../db/schema';
import { SEVERITIES } from './store';

export type SettingsField = 'dmSeverities' | 'summaryTime' | 'awayUntil' | 'delegate';

export interface SettingsInput {
  dmSeverities: unknown;
  summaryTime: unknown;
  awayUntil: unknown;
  delegate: unknown;
}

export type SettingsValidation =
  | { ok: true; value: { dmSeverities: AlertSeverity[]; summaryTime: string; awayUntil: string | null; delegateId: string | null } }
  | { ok: false; errors: Partial<Record<SettingsField, string>> };

export function validateSettings(i: SettingsInput, userId: string, today: string): SettingsValidation {
  const errors: Partial<Record<SettingsField, string>> = {};
  const sev = Array.isArray(i.dmSeverities) ? i.dmSeverities.map(String) : [];
  const bad = sev.filter((s) => !(SEVERITIES as readonly string[]).includes(s));
  if (bad.length) errors.dmSeverities = `unknown severity: ${bad.join(', ')}`;
  const time = typeof i.summaryTime === 'string' ? i.summaryTime : '';
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) errors.summaryTime = 'Pick a time like 17:00.';
  const away = typeof i.awayUntil === 'string' && i.awayUntil ? i.awayUntil : null;
  if (away !== null && !/^\d{4}-\d{2}-\d{2}$/.test(away)) errors.awayUntil = 'Pick a date.';
  else if (away !== null && away < today) errors.awayUntil = 'That date is in the past.';
  const delegate = typeof i.delegate === 'string' && i.delegate ? i.delegate : null;
  if (delegate !== null && !/^[UW][A-Z0-9]+$/.test(delegate)) errors.delegate = 'Pick a person.';
  else if (delegate === userId) errors.delegate = 'Pick someone other than yourself.';
  else if (away !== null && delegate === null) errors.delegate = 'Pick who receives your alerts while you are away.';
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, value: { dmSeverities: sev as AlertSeverity[], summaryTime: time, awayUntil: away, delegateId: away ? delegate : null } };
}
