/** `bellwether backtest`: does the score predict churn? Scores past dates in memory and measures it. */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { churnByDecilePng, rocCurvePng } from '../../charts/backtest';
import { scoringFingerprint } from '../../config/fingerprint';
import { UserError } from '../../lib/errors';
import { addDays, daysBetween } from '../../lib/dates';
import { backfillDates } from '../../scoring/run';
import { type BacktestResult, runBacktest } from '../../validation/backtest';
import { behaviouralStarts, dataSpan, defaultDates, signalStart } from '../../validation/dates';
import { backtestReport } from '../../validation/report';
import type { BacktestRow } from '../../validation/score-dates';
import { rocPoints } from '../../validation/stats';
import { saveBacktestRun } from '../../validation/store';
import type { CliContext } from '../context';
import { parseDay, parseDays } from '../options';

interface BacktestOptions {
  from?: string;
  to?: string;
  every?: string;
  horizon: string;
  json?: boolean;
  charts?: string;
}

/**
 * The dates to score: with none of --from/--to/--every, the last `count` month-ends with a full horizon of
 * data after them; otherwise --from … --to stepped by --every (30d), a missing end filled in from the data.
 * A default start never goes before the scored signal exists (signalStart: usage with a full window, tickets
 * and NPS begun); an explicit --from may, and the backtest then warns per date.
 */
export function backtestDates(
  ctx: CliContext,
  opts: { from?: string; to?: string; every?: string; horizon: string },
  count = 12,
): { dates: string[]; horizonDays: number } {
  const every = opts.every === undefined ? undefined : parseDays('--every', opts.every);
  const horizonDays = parseDays('--horizon', opts.horizon);
  const from = opts.from === undefined ? undefined : parseDay('--from', opts.from);
  const to = opts.to === undefined ? undefined : parseDay('--to', opts.to);
  if (from && to && to < from) throw new UserError('BAD_RANGE', `--from (${from}) must not be after --to (${to})`);
  const span = dataSpan(ctx.openDb());
  if (!span) throw new UserError('NO_DATA', 'the database has no dated data (usage, revenue, tickets, NPS); import some first');
  const signal = signalStart(behaviouralStarts(ctx.openDb()));
  const earliest = signal && signal > span.first ? signal : span.first;
  if (!from && !to && every === undefined) {
    const dates = defaultDates({ first: earliest, last: span.last }, horizonDays, count);
    if (!dates.length) {
      const since = earliest === span.first ? '' : ` since the scored signal starts (${earliest}: usage, tickets and NPS on record, usage with a full window)`;
      throw new UserError(
        'NO_HISTORY',
        `the data (${span.first} to ${span.last}) has no month-end${since} with ${horizonDays} days of data after it; try a shorter --horizon, or --from`,
      );
    }
    return { dates, horizonDays };
  }
  const end = to ?? addDays(span.last, -horizonDays);
  const step = every ?? 30;
  let start = from ?? addDays(end, -(count - 1) * step);
  // a default start steps forward to the first date at or after the signal start, on the same grid as --to
  if (!from && start < earliest && end >= earliest) start = addDays(end, -Math.floor(daysBetween(earliest, end) / step) * step);
  if (end < start) throw new UserError('BAD_RANGE', `--from (${start}) is after the last date with a full horizon (${end}); pass --to`);
  return { dates: backfillDates(start, end, step), horizonDays };
}

function writeCharts(dir: string, r: BacktestResult, rows: BacktestRow[]): string[] {
  mkdirSync(dir, { recursive: true });
  const all = rows.map((_, i) => i);
  const risk = Float64Array.from(rows, (x) => -x.score);
  const label = Uint8Array.from(rows, (x) => x.label);
  const range = `${r.from} to ${r.to}, churn within ${r.horizonDays} days`;
  const files: [string, () => Buffer][] = [
    ['backtest-roc.png', () => rocCurvePng(rocPoints(risk, label, all), { title: `ROC: health score vs churn (${range})`, auc: r.headline.auc })],
    ['backtest-deciles.png', () => churnByDecilePng(r.headline.deciles, { title: `Churn rate by score decile (${range})`, baseRate: r.headline.baseRate })],
  ];
  return files.map(([name, png]) => {
    const path = resolve(join(dir, name));
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, png());
    renameSync(tmp, path);
    return path;
  });
}

export function registerBacktest(program: Command, ctx: CliContext): void {
  program
    .command('backtest')
    .description('Score past dates as the scheduler would have and measure how well the score predicted churn')
    .option('--from <date>', 'first as-of date (YYYY-MM-DD); default: 12 steps before --to')
    .option('--to <date>', 'last as-of date (YYYY-MM-DD); default: the last date with a full horizon of data after it')
    .option('--every <days>', 'step between as-of dates, e.g. 30d (default: month-ends, or 30d with --from/--to)')
    .option('--horizon <days>', 'an account is a churner at T when it churns in (T, T + horizon]', '90d')
    .option('--json', 'print the full result as JSON to stdout (the tables go to stderr)')
    .option('--charts <dir>', 'write PNG charts (ROC curve, churn rate by score decile) to this folder')
    .action((opts: BacktestOptions) => {
      const config = ctx.config();
      const { dates, horizonDays } = backtestDates(ctx, opts);
      const db = ctx.openDb();
      ctx.progress(`backtest: scoring ${dates.length} dates from ${dates[0]} to ${dates[dates.length - 1]} (churn within ${horizonDays} days)`);
      const { result, rows } = runBacktest(db, {
        dates,
        horizonDays,
        config,
        onDate: (done, total, s) =>
          ctx.progress(`[${done}/${total}] ${s.date}: ${s.scored} accounts scored, ${s.churners} churned within ${horizonDays} days (${s.ms} ms)`),
      });
      ctx.progress('');
      const say = opts.json ? ctx.err : ctx.out;
      for (const l of backtestReport(result)) say(l);
      if (opts.charts) for (const p of writeCharts(opts.charts, result, rows)) say(`chart written: ${p}`);
      const fingerprint = scoringFingerprint(config.scoring);
      const id = saveBacktestRun(db, result, new Date().toISOString(), fingerprint);
      say(
        `Saved as backtest run ${id} (scoring config ${fingerprint}): the leadership digest and account cards quote it while the live config scores the same way.`,
      );
      if (opts.json) ctx.out(JSON.stringify(result));
    });
}
