/** Option parsers shared by the CLI commands, so one flag type means the same everywhere. */
import { UserError } from '../lib/errors';

/** An ISO instant such as 2026-11-23T10:00:00Z (a date alone means its UTC midnight); undefined → now. */
export function parseInstant(flag: string, v: string | undefined, now: () => Date = () => new Date()): Date {
  if (v === undefined) return now();
  const d = new Date(v);
  if (!/^\d{4}-\d{2}-\d{2}/.test(v) || Number.isNaN(d.getTime())) {
    throw new UserError('BAD_NOW', `${flag} must be an ISO date-time such as 2026-11-23T10:00:00Z, got "${v}"`);
  }
  return d;
}
