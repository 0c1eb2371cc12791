/** The cohort layer in one call: cohorts, triangle, time to first value and churn drivers, as of a day. */
import type { Db } from '../../db';
import type { CohortsConfig } from '../config/sections/cohorts';
import { type CohortData, type CohortMetric, type CohortSplit, loadCohortData, splitKey } from './build';
import { type ChurnDrivers, churnDrivers } from './drivers';
import { type Triangle, buildTriangle } from './triangle';
import { type Onboarding, type TtvSummary, summarizeTtv } from './ttv';

export interface CohortReport {
  data: CohortData;
  triangle: Triangle;
  /** per plan tier, then "all" */
  ttv: TtvSummary[];
  drivers: ChurnDrivers;
}

export function ttvByPlan(data: CohortData): TtvSummary[] {
  const groups = new Map<string, Array<{ ttv: number | null; onboarding: Onboarding }>>();
  for (const m of data.members) {
    const k = splitKey(m, 'segment');
    const list = groups.get(k);
    if (list) list.push(m);
    else groups.set(k, [m]);
  }
  return [...summarizeTtv(groups), ...summarizeTtv(new Map([['all', data.members]]))];
}

export function cohortReport(
  db: Db,
  opts: { asOf: string; config: CohortsConfig; metric: CohortMetric; by?: CohortSplit; progress?: (line: string) => void },
): CohortReport {
  const progress = opts.progress ?? (() => undefined);
  const data = loadCohortData(db, { asOf: opts.asOf, config: opts.config, progress });
  const triangle = buildTriangle(data, { metric: opts.metric, by: opts.by, months: opts.config.months });
  progress(`built ${triangle.rows.length} cohort rows (${opts.metric} retention${opts.by ? ` by ${opts.by}` : ''})`);
  const drivers = churnDrivers(db, data);
  progress(`ranked ${drivers.churns} churns of the last 12 months by lost ARR`);
  return { data, triangle, ttv: ttvByPlan(data), drivers };
}
