/** Plain-text rendering of the cohort layer for the CLI: aligned columns, one row per cohort. */
import { money } from '../../blocks/format';
import type { ChurnDrivers, DriverRank } from './drivers';
import type { Triangle } from './triangle';
import type { TtvSummary } from './ttv';

export const pct = (v: number | null | undefined): string => (v === null || v === undefined ? '' : `${Math.round(v * 100)}%`);

/** Columns padded to their widest cell; the first `left` columns left-aligned, the rest right-aligned. */
export function alignColumns(rows: string[][], left = 1): string[] {
  const w: number[] = [];
  for (const r of rows) r.forEach((c, i) => (w[i] = Math.max(w[i] ?? 0, c.length)));
  return rows.map((r) =>
    r
      .map((c, i) => (i < left ? c.padEnd(w[i]) : c.padStart(w[i])))
      .join('  ')
      .trimEnd(),
  );
}

export function formatTriangle(t: Triangle): string[] {
  const width = Math.max(1, ...t.rows.map((r) => r.retention.length));
  const months = Array.from({ length: width }, (_, k) => `M${k}`);
  const split = t.by !== undefined;
  const baseHead = t.metric === 'logo' ? [] : ['ARR M0'];
  const head = [...(split ? [t.by === 'onboarding' ? 'onboarding' : 'plan tier'] : []), 'cohort', 'size', ...baseHead, ...months];
  const cells = (r: Array<number | null>) => months.map((_, k) => (k < r.length ? pct(r[k]) || 'n/a' : ''));
  const rows = t.rows.map((r) => [
    ...(split ? [r.key ?? ''] : []),
    r.cohort,
    String(r.size),
    ...(t.metric === 'logo' ? [] : [money(r.base)]),
    ...cells(r.retention),
  ]);
  const avg = t.curves.map((c) => [...(split ? [c.key] : []), 'weighted', String(c.size), ...(t.metric === 'logo' ? [] : ['']), ...cells(c.retention)]);
  return alignColumns([head, ...rows, ...avg], split ? 2 : 1);
}

export function formatTtv(rows: TtvSummary[], keyEvents: number, activationDays: number): string[] {
  const head = ['plan tier', 'observed', `activated ≤${activationDays}d`, 'reached value', 'median days', 'p75 days'];
  const body = rows.map((r) => [
    r.key,
    String(r.observed),
    r.observed ? `${r.activated} (${pct(r.activated / r.observed)})` : '0',
    String(r.reached),
    r.medianDays === null ? 'n/a' : String(Math.round(r.medianDays)),
    r.p75Days === null ? 'n/a' : String(Math.round(r.p75Days)),
  ]);
  return [`Time to first value (first day with ${keyEvents}+ key events; accounts whose signup the usage data covers):`, ...alignColumns([head, ...body])];
}

function rankLines(title: string, ranks: DriverRank[], limit: number): string[] {
  const body = ranks.slice(0, limit).map((r, i) => [`${i + 1}. ${r.label}`, `${r.churns} churn${r.churns === 1 ? '' : 's'}`, money(r.lostArr)]);
  return [title, ...alignColumns(body).map((l) => `  ${l}`), ...(ranks.length > limit ? [`  …and ${ranks.length - limit} more`] : [])];
}

export function formatDrivers(d: ChurnDrivers, limit = 8): string[] {
  if (!d.churns) return [`Churn drivers ${d.from} to ${d.to}: no churn in these 12 months.`];
  return [
    `Churn drivers ${d.from} to ${d.to}: ${d.churns} churns, ${money(d.lostArr)} ARR lost`,
    ...rankLines(' by recorded churn reason:', d.byReason, limit),
    ...rankLines(' by the top driver of the last health score before churn:', d.byScoreDriver, limit),
  ];
}
