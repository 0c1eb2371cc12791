/** `bellwether calibrate`: fit weights and tier thresholds to the user's churn history; write a proposed config. */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_CONFIG_FILE } from '../../config/load';
import { UserError } from '../../lib/errors';
import { COMPONENTS } from '../../scoring/types';
import { CALIBRATION_MINIMUMS, type CalibrationResult, MIN_FIT_AUC, calibrate } from '../../validation/calibrate';
import { MIN_TIER_SHARE, type WeightFit } from '../../validation/fit';
import { type Headline, tierInversions } from '../../validation/measure';
import { proposedConfigYaml } from '../../validation/proposed-config';
import { f2, f3, pct, table } from '../../validation/report';
import type { CliContext } from '../context';
import { backtestDates } from './backtest';

interface CalibrateOptions {
  from?: string;
  to?: string;
  every?: string;
  horizon: string;
  out: string;
}

/** Below this holdout AUC a fit is called barely better than chance. */
export const WEAK_AUC = 0.6;

const weightsText = (w: Record<string, number>) => COMPONENTS.map((c) => `${c} ${w[c]}`).join(', ');

function beforeAfter(b: Headline, a: Headline): string[] {
  const tierRate = (h: Headline, t: string) => pct(h.tiers.find((x) => x.tier === t)?.rate ?? null);
  return table(
    ['holdout', 'current', 'proposed'],
    [
      ['AUC (within dates)', f3(b.auc), f3(a.auc)],
      ['lift in lowest 10%', f2(b.lift10), f2(a.lift10)],
      ['surprise churn', `${b.surprise.churners}/${b.churners} (${pct(b.surprise.share)})`, `${a.surprise.churners}/${a.churners} (${pct(a.surprise.share)})`],
      ['At-Risk+Critical precision', pct(b.precision), pct(a.precision)],
      ['At-Risk+Critical recall', pct(b.recall), pct(a.recall)],
      ...b.tiers.map((t) => [`churn rate ${t.tier}`, tierRate(b, t.tier), tierRate(a, t.tier)]),
    ],
  );
}

const unchanged = (w: Pick<WeightFit, 'rejected'>) =>
  w.rejected === 'noise'
    ? 'unchanged (a fit on the older training dates did worse than the current weights on the newer ones: noise)'
    : w.rejected === 'chance'
      ? `unchanged (the best weights still rank churners near chance, training AUC below ${MIN_FIT_AUC})`
      : 'unchanged (no weights do better)';

/** What each component reads, for "its weight goes to 0: … no longer count". */
const COMPONENT_SIGNALS: Record<(typeof COMPONENTS)[number], string> = {
  usage: 'active users, logins, key events and their trend',
  engagement: 'NPS, login recency, seat use, feature adoption and integrations',
  support: 'tickets (open load, oldest open ticket, volume) and CSAT',
  financial: 'ARR trend and renewal status',
};

/** "engagement weight 0: NPS, … no longer count" for every weight the proposal takes to 0. */
function zeroWeights(r: CalibrationResult): string[] {
  const out: string[] = [];
  const dropped = (label: string, now: Record<string, number>, was: Record<string, number>) => {
    for (const c of COMPONENTS) if (now[c] === 0 && was[c] > 0) out.push(`${label}${c} weight 0: ${COMPONENT_SIGNALS[c]} no longer count`);
  };
  if (r.weights?.changed) dropped('', r.weights.weights, r.weights.current);
  for (const s of r.segments ?? []) if (s.changed) dropped(`Segment ${s.segment}: `, s.weights, s.current);
  if (r.parts?.changed)
    for (const [c, ps] of Object.entries(r.parts.partWeights ?? {}))
      for (const [p, w] of Object.entries(ps ?? {})) if (w === 0) out.push(`sub-score ${c}.${p} weight 0: it no longer counts in ${c}`);
  return out;
}

/** The proposal changes something (weights, segments, sub-scores or tiers). */
export function proposesChange(r: CalibrationResult): boolean {
  return !!(r.weights?.changed || r.segments?.some((x) => x.changed) || r.parts?.changed || r.tiers?.changed);
}

/** Whether the tiers' churn rates hold their order on the holdout, in plain words. */
function holdoutOrder(h: Headline, which: 'current' | 'proposed'): string[] {
  const inv = tierInversions(h.tiers);
  if (!inv.length) return [`On the holdout the ${which} tiers' churn rates are ordered too (each tier churns at least as much as every better one).`];
  return [
    `On the holdout the ${which} tiers' churn rates are NOT ordered: ${inv.map((x) => `${x.worse} ${pct(x.worseRate)} vs ${x.better} ${pct(x.betterRate)}`).join('; ')}. On the newest dates a worse tier did not mean more churn.`,
  ];
}

export function calibrationReport(r: CalibrationResult): string[] {
  const out = [
    `Training dates: ${r.trainDates.length ? `${r.trainDates[0]} … ${r.trainDates[r.trainDates.length - 1]} (${r.trainDates.length})` : 'none'}, ${r.trainChurners} churners`,
    `Holdout dates (newest): ${r.testDates.length ? `${r.testDates[0]} … ${r.testDates[r.testDates.length - 1]} (${r.testDates.length})` : 'none'}, ${r.testChurners} churners`,
  ];
  if (r.thinDates.length) out.push('Left out of training (the scored signal did not exist yet):', ...r.thinDates.map((t) => `  warning: ${t.message}`));
  if (r.gapDates.length) out.push(`Left out between them (their horizon reaches into the holdout): ${r.gapDates.join(', ')}`);
  if (r.problems.length) {
    out.push('', 'Not enough history to trust a fit:', ...r.problems.map((p) => `  - ${p}`));
    const m = CALIBRATION_MINIMUMS;
    out.push(
      `(minimums: ${m.trainDates} training dates, ${m.trainChurners} training churners, ${m.testChurners} holdout churners, ${m.segmentChurners} per segment)`,
    );
    if (r.before)
      out.push(
        '',
        'Current model on the holdout dates:',
        `  AUC ${f3(r.before.auc)} · lift ${f2(r.before.lift10)}× · surprise churn ${pct(r.before.surprise.share)}`,
      );
    return out;
  }
  const w = r.weights!;
  out.push(
    '',
    `Component weights: ${w.changed ? `${weightsText(r.proposed!.weights)} (was ${weightsText(w.current)})` : unchanged(w)}; training AUC ${f3(w.currentAuc)} → ${f3(w.auc)}`,
  );
  for (const s of r.segments ?? [])
    out.push(
      `Segment ${s.segment} (${s.churners} churners): ${s.changed ? `own weights ${weightsText(s.weights)} (was ${weightsText(s.current)})` : `global weights kept: ${unchanged(s)}`}; training AUC ${f3(s.currentAuc)} → ${f3(s.auc)}`,
    );
  for (const s of r.thinSegments ?? [])
    out.push(`Segment ${s.segment}: ${s.churners} churners, too few for its own weights (needs ${CALIBRATION_MINIMUMS.segmentChurners})`);
  const pf = r.parts!;
  const partText = Object.entries(pf.partWeights ?? {})
    .flatMap(([c, ps]) => Object.entries(ps ?? {}).map(([p, w]) => `${c}.${p} ${w}`))
    .join(', ');
  out.push(
    `Sub-score weights: ${pf.changed ? `${partText || 'built-in'} (others built-in)` : unchanged(pf)}; training AUC ${f3(pf.currentAuc)} → ${f3(pf.auc)}`,
  );
  out.push(...zeroWeights(r));
  const t = r.tiers!;
  const tt = t.tiers;
  const thresholds = `thriving ${tt.thriving}, healthy ${tt.healthy}, neutral ${tt.neutral}, atRisk ${tt.atRisk}`;
  const keep = `every tier keeps at least ${pct(MIN_TIER_SHARE, 0)} of account-dates, or its current share if smaller`;
  out.push(
    !t.ordered
      ? `Tier thresholds: ${thresholds}; no threshold set orders the tiers' churn rates on the training dates`
      : t.changed
        ? `Tier thresholds: ${thresholds} (carried over to the new scores by share of account-dates, then ordered by churn rate on the training dates; ${keep})`
        : `Tier thresholds: unchanged (the tiers' churn rates are ordered on the training dates; ${keep})`,
  );
  if (t.smallTiers.length) out.push(`  note: no ordered threshold set keeps ${t.smallTiers.join(', ')} at its minimum share of account-dates`);
  out.push(...holdoutOrder(r.after!, proposesChange(r) ? 'proposed' : 'current'));
  out.push('', ...beforeAfter(r.before!, r.after!));
  if (r.after!.auc != null && r.after!.auc < WEAK_AUC) {
    out.push(
      proposesChange(r)
        ? `Warning: even the fitted model ranks churners barely better than chance on the holdout (AUC ${f3(r.after!.auc)}). The data may not hold what predicts churn here; new weights cannot put it there, so treat this proposal with caution.`
        : `Warning: the model ranks churners barely better than chance on the holdout (AUC ${f3(r.after!.auc)}), and no fit does better. The data may not hold what predicts churn here; new weights cannot put it there.`,
    );
  }
  if (r.subScores?.length) {
    out.push('', 'Sub-scores on the training dates, each alone');
    out.push(
      ...table(
        ['sub-score', 'rows with data', 'AUC'],
        r.subScores.map((s) => [s.name, String(s.rows), f3(s.auc)]),
      ),
    );
  }
  return out;
}

export function registerCalibrate(program: Command, ctx: CliContext): void {
  program
    .command('calibrate')
    .description('Fit weights and tier thresholds to your churn history (time-ordered holdout) and write a proposed config file')
    .option('--from <date>', 'first as-of date (YYYY-MM-DD); default: 24 steps before --to')
    .option('--to <date>', 'last as-of date (YYYY-MM-DD); default: the last date with a full horizon of data after it')
    .option('--every <days>', 'step between as-of dates, e.g. 30d (default: month-ends, or 30d with --from/--to)')
    .option('--horizon <days>', 'an account is a churner at T when it churns in (T, T + horizon]', '90d')
    .option('--out <file>', 'where to write the proposed config (never the live config)', 'bellwether.config.proposed.yml')
    .action((opts: CalibrateOptions) => {
      const config = ctx.config();
      const live = ctx.globals().config ?? (existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : undefined);
      if (live && resolve(live) === resolve(opts.out)) {
        throw new UserError('BAD_OUT', `--out ${opts.out} is the live config; calibrate only proposes (pick another file, review it, then copy it over)`);
      }
      const { dates, horizonDays } = backtestDates(ctx, opts, 24);
      const db = ctx.openDb();
      ctx.progress(`calibrate: scoring ${dates.length} dates from ${dates[0]} to ${dates[dates.length - 1]} (churn within ${horizonDays} days)`);
      const r = calibrate(db, {
        dates,
        horizonDays,
        config,
        onDate: (done, total, s) => ctx.progress(`[${done}/${total}] ${s.date}: ${s.scored} accounts scored, ${s.churners} churned (${s.ms} ms)`),
      });
      ctx.progress('');
      for (const l of calibrationReport(r)) ctx.out(l);
      if (r.problems.length) {
        ctx.out('No config proposed.');
        ctx.exitCode = 1;
        return;
      }
      if (!proposesChange(r)) {
        ctx.out('Nothing to change: the best fit is the current model. No config proposed.');
        return;
      }
      const header = [
        `Proposed by \`bellwether calibrate\` on ${new Date().toISOString().slice(0, 10)} from churn within ${horizonDays} days.`,
        `Trained on ${r.trainDates[0]} … ${r.trainDates[r.trainDates.length - 1]}; holdout ${r.testDates[0]} … ${r.testDates[r.testDates.length - 1]}:`,
        `AUC ${f3(r.before!.auc)} → ${f3(r.after!.auc)}, lift ${f2(r.before!.lift10)} → ${f2(r.after!.lift10)}, surprise churn ${pct(r.before!.surprise.share)} → ${pct(r.after!.surprise.share)}.`,
        `Review it, then copy it over your live config${live ? ` (${live})` : ''} to use it.`,
      ];
      const text = proposedConfigYaml(live ? readFileSync(live, 'utf8') : null, r.proposed!, header);
      const tmp = `${opts.out}.${process.pid}.tmp`;
      writeFileSync(tmp, text);
      renameSync(tmp, opts.out);
      ctx.out(`Proposed config written to ${opts.out}; the live config is unchanged.`);
    });
}
