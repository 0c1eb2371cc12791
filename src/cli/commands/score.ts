/** `bellwether score`: score all accounts as of a date, or backfill history over a date range. */
import type { Command } from 'commander';
import { UserError } from '../../lib/errors';
import { daysBetween, isCalendarDay, todayIn } from '../../lib/dates';
import { LONG_AGO_DAYS, newestData, staleStatements } from '../../scoring/freshness';
import { backfill, backfillDates, runScoring, type ScoringSummary } from '../../scoring/run';
import { COMPONENTS, type ScoredAccount, TIERS } from '../../scoring/types';
import { moneyExact } from '../../domain/format';
import type { CliContext } from '../context';

interface ScoreOptions {
  asOf?: string;
  json?: boolean;
  from?: string;
  to?: string;
  every?: string;
}

function day(flag: string, value: string): string {
  if (!isCalendarDay(value)) throw new UserError('BAD_DATE', `${flag} must be a calendar date YYYY-MM-DD, got "${value}"`);
  return value;
}

function everyDays(value: string): number {
  const m = /^(\d+)d$/.exec(value.trim());
  if (!m || Number(m[1]) < 1) throw new UserError('BAD_EVERY', `--every must be a number of days such as 7d, got "${value}"`);
  return Number(m[1]);
}

export function summaryLines(s: ScoringSummary): string[] {
  const skipped = s.skipped ? `, ${s.skipped} skipped (not signed up yet or churned)` : '';
  return [
    `Scored ${s.accounts} accounts as of ${s.asOf} in ${s.durationMs} ms${skipped}; mean data coverage ${Math.round(s.coverage * 100)}%`,
    `  ${TIERS.map((t) => `${t} ${s.tiers[t]}`).join(' · ')}`,
    `  At-risk ARR (At-Risk + Critical): ${moneyExact(s.atRiskArr)}`,
    ...freshnessLines(s),
  ];
}

/** Stale sources, and a loud warning when all the data ended long before the as-of date. */
export function freshnessLines(s: ScoringSummary): string[] {
  const f = s.freshness ?? [];
  const lines = staleStatements(f).map((l) => `  Stale: ${l}; coverage counts it as missing`);
  const newest = newestData(f);
  if (newest && daysBetween(newest, s.asOf) > LONG_AGO_DAYS) {
    lines.unshift(
      `WARNING: the newest data ends ${newest}, ${daysBetween(newest, s.asOf)} days before ${s.asOf}: these scores describe the past, ` +
        `not today. Import current data, or score as of the data's end with --as-of ${newest}.`,
    );
  }
  return lines;
}

/** One account's score as a JSON line, with the component breakdown behind it. */
export function scoreJson(s: ScoredAccount): Record<string, unknown> {
  return {
    id: s.accountId,
    name: s.name,
    asOf: s.asOf,
    score: s.score,
    tier: s.tier,
    coverage: s.coverage,
    components: Object.fromEntries(
      COMPONENTS.map((c) => {
        const r = s.components[c];
        return [
          c,
          { score: r.score, points: r.contribution, weight: r.weight, effectiveWeight: r.effectiveWeight, parts: r.parts ?? {}, penalty: r.penalty ?? 0 },
        ];
      }),
    ),
    drivers: s.drivers,
    expansion: s.expansion,
    quadrant: s.quadrant,
    onboarding: s.onboarding,
  };
}

export function registerScore(program: Command, ctx: CliContext): void {
  program
    .command('score')
    .description('Score every account as of a date (default: today), or backfill history with --from/--to')
    .option('--as-of <date>', 'score as of this date (YYYY-MM-DD), using only data up to it')
    .option('--json', 'also print one JSON line per account to stdout (summary goes to stderr)')
    .option('--from <date>', 'backfill: first as-of date (YYYY-MM-DD)')
    .option('--to <date>', 'backfill: last as-of date (YYYY-MM-DD)')
    .option('--every <days>', 'backfill: step between dates, e.g. 7d', '1d')
    .action((opts: ScoreOptions) => {
      const config = ctx.config();
      if (opts.from !== undefined || opts.to !== undefined) {
        if (opts.asOf !== undefined) throw new UserError('BAD_FLAGS', '--as-of cannot be combined with --from/--to');
        if (opts.from === undefined) throw new UserError('BAD_FLAGS', '--to needs --from (backfill a range)');
        if (opts.to === undefined) throw new UserError('BAD_FLAGS', '--from needs --to (backfill a range)');
        const from = day('--from', opts.from);
        const to = day('--to', opts.to);
        if (to < from) throw new UserError('BAD_RANGE', `--from (${from}) must not be after --to (${to})`);
        const step = everyDays(opts.every ?? '1d');
        const dates = backfillDates(from, to, step);
        const db = ctx.openDb();
        const started = performance.now();
        ctx.progress(`backfilling ${dates.length} dates from ${from} to ${to} every ${step}d`);
        const runs = backfill(db, {
          from,
          to,
          everyDays: step,
          config: config.scoring,
          onProgress: (done, total, s) =>
            ctx.progress(`[${done}/${total}] ${s.asOf}: ${s.accounts} accounts, ${s.tiers['At-Risk'] + s.tiers.Critical} at risk (${s.durationMs} ms)`),
        });
        const rows = runs.reduce((a, r) => a + r.accounts, 0);
        ctx.err(`Backfilled ${runs.length} dates (${rows} score rows) in ${Math.round(performance.now() - started)} ms`);
        const last = runs[runs.length - 1];
        for (const l of summaryLines(last)) ctx.err(l);
        return;
      }
      const asOf = opts.asOf !== undefined ? day('--as-of', opts.asOf) : todayIn(config.timezone);
      const db = ctx.openDb();
      const summary = runScoring(db, {
        asOf,
        config: config.scoring,
        keepScores: Boolean(opts.json),
        onProgress: (done, total) => {
          if (done > 0 && done < total) ctx.progress(`scoring: ${done}/${total} accounts scored`);
        },
      });
      if (opts.json) {
        for (const s of summary.scores ?? []) {
          ctx.out(JSON.stringify(scoreJson(s)));
        }
        for (const l of summaryLines(summary)) ctx.err(l);
      } else {
        for (const l of summaryLines(summary)) ctx.out(l);
      }
    });
}
