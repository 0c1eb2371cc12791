/**
 * The cohort layer in the leadership digest: once a month, in the digest of the week whose Monday is the
 * month's first Monday (cohort figures move monthly; a weekly repeat would say the same thing four times).
 * It rides the weekly digest rather than a separate monthly one so it shares its channel, schedule,
 * idempotency (digest_log) and catch-up, with no second schedule to configure.
 */
import type { Db } from '../../db';
import { cohortDigestBlocks } from '../../blocks/digest-cohorts';
import type { Block } from '../../blocks/digest-parts';
import { cohortRetentionPng } from '../charts/cohort-retention';
import { loadCohortData } from '../cohorts/build';
import { churnDrivers } from '../cohorts/drivers';
import { ttvByPlan } from '../cohorts/report';
import { buildTriangle } from '../cohorts/triangle';
import type { AppConfig } from '../config/schema';
import { isoWeekMonday } from '../lib/dates';
import { type ChartFile, writeChartFile } from './charts';

/** True when the ISO week's Monday is one of the first seven days of its month. */
export function isFirstMondayWeek(week: string): boolean {
  return Number(isoWeekMonday(week).slice(8, 10)) <= 7;
}

/** Month marks shown in the digest table: 3, 6 and 12 months (capped at cohorts.months). */
function marks(months: number): number[] {
  return [...new Set([3, 6, 12].map((k) => Math.min(k, months)))];
}

export function cohortDigestPart(
  db: Db,
  opts: { config: AppConfig; week: string; asOf: string; chartsDir?: string; log?: (line: string) => void },
): { blocks: Block[]; charts: ChartFile[] } | null {
  const c = opts.config.cohorts;
  if (!c.inDigest || !isFirstMondayWeek(opts.week)) return null;
  const data = loadCohortData(db, { asOf: opts.asOf, config: c, progress: opts.log });
  if (!data.members.length) return null;
  const logo = buildTriangle(data, { metric: 'logo', by: 'segment', months: c.months });
  const revenue = buildTriangle(data, { metric: 'revenue', by: 'segment', months: c.months });
  const charts: ChartFile[] = [];
  if (opts.chartsDir) {
    const title = `Logo retention by months since signup, per plan tier — to ${opts.asOf}`;
    charts.push(writeChartFile(opts.chartsDir, opts.week, 'cohorts', title, cohortRetentionPng(logo.curves, { title, yName: 'still customers' })));
  }
  const blocks = cohortDigestBlocks({
    asOf: opts.asOf,
    logo,
    revenue,
    ttv: ttvByPlan(data).filter((t) => t.key !== 'all'),
    drivers: churnDrivers(db, data),
    activationDays: c.activationDays,
    keyEvents: c.firstValueKeyEvents,
    marks: marks(c.months),
    chartTitle: charts[0]?.title,
  });
  return { blocks, charts };
}
