/**
 * Monthly signup cohorts: each account joins the cohort of the calendar month it started (the portfolio's
 * start day: contract start, else signup date), with its plan tier and onboarding outcome for the splits.
 * Churn, reactivation and ARR come from the shared definitions (loadOutcomes, loadPortfolio), as of `asOf`.
 */
import type { Db } from '../../db';
import type { CohortsConfig } from '../config/sections/cohorts';
import { type AccountRow, type Portfolio, loadPortfolio } from '../metrics/portfolio';
import { type Outcomes, loadOutcomes } from '../validation/outcomes';
import { keyEventsStart, signupsAndFirstValue } from './queries';
import { type Onboarding, onboardingOutcome, ttvDays } from './ttv';

/** `plan` is the same split as `segment`: accounts.segment holds the plan tier. */
export const COHORT_SPLITS = ['segment', 'plan', 'onboarding'] as const;
export type CohortSplit = (typeof COHORT_SPLITS)[number];
export const COHORT_METRICS = ['logo', 'revenue'] as const;
export type CohortMetric = (typeof COHORT_METRICS)[number];

export interface CohortMember {
  account: AccountRow;
  /** start day (YYYY-MM-DD) and its month, the cohort (YYYY-MM) */
  start: string;
  cohort: string;
  /** days from signup to first value; null when not reached (or not measurable) */
  ttv: number | null;
  onboarding: Onboarding;
}

export interface CohortData {
  asOf: string;
  portfolio: Portfolio;
  outcomes: Outcomes;
  members: CohortMember[];
  /** accounts left out: no start day on record, or started after asOf */
  undated: number;
  notStarted: number;
}

export function loadCohortData(db: Db, opts: { asOf: string; config: CohortsConfig; progress?: (line: string) => void }): CohortData {
  const { asOf, config } = opts;
  const progress = opts.progress ?? (() => undefined);
  const portfolio = loadPortfolio(db, asOf);
  const outcomes = loadOutcomes(db, asOf);
  let events = 0;
  for (const l of portfolio.events.values()) events += l.length;
  progress(`loaded ${portfolio.accounts.length.toLocaleString('en-US')} accounts and ${events.toLocaleString('en-US')} revenue events as of ${asOf}`);
  const signups = new Map(signupsAndFirstValue(db, config.firstValueKeyEvents, asOf).map((r) => [r.id, r]));
  const usageStart = keyEventsStart(db);
  progress(`read first-value days (${config.firstValueKeyEvents}+ key events a day)`);
  const members: CohortMember[] = [];
  let undated = 0;
  let notStarted = 0;
  for (const a of portfolio.accounts) {
    const start = a.startDay?.slice(0, 10) ?? null;
    if (!start) {
      undated++;
      continue;
    }
    if (start > asOf) {
      notStarted++;
      continue;
    }
    const s = signups.get(a.id);
    const ttv = s ? ttvDays(s) : null;
    members.push({
      account: a,
      start,
      cohort: start.slice(0, 7),
      ttv,
      onboarding: onboardingOutcome(s ?? null, { usageStart, asOf, activationDays: config.activationDays }),
    });
  }
  return { asOf, portfolio, outcomes, members, undated, notStarted };
}

/** The split key of a member: plan tier (or "(none)"), or onboarding outcome. */
export function splitKey(m: CohortMember, by: CohortSplit): string {
  if (by === 'onboarding') return m.onboarding;
  return m.account.segment?.trim() || '(none)';
}
