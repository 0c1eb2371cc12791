/** Plain-text tables for `bellwether backtest` (what a person reads in the terminal). */
import { pctPrecise } from '../domain/format';
import type { BacktestResult } from './backtest';
import type { Headline, Rate, SignalRow } from './measure';

export const f2 = (x: number | null): string => (x == null ? 'n/a' : x.toFixed(2));
export const f3 = (x: number | null): string => (x == null ? 'n/a' : x.toFixed(3));
export const pct = (x: number | null, d = 1): string => (x == null ? 'n/a' : pctPrecise(x, d));

/** Fixed-width table: first column left-aligned, the others right-aligned. */
export function table(head: string[], body: string[][]): string[] {
  const w = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ');
  return [line(head), line(w.map((n) => '-'.repeat(n))), ...body.map(line)];
}

const rateCells = (r: Rate): string[] => [String(r.rows), String(r.churners), pct(r.rate)];

/** The headline figures of one set of scores (used by backtest and by calibrate's before/after). */
export function headlineLines(h: Headline): string[] {
  return [
    `AUC (pooled within dates) ${f3(h.auc)} · lift in lowest-scored 10% ${f2(h.lift10)}× · base churn rate ${pct(h.baseRate)} (${h.churners} of ${h.rows} account-dates)`,
    `At-Risk + Critical as a churn flag: precision ${pct(h.precision)}, recall ${pct(h.recall)}, flags ${pct(h.flaggedShare)} of account-dates`,
    `Surprise churn (churners that were Thriving or Healthy): ${h.surprise.churners} of ${h.churners} (${pct(h.surprise.share)})`,
  ];
}

function signalTable(rows: SignalRow[]): string[] {
  return table(
    ['signal', 'rows with data', 'AUC', 'lift@10%'],
    rows.map((s) => [`${s.kind} ${s.name}`, String(s.rows), f3(s.auc), f2(s.lift10)]),
  );
}

export function backtestReport(r: BacktestResult): string[] {
  const h = r.headline;
  const out: string[] = [];
  out.push(
    `Backtest: ${r.dates.length} dates from ${r.from} to ${r.to}, churn within ${r.horizonDays} days; ${r.accounts} accounts, ${h.rows} account-dates scored in ${r.durationMs} ms`,
  );
  if (r.shortHorizon.length)
    out.push(
      `warning: the data ends ${r.dataEnd}; ${r.shortHorizon.length} date(s) (${r.shortHorizon.join(', ')}) have less than ${r.horizonDays} days after them, so churn after the data ends is missed`,
    );
  for (const t of r.thinDates) out.push(`warning: ${t.message}`);
  if (r.undatedChurn) out.push(`note: ${r.undatedChurn} account(s) are marked churned with no churn date on record and are left out`);
  out.push('');
  out.push(...headlineLines(h));
  out.push(`Bootstrap 95% interval of the AUC (accounts resampled): ${r.aucInterval ? `${f3(r.aucInterval.low)}–${f3(r.aucInterval.high)}` : 'n/a'}`);
  out.push('', 'Per date');
  out.push(
    ...table(
      ['as of', 'scored', 'left out', 'churned', 'churn rate', 'AUC'],
      r.perDate.map((d) => [d.date, String(d.scored), String(d.excluded), String(d.churners), pct(d.scored ? d.churners / d.scored : null), f3(d.auc)]),
    ),
  );
  out.push('', 'Churn rate by tier');
  out.push(
    ...table(
      ['tier', 'account-dates', 'churned', 'churn rate'],
      h.tiers.map((t) => [t.tier, ...rateCells(t)]),
    ),
  );
  out.push('', 'Churn rate by score decile (1 = lowest scores at each date)');
  out.push(
    ...table(
      ['decile', 'scores', 'account-dates', 'churned', 'churn rate'],
      h.deciles.map((d) => [String(d.decile), d.minScore == null ? '-' : `${d.minScore}–${d.maxScore}`, ...rateCells(d)]),
    ),
  );
  out.push('', `Naive baselines on the same dates (model AUC ${f3(h.auc)})`);
  out.push(...signalTable(r.baselines));
  out.push('', 'Components, sub-scores and drivers (AUC over the rows where each has data; 0.5 = no better than chance)');
  out.push(...signalTable(r.signals));
  out.push('', "Alert rules' conditions on the backtest scores (opened = newly true at a date)");
  out.push(
    ...(r.rules.length
      ? table(
          ['rule', 'held', 'opened', 'churned', 'churn rate'],
          r.rules.map((x) => [x.rule, String(x.held), String(x.opened), String(x.churned), pct(x.rate)]),
        )
      : ['(no rule fired)']),
  );
  const ah = r.alertHistory;
  out.push('', 'Alert groups the app opened (by top reason)');
  if (ah.rules.length)
    out.push(
      ...table(
        ['rule', 'opened', 'churned', 'churn rate'],
        ah.rules.map((x) => [x.rule, String(x.opened), String(x.churned), pct(x.rate)]),
      ),
    );
  else out.push(`(none opened on or after ${r.from} with ${r.horizonDays} days of data after them)`);
  if (ah.tooRecent) out.push(`${ah.tooRecent} alert(s) opened too recently to know the outcome`);
  out.push('', 'Alert precision per rule, from the resolution reasons people gave (precision = not a false positive)');
  if (!ah.precision.length) out.push('(no group resolved with a reason yet)');
  else
    out.push(
      ...table(
        ['rule', 'judged', 'saved', 'churned', 'not actionable', 'false positive', 'precision'],
        ah.precision.map((x) => [
          x.rule,
          String(x.judged),
          String(x.saved),
          String(x.churned),
          String(x.notActionable),
          String(x.falsePositive),
          pct(x.precision),
        ]),
      ),
    );
  return out;
}
