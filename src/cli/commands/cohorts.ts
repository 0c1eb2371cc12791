/** `bellwether cohorts`: the monthly signup-cohort triangle, time to first value and churn drivers. */
import type { Command } from 'commander';
import { COHORT_METRICS, COHORT_SPLITS, type CohortMetric, type CohortSplit } from '../../cohorts/build';
import { formatDrivers, formatTriangle, formatTtv } from '../../cohorts/format';
import { cohortReport } from '../../cohorts/report';
import type { TriangleRow } from '../../cohorts/triangle';
import { systemClock } from '../../lib/clock';
import { todayIn } from '../../lib/dates';
import { UserError } from '../../lib/errors';
import type { CliContext } from '../context';
import { parseDay } from '../options';

interface CohortsOptions {
  by?: string;
  metric: string;
  json?: boolean;
  asOf?: string;
}

function oneOf<T extends string>(flag: string, v: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(v)) return v as T;
  throw new UserError('BAD_ARGUMENT', `${flag} must be one of ${allowed.join(', ')}, got "${v}"`);
}

/** The --json row: {cohort, size, retention: [month0, …]}, plus the split value under the split's name. */
export function jsonRow(r: TriangleRow, by?: CohortSplit): Record<string, unknown> {
  return {
    ...(by ? { [by]: r.key } : {}),
    cohort: r.cohort,
    size: r.size,
    retention: r.retention.map((v) => (v === null ? null : Math.round(v * 10_000) / 10_000)),
  };
}

export function registerCohorts(program: Command, ctx: CliContext): void {
  program
    .command('cohorts')
    .description('monthly signup cohorts: logo or net revenue retention by months since start, time to first value, churn drivers by lost ARR')
    .option('--by <split>', `split each cohort by ${COHORT_SPLITS.join(' | ')} (plan = segment: the plan tier)`)
    .option('--metric <metric>', `${COHORT_METRICS.join(' | ')} retention`, 'logo')
    .option('--json', 'print the triangle rows as JSON: {cohort, size, retention: [month0, month1, …]}')
    .option('--as-of <YYYY-MM-DD>', 'compute as of this day (default today in the configured time zone)')
    .action((opts: CohortsOptions) => {
      const by = opts.by === undefined ? undefined : oneOf('--by', opts.by, COHORT_SPLITS);
      const metric = oneOf<CohortMetric>('--metric', opts.metric, COHORT_METRICS);
      const config = ctx.config();
      const asOf = opts.asOf === undefined ? todayIn(config.timezone, systemClock()) : parseDay('--as-of', opts.asOf);
      const r = cohortReport(ctx.openDb(), { asOf, config: config.cohorts, metric, by, progress: (l) => ctx.progress(l) });
      const { data, triangle } = r;
      if (!data.members.length)
        throw new UserError('NO_DATA', `no account has a start day (contract_start or signup_date) on or before ${asOf}; import accounts first`);
      const left = [data.undated && `${data.undated} without a start day`, data.notStarted && `${data.notStarted} starting after ${asOf}`].filter(Boolean);
      const summary = `cohorts as of ${asOf}: ${data.members.length} accounts in ${new Set(triangle.rows.map((x) => x.cohort)).size} monthly cohorts, ${metric} retention${by ? ` by ${by}` : ''}, months 0–${config.cohorts.months}${left.length ? ` (left out: ${left.join(', ')})` : ''}`;
      if (opts.json) {
        ctx.progress(summary);
        ctx.out(
          JSON.stringify(
            triangle.rows.map((x) => jsonRow(x, by)),
            null,
            2,
          ),
        );
        return;
      }
      ctx.out(summary);
      ctx.out(
        metric === 'logo'
          ? 'Share of each cohort still a customer at the end of each month since start (M0 = signup month; a month in progress is measured on the as-of day):'
          : 'Net revenue retention: cohort ARR at each month end / its ARR at the end of M0:',
      );
      for (const l of formatTriangle(triangle)) ctx.out(l);
      ctx.out('');
      for (const l of formatTtv(r.ttv, config.cohorts.firstValueKeyEvents, config.cohorts.activationDays)) ctx.out(l);
      ctx.out('');
      for (const l of formatDrivers(r.drivers)) ctx.out(l);
    });
}
