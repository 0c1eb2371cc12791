/**
 * Data freshness: each source's latest date on or before the as-of date, and whether it is older than its
 * staleness tolerance (config scoring.staleAfterDays). A stale source lowers coverage (its sub-scores count
 * as missing data) and is said in plain words wherever a score is shown.
 */
import type { Db } from '../../db';
import { ACTIVITY_SOURCES, type ActivitySource, latestActivity } from '../activity/store';
import type { ScoringConfig } from '../config/sections/scoring';
import { addDays } from '../lib/dates';
import { daysFrom } from './day-number';

/** Read through the activity store (one index end each: MAX over an indexed date column). */
export const DATA_SOURCES = ACTIVITY_SOURCES;
export type DataSource = ActivitySource;

export interface SourceFreshness {
  source: DataSource;
  /** latest date on record on or before the as-of date, null when the source has no data at all */
  latest: string | null;
  /** days from `latest` to the as-of date */
  ageDays: number | null;
  toleranceDays: number;
  stale: boolean;
}

export function dataFreshness(db: Db, asOf: string, config: Pick<ScoringConfig, 'staleAfterDays'>): SourceFreshness[] {
  const params = { asOf, next: addDays(asOf, 1) };
  return DATA_SOURCES.map((source) => {
    const raw = latestActivity(db, source, params.asOf, params.next);
    const latest = raw ? raw.slice(0, 10) : null;
    const ageDays = latest ? daysFrom(latest, asOf) : null;
    const toleranceDays = config.staleAfterDays[source];
    return { source, latest, ageDays, toleranceDays, stale: ageDays != null && ageDays > toleranceDays };
  });
}

export function staleSources(freshness: readonly SourceFreshness[]): DataSource[] {
  return freshness.filter((f) => f.stale).map((f) => f.source);
}

const days = (n: number) => `${n} ${n === 1 ? 'day' : 'days'}`;

/** "usage data last updated 695 days ago (tolerance 2 days)", one per stale source. */
export function staleStatements(freshness: readonly SourceFreshness[]): string[] {
  return freshness.filter((f) => f.stale).map((f) => `${f.source} data last updated ${days(f.ageDays!)} ago (${f.latest}; tolerance ${days(f.toleranceDays)})`);
}

/** Data that ended this long before the as-of date makes every score a statement about the past: warn loudly. */
export const LONG_AGO_DAYS = 30;

/** The newest date of any source, or null when there is no data. */
export function newestData(freshness: readonly SourceFreshness[]): string | null {
  let best: string | null = null;
  for (const f of freshness) if (f.latest && (!best || f.latest > best)) best = f.latest;
  return best;
}
