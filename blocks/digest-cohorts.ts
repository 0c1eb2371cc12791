/** The leadership digest's monthly cohort block (first Monday of the month): pure Block Kit from computed figures. */
import { escapeMrkdwn } from '../src/lib/mrkdwn';
import { type Block, cell, context, divider, section } from './digest-parts';
import { money } from './format';
import type { ChurnDriversView, CohortTriangleView, DriverRankView, TtvView } from './view-models/digest';

export interface CohortDigestInput {
  asOf: string;
  /** both split by plan tier */
  logo: CohortTriangleView;
  revenue: CohortTriangleView;
  ttv: TtvView[];
  drivers: ChurnDriversView;
  activationDays: number;
  keyEvents: number;
  /** the months since start shown as columns */
  marks: readonly number[];
  chartTitle?: string;
}

const pctCell = (v: number | null | undefined) => (v === null || v === undefined ? '–' : `${Math.round(v * 100)}%`);

function table(input: CohortDigestInput): string {
  const marks = input.marks;
  const head = `${cell('plan tier', 12)} ${cell('accts', 5, 'right')} ${marks.map((k) => cell(`L M${k}`, 6, 'right')).join(' ')} ${marks
    .map((k) => cell(`NRR M${k}`, 7, 'right'))
    .join(' ')} ${cell('TTV med', 7, 'right')} ${cell(`act≤${input.activationDays}d`, 8, 'right')}`;
  const revenue = new Map(input.revenue.curves.map((c) => [c.key, c]));
  const ttv = new Map(input.ttv.map((t) => [t.key, t]));
  const body = input.logo.curves.map((c) => {
    const r = revenue.get(c.key);
    const t = ttv.get(c.key);
    return `${cell(c.key, 12)} ${cell(String(c.size), 5, 'right')} ${marks.map((k) => cell(pctCell(c.retention[k]), 6, 'right')).join(' ')} ${marks
      .map((k) => cell(pctCell(r?.retention[k]), 7, 'right'))
      .join(
        ' ',
      )} ${cell(t?.medianDays == null ? '–' : `${Math.round(t.medianDays)}d`, 7, 'right')} ${cell(t?.observed ? pctCell(t.activated / t.observed) : '–', 8, 'right')}`;
  });
  return `\`\`\`\n${[head, ...body].join('\n')}\n\`\`\``;
}

function ranked(ranks: DriverRankView[], n: number): string {
  return ranks
    .slice(0, n)
    .map((r) => `${escapeMrkdwn(r.label)} ${money(r.lostArr)} (${r.churns})`)
    .join(' · ');
}

export function cohortDigestBlocks(input: CohortDigestInput): Block[] {
  const d = input.drivers;
  const driversText = d.churns
    ? `*Churn drivers, ${d.from} to ${d.to}* — ${d.churns} churns, ${money(d.lostArr)} ARR lost\nBy stated reason: ${ranked(d.byReason, 3)}\nBy the score's top driver before churn: ${ranked(d.byScoreDriver, 3)}`
    : `*Churn drivers, ${d.from} to ${d.to}*\n_No churn in the last 12 months._`;
  return [
    divider,
    section(`*Signup cohorts by plan tier (monthly)* · as of ${input.asOf}\n${table(input)}`),
    section(driversText),
    context(
      `L = logo retention, NRR = net revenue retention, at M months after the signup month, weighted over the cohorts that reached it. TTV = days from signup to the first day with ${input.keyEvents}+ key events; act = share activated within ${input.activationDays} days. Full triangle: \`bellwether cohorts\`.${
        input.chartTitle ? ` Chart below: ${escapeMrkdwn(input.chartTitle)}.` : ''
      }`,
    ),
  ];
}
