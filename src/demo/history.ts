/**
 * Dated attribute changes (account_history rows), so a score at a past date reads what the CRM said then:
 * the renewal date rolls over at each renewal, a renewal status is set when the account team set it (at-risk
 * flags weeks before a churn and during troubled episodes that recovered, committed / in negotiation in the run-up),
 * onboarding ends at day 90, and
 * `churned` (renewal status and lifecycle) starts on the churn day, never before.
 */
import type { Lifecycle, RenewalStatus } from '../../db/schema';
import { addDays } from '../lib/dates';
import { addYears } from './calendar';
import type { Rng } from './prng';
import { episodeFlags } from './story';
import type { AccountPlan } from './types';

export interface HistoryRow {
  accountId: string;
  validFrom: string | null;
  validUntil: string;
  segment: string;
  renewalDate: string;
  renewalStatus: RenewalStatus;
  lifecycle: Lifecycle;
  signupDate: string;
  contractStart: string;
  seatsLicensed: number;
}

const ONBOARDING_DAYS = 90;

interface Values {
  renewalDate: string;
  renewalStatus: RenewalStatus;
  lifecycle: Lifecycle;
}

/** The history rows of one account, oldest first; the accounts row holds the values from the last one on. */
export function historyRows(plan: AccountPlan, today: string, historyDays: number, rng: Rng): HistoryRow[] {
  // Renewals fall on anniversaries of the current renewal (a churner's: the one it churned at or never reached).
  const anchor = plan.renewalDate;
  const onboardingEnds = addDays(plan.signupDate, ONBOARDING_DAYS);
  const flaggedOn = plan.churnedOn && plan.story?.warning?.flaggedAt != null ? addDays(plan.churnedOn, -plan.story.warning.flaggedAt) : null;
  const prevRenewal = addYears(anchor, -1);
  // A live account's current status (committed, at risk …) was set some weeks ago, after the last renewal.
  const setOn = !plan.churnedOn && plan.renewalStatus !== 'pending' ? [addDays(today, -rng.int(5, 60)), prevRenewal].sort()[1] : null;

  // Recovered episodes: the renewal was flagged at risk during the trouble and cleared when it passed.
  const flags = episodeFlags(plan.story).map(([set, clear]) => [addDays(today, -set), addDays(today, -clear)] as const);

  const valuesAt = (day: string): Values => {
    let renewalDate = anchor;
    for (let k = 1; addYears(anchor, -k) > day; k++) renewalDate = addYears(anchor, -k);
    if (plan.churnedOn && day >= plan.churnedOn) return { renewalDate: plan.renewalDate, renewalStatus: plan.renewalStatus, lifecycle: plan.lifecycle };
    let renewalStatus: RenewalStatus = 'pending';
    if (flaggedOn && day >= flaggedOn) renewalStatus = 'at_risk';
    if (flags.some(([set, clear]) => day >= set && day < clear)) renewalStatus = 'at_risk';
    if (setOn && day >= setOn) renewalStatus = plan.renewalStatus;
    const lifecycle: Lifecycle = day < onboardingEnds ? 'onboarding' : plan.churnedOn ? 'active' : plan.lifecycle;
    return { renewalDate, renewalStatus, lifecycle };
  };

  const from = [addDays(today, -historyDays), plan.signupDate].sort()[1];
  const changes = new Set<string>();
  for (let k = 1; addYears(anchor, -k) > from; k++) if (addYears(anchor, -k) <= today) changes.add(addYears(anchor, -k));
  for (const d of [onboardingEnds, flaggedOn, setOn, plan.churnedOn, ...flags.flat()]) if (d && d > from && d <= today) changes.add(d);

  const rows: HistoryRow[] = [];
  let validFrom: string | null = null;
  for (const d of [...changes].sort()) {
    const v = valuesAt(addDays(d, -1));
    const now = valuesAt(d);
    if (v.renewalDate === now.renewalDate && v.renewalStatus === now.renewalStatus && v.lifecycle === now.lifecycle) continue;
    rows.push({
      accountId: plan.id,
      validFrom,
      validUntil: d,
      segment: plan.segment,
      ...v,
      signupDate: plan.signupDate,
      contractStart: plan.contractStart,
      seatsLicensed: plan.seats,
    });
    validFrom = d;
  }
  return rows;
}
