/**
 * Weekly leadership digest (pure: metrics in, Block Kit JSON out). Every account- or user-supplied string
 * is escaped. Owners are plain names unless `mentionOwners` (then real mentions, only for well-formed Slack ids).
 */
import type { ChurnLikelihoods } from '../src/domain/churn-likelihood';
import { change, mention, money, pct, plural, shortDate, value, withChange } from './digest-format';
import { escapeMrkdwn, truncate } from '../src/lib/mrkdwn';
import { type Block, cell, context, divider, fields, header, linesSection, safeName, section, staleContext } from './digest-parts';
import { TIERS } from '../src/domain/tier';
import { tierEmoji } from './format';
import { trustStatement } from './trust';
import type { BacktestView } from './view-models/common';
import type { AccountLineView as AccountLine, InterventionRowView as InterventionRow, LeadershipMetricsView as PortfolioMetrics } from './view-models/digest';

export interface LeadershipDigestInput {
  week: string;
  metrics: PortfolioMetrics;
  intervention: InterventionRow[];
  costPerAccount: number;
  /** the churn likelihoods the intervention estimate used, and where they came from */
  churnLikelihood: ChurnLikelihoods;
  /** owners as Slack mentions; default false: plain names, nobody in the channel is pinged */
  mentionOwners?: boolean;
  /** owners' display names by Slack id and by email (team members) */
  ownerNames?: ReadonlyMap<string, string>;
  /** the movers' minimum score change, said in their heading */
  moverMinPoints?: number;
  /** the latest backtest (how far the score can be trusted); null or absent: not validated yet */
  validation?: BacktestView | null;
  /** backtests exist, but none with the live scoring config (then `validation` is null) */
  validationOtherConfig?: boolean;
  /** titles of the chart images posted with the digest */
  chartTitles?: string[];
  topAccounts?: number;
  /** stale data sources, said under the heading ("usage data last updated 695 days ago …") */
  dataWarnings?: string[];
}

export interface DigestMessage {
  text: string;
  blocks: Block[];
}

type OwnerOf = (a: { ownerSlackId: string | null; ownerEmail?: string | null }) => string;

/** A real mention only when asked for; otherwise the owner's name (or email, or bare id) as escaped text. */
function ownerFormatter(mentionOwners: boolean, names: ReadonlyMap<string, string> | undefined): OwnerOf {
  return (a) => {
    const m = mentionOwners ? mention(a.ownerSlackId) : null;
    if (m) return m;
    const name = (a.ownerSlackId && names?.get(a.ownerSlackId)) || (a.ownerEmail && names?.get(a.ownerEmail)) || a.ownerEmail || a.ownerSlackId;
    return name ? escapeMrkdwn(name) : '_no owner_';
  };
}

function driversText(a: AccountLine): string {
  if (!a.drivers.length) return '';
  return ` — ${a.drivers.map((d) => escapeMrkdwn(truncate(d.reason || d.id, 70))).join('; ')}`;
}

function headline(m: PortfolioMetrics): Block[] {
  const h = m.headline;
  const p = `${m.periodDays}d`;
  return [
    fields([
      `*Total ARR*\n${withChange(h.totalArr, 'money')}`,
      `*At-risk ARR*\n${value(h.atRiskArr, 'money')} (${pct(h.atRiskShare.value)})  ${change(h.atRiskArr, 'money')}`,
      `*NRR (12 months)*\n${withChange(h.nrrTtm, 'ratio')}`,
      `*GRR (12 months)*\n${withChange(h.grrTtm, 'ratio')}`,
      `*NRR (last ${p})*\n${withChange(h.nrrPeriod, 'ratio')}`,
      `*GRR (last ${p})*\n${withChange(h.grrPeriod, 'ratio')}`,
      `*Logo churn (12 months)*\n${withChange(h.logoChurnTtm, 'ratio')}`,
      `*Average health*\n${withChange(h.averageHealth, 'score')}`,
      `*Customers*\n${withChange(h.customers, 'count')}`,
      `*Renewals in 90 days*\n${value(h.renewals90Count, 'count')} · ${money(h.renewals90Arr.value)} (${money(h.renewals90AtRiskArr.value)} at risk)`,
    ]),
    fields([
      `*Churned ARR (last ${p})*\n${withChange(h.churnedArrPeriod, 'money')}`,
      `*Contraction ARR (last ${p})*\n${withChange(h.contractionArrPeriod, 'money')}`,
      `*Expansion ARR (last ${p})*\n${withChange(h.expansionArrPeriod, 'money')}\n${expansionSplit(m.retentionPeriod.expansion)}`,
      `*Logo churn (last ${p})*\n${withChange(h.logoChurnPeriod, 'ratio')} (${m.retentionPeriod.churnedAccounts} of ${m.retentionPeriod.startingAccounts})`,
      `*Churn / contraction / expansion (12 months)*\n${money(m.retentionTtm.churnedArr)} / ${money(m.retentionTtm.contractionArr)} / ${money(m.retentionTtm.expansionArr)}`,
      `*Expansion mix (12 months)*\n${expansionSplit(m.retentionTtm.expansion)}`,
    ]),
  ];
}

function expansionSplit(e: PortfolioMetrics['retentionPeriod']['expansion']): string {
  const parts = [
    ['seats', e.seat],
    ['upgrades', e.upgrade],
    ['cross-sell', e.cross_sell],
    ['other', e.unspecified],
  ].filter(([, v]) => (v as number) > 0);
  return parts.length ? parts.map(([k, v]) => `${k} ${money(v as number)}`).join(' · ') : '_none_';
}

function distribution(m: PortfolioMetrics): Block {
  const lines = m.tiers.map(
    (t) =>
      `${tierEmoji(t.tier)} *${t.tier}*  ${plural(t.count, 'account')} (${change({ value: t.count, previous: t.previousCount, change: t.count - t.previousCount }, 'count')}) · ${money(t.arr)}`,
  );
  const unscored =
    m.headline.customers.value !== null && m.headline.accountsScored.value !== null ? m.headline.customers.value - m.headline.accountsScored.value : 0;
  if (unscored > 0) lines.push(`_${unscored} customers have no health score yet_`);
  return section(`*Health distribution*\n${lines.join('\n')}`);
}

function bySegment(m: PortfolioMetrics): Block {
  const lines = m.atRiskBySegment.map(
    (s) =>
      `• *${safeName(s.segment, 40)}*: ${money(s.atRiskArr)} at risk of ${money(s.totalArr)} (${pct(s.share)}) · ${s.atRiskAccounts}/${s.accounts} accounts`,
  );
  return linesSection('*At-risk ARR by plan tier*', lines, 'no accounts');
}

function matrix(m: PortfolioMetrics): Block {
  const { industries, rows } = m.riskMatrix;
  if (!rows.length) return section('*Where risk concentrates (plan tier × industry)*\n_No at-risk ARR._');
  const w = 11;
  const head = `${cell('Plan tier', 12)} ${industries.map((i) => cell(i, w, 'right')).join(' ')} ${cell('Total', w, 'right')}`;
  const body = rows
    .slice(0, 12)
    .map((r) => `${cell(r.segment, 12)} ${r.cells.map((c) => cell(c ? money(c) : '-', w, 'right')).join(' ')} ${cell(money(r.total), w, 'right')}`);
  return section(`*Where risk concentrates (at-risk ARR, plan tier × industry)*\n\`\`\`\n${[head, ...body].join('\n')}\n\`\`\``);
}

function topAtRisk(m: PortfolioMetrics, n: number, owner: OwnerOf): Block {
  const lines = m.atRisk
    .slice(0, n)
    .map(
      (a, i) =>
        `${i + 1}. ${tierEmoji(a.tier ?? null)} *${safeName(a.name, 50)}* · ${money(a.arr)} · ${a.tier} ${a.score?.toFixed(0) ?? ''} · ${owner(a)}${driversText(a)}`,
    );
  return linesSection(`*Top ${n} at-risk accounts by ARR* (${m.atRisk.length} at risk in total)`, lines, 'No accounts are At-Risk or Critical.');
}

function renewals(m: PortfolioMetrics, owner: OwnerOf): Block {
  const risky = m.renewals90.filter((r) => r.atRisk);
  const lines = risky
    .slice()
    .sort((a, b) => b.arr - a.arr)
    .map(
      (r) =>
        `• *${safeName(r.name, 50)}* renews ${shortDate(r.renewalDate!)} · ${money(r.arr)} · ${r.tier ?? 'unscored'}${r.score !== null ? ` ${r.score.toFixed(0)}` : ''}${r.renewalStatus === 'at_risk' ? ' · marked at risk' : ''} · ${owner(r)}`,
    );
  const total = risky.reduce((s, r) => s + r.arr, 0);
  return linesSection(
    `*Renewals at risk in the next 90 days*: ${risky.length} of ${m.renewals90.length} (${money(total)})`,
    lines,
    'None of the upcoming renewals is at risk.',
    10,
  );
}

function moversBlock(m: PortfolioMetrics, minPoints: number): Block {
  const fmt = (x: PortfolioMetrics['movers']['drops'][number]) =>
    `• *${safeName(x.name, 40)}* ${x.from.toFixed(0)} → ${x.to.toFixed(0)} (${x.change > 0 ? '▲' : '▼'} ${Math.abs(x.change).toFixed(0)}) · ${money(x.arr)}`;
  const lines = [
    ...(m.movers.drops.length ? ['_Largest drops_', ...m.movers.drops.map(fmt)] : []),
    ...(m.movers.gains.length ? ['_Largest gains_', ...m.movers.gains.map(fmt)] : []),
  ];
  const rule = `ranked by points × ARR${minPoints > 0 ? `; moves under ${minPoints} points and` : ';'} $0 accounts left out`;
  return linesSection(
    `*Biggest movers (7 days, ${rule})* · ${value(m.headline.bigDrops, 'count')} fell 10+ points (${change(m.headline.bigDrops, 'count')})`,
    lines,
    'No score moves with ARR at stake over the last 7 days.',
  );
}

const p0 = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** Where the churn likelihoods came from, and the rates themselves: finance should see the assumption. */
export function churnSourceLine(c: ChurnLikelihoods): string {
  const rates = TIERS.map((t) => `${t} ${p0(c.rates[t])}`).join(' · ');
  if (c.source === 'backtest' && c.backtest) {
    const thin = c.defaultedTiers.length ? ` (default table for ${c.defaultedTiers.join(', ')}: too few account-dates)` : '';
    return `Churn likelihood from backtest of ${c.backtest.ranAt.slice(0, 10)} (churn within ${c.horizonDays} days, ${c.backtest.from} to ${c.backtest.to}): ${rates}${thin}`;
  }
  const why = c.otherConfig ? 'no backtest of the current scoring config' : 'no backtest yet';
  return `Churn likelihood from the default table (${why}; run \`bellwether backtest\`), churn within ${c.horizonDays} days: ${rates}`;
}

function intervention(rows: InterventionRow[], cost: number, churn: ChurnLikelihoods): Block {
  if (!rows.length || rows[0].accounts === 0) return section('*Intervention estimate*\n_No scored accounts with ARR at stake to work._');
  const effs = rows[0].scenarios.map((s) => s.effectiveness);
  const w = 15;
  const roi = (r: number | null) => (r === null ? 'n/a' : `${r >= 0 ? '' : '-'}${Math.abs(r * 100).toFixed(0)}%`);
  const head = `${cell('Work top', 9)} ${cell('ARR', 8, 'right')} ${cell('Exp. churn', 10, 'right')} ${cell('Cost', 7, 'right')} ${effs.map((e) => cell(`${Math.round(e * 100)}%: saved/ROI`, w, 'right')).join(' ')}`;
  const body = rows.map((r) => {
    const sc = r.scenarios.map((s) => cell(`${money(s.recoverableArr)}/${roi(s.roi)}`, w, 'right'));
    return `${cell(`${r.topN}${r.accounts < r.topN ? ` (${r.accounts})` : ''}`, 9)} ${cell(money(r.arr), 8, 'right')} ${cell(money(r.expectedArrAtRisk), 10, 'right')} ${cell(money(r.cost), 7, 'right')} ${sc.join(' ')}`;
  });
  return section(
    `*Intervention estimate* — work the top N accounts by expected ARR at risk (_Exp. churn_: ARR × churn likelihood of the account's health tier) at ${money(cost)} each. Recoverable ARR = expected ARR at risk × effectiveness (${effs.map((e) => `${Math.round(e * 100)}%`).join(' / ')}); ROI = (recovered − cost) / cost.\n\`\`\`\n${[head, ...body].join('\n')}\n\`\`\`\n_${churnSourceLine(churn)}_`,
  );
}

function operations(m: PortfolioMetrics): Block {
  const h = m.headline;
  return fields([
    `*Alert SLA compliance*\n${m.sla.eligible ? `${withChange(h.slaCompliance, 'ratio')} (${m.sla.met}/${m.sla.eligible} acknowledged in time)` : 'no alert came due this week'}`,
    `*Outreach logged*\n${withChange(h.outreachLogged, 'count')}`,
    `*Failed deliveries*\n${withChange(h.failedDeliveries, 'count')}`,
    `*Accounts scored*\n${withChange(h.accountsScored, 'count')}`,
  ]);
}

export function buildLeadershipDigest(input: LeadershipDigestInput): DigestMessage {
  const m = input.metrics;
  const n = input.topAccounts ?? 10;
  const h = m.headline;
  const owner = ownerFormatter(input.mentionOwners ?? false, input.ownerNames);
  const blocks: Block[] = [
    header(`Customer health — week ${input.week}`),
    context(`As of ${m.asOf} · week-over-week changes vs ${m.previousAsOf} · ▲ up ▼ down`),
    ...staleContext(input.dataWarnings),
    ...headline(m),
    divider,
    distribution(m),
    section(`*Can the score be trusted?*\n${trustStatement(input.validation, input.validationOtherConfig)}`),
    bySegment(m),
    matrix(m),
    divider,
    topAtRisk(m, n, owner),
    renewals(m, owner),
    moversBlock(m, input.moverMinPoints ?? 0),
    divider,
    intervention(input.intervention, input.costPerAccount, input.churnLikelihood),
    operations(m),
    context(
      `GRR = (start ARR − churn − contraction) / start ARR; NRR adds expansion; churn = cancelled and not reactivated within 30 days; at-risk = At-Risk or Critical tier.${
        input.chartTitles?.length ? ` Charts posted below: ${input.chartTitles.map((t) => escapeMrkdwn(t)).join(', ')}.` : ''
      }`,
    ),
  ];
  const text = [
    `Customer health — week ${input.week} (as of ${m.asOf})`,
    `Total ARR ${withChange(h.totalArr, 'money')}; NRR 12m ${withChange(h.nrrTtm, 'ratio')}; GRR 12m ${withChange(h.grrTtm, 'ratio')}`,
    `At-risk ARR ${value(h.atRiskArr, 'money')} (${pct(h.atRiskShare.value)}) ${change(h.atRiskArr, 'money')}; ${m.atRisk.length} accounts at risk; average health ${value(h.averageHealth, 'score')}`,
    trustStatement(input.validation, input.validationOtherConfig),
    `Renewals at risk in 90 days: ${m.renewals90.filter((r) => r.atRisk).length}; SLA compliance ${value(h.slaCompliance, 'ratio')}; outreach logged ${value(h.outreachLogged, 'count')}; failed deliveries ${value(h.failedDeliveries, 'count')}`,
  ].join('\n');
  return { text: escapeMrkdwn(text), blocks };
}
