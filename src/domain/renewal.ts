/**
 * "Renews within N days": a renewal date from the as-of day (inclusive: renewing today is still ahead) to N days
 * after it, and not already settled (renewed or churned). N comes from config where the surface has one:
 * `digests.csmRenewalDays` (CSM digest, Home's "at risk, renewing"), `scoring.renewalWindowDays` (leadership,
 * Home's renewals list), or the `/health renewals [days]` argument.
 */
import { addDays } from '../lib/dates';

export interface RenewalFields {
  renewalDate: string | null;
  renewalStatus: string;
}

const SETTLED = ['renewed', 'churned'];

export function renewsWithin(a: RenewalFields, asOf: string, days: number): boolean {
  return a.renewalDate !== null && a.renewalDate >= asOf && a.renewalDate <= addDays(asOf, days) && !SETTLED.includes(a.renewalStatus);
}

/**
 * The date half of "renews within N days", from a day count (renewal date minus the as-of day): 0 to N days
 * ahead. The renewal_at_risk driver uses it alone: a low score near a renewal date is flagged whatever the
 * recorded status, as it always was.
 */
export function renewalDueWithin(daysToRenewal: number | null, days: number): boolean {
  return daysToRenewal != null && daysToRenewal >= 0 && daysToRenewal <= days;
}

/** The same test in SQL over an accounts alias (parameters are the caller's named ones). */
export function renewsWithinSql(alias: string, asOfParam: string, endParam: string): string {
  return `(${alias}.renewal_date >= ${asOfParam} and ${alias}.renewal_date <= ${endParam} and ${alias}.renewal_status not in (${SETTLED.map((s) => `'${s}'`).join(', ')}))`;
}
