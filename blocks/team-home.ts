/**
 * The team view (manager's and VP's App Home, `/health team`): a row per CSM (or per manager for the VP) with
 * the team rollup's numbers. Pure: renders the view models below, which the publisher fills from the team
 * rollup read model (src/book/team.ts); nothing here computes a figure beyond formatting it.
 */
import { escapeMrkdwn, truncate } from '../src/lib/mrkdwn';
import { ActionIds } from './action-ids';
import { money, mrkdwn, pct, plain, tierEmoji } from './format';
import type { Block, MessagePayload, View } from './types';

/** Acknowledged within SLA: `met` of the `decided` deadlines in the week. */
export interface SlaShareModel {
  met: number;
  decided: number;
}

export interface TeamFiguresModel {
  accounts: number;
  arr: number;
  atRiskArr: number;
  atRiskArrWeekAgo: number;
  openAlerts: number;
  overdueSteps: number;
  untouched: number;
  slaThisWeek: SlaShareModel;
  slaLastWeek: SlaShareModel;
}

export interface TeamRowModel extends TeamFiguresModel {
  name: string;
  kind: 'manager' | 'owner';
  /** the Home state one click on this row opens (its book, or a manager's team); none: no drill-down (unassigned) */
  open?: string;
}

export interface AtRiskAccountModel {
  id: string;
  name: string;
  arr: number;
  tier: string;
  score: number;
  ownerName: string | null;
}

export interface TeamHomeModel {
  title: string;
  today: string;
  noTouchDays: number;
  total: TeamFiguresModel;
  rows: TeamRowModel[];
  /** the VP's top at-risk accounts by ARR */
  topAtRisk?: AtRiskAccountModel[];
  /** the Home state of the whole scope's account list (more than one owner: expected-ARR order) */
  allAccounts: string;
  /** the Home state the Back button returns to (a VP inside a manager's team) */
  back?: string;
  /** this view's own state, kept in private_metadata */
  state: string;
}

/** Team rows shown at most (a Home holds 100 blocks; a message 50). */
export const TEAM_ROWS_HOME = 40;
export const TEAM_ROWS_MESSAGE = 40;
export const TOP_AT_RISK = 10;

export const ATTENTION_ORDER_TEXT = 'Needs attention first: overdue playbook steps and SLA misses this week, then at-risk ARR, then untouched accounts.';

function slaText(s: SlaShareModel): string {
  return s.decided ? `${pct(s.met / s.decided)} (${s.met}/${s.decided})` : '–';
}

function changeText(now: number, before: number): string {
  const d = now - before;
  if (d === 0) return '±$0 vs 7d ago';
  return `${d > 0 ? '▲ +' : '▼ '}${money(d)} vs 7d ago`;
}

/** One CSM's (or manager's) figures in two lines of mrkdwn. */
export function teamRowText(r: TeamRowModel, noTouchDays: number): string {
  const head = `*${escapeMrkdwn(truncate(r.name, 80))}*${r.kind === 'manager' ? ' (team)' : ''} · ${r.accounts} account${r.accounts === 1 ? '' : 's'} · ${money(r.arr)} ARR`;
  const risk = `at risk ${money(r.atRiskArr)} (${changeText(r.atRiskArr, r.atRiskArrWeekAgo)})`;
  const work = [
    `${r.openAlerts} open alert${r.openAlerts === 1 ? '' : 's'}`,
    `SLA ${slaText(r.slaThisWeek)} this week, ${slaText(r.slaLastWeek)} last`,
    `${r.overdueSteps} overdue step${r.overdueSteps === 1 ? '' : 's'}`,
    `${r.untouched} untouched ${noTouchDays}d`,
  ];
  return `${head}\n${risk} · ${work.join(' · ')}`;
}

function summaryFields(t: TeamFiguresModel, noTouchDays: number) {
  const share = t.arr > 0 ? ` (${pct(t.atRiskArr / t.arr)})` : '';
  return [
    mrkdwn(`*Accounts*\n${t.accounts} · ${money(t.arr)} ARR`),
    mrkdwn(`*At-risk ARR*\n${money(t.atRiskArr)}${share} · ${changeText(t.atRiskArr, t.atRiskArrWeekAgo)}`),
    mrkdwn(`*Open alerts*\n${t.openAlerts} · ${t.overdueSteps} overdue step${t.overdueSteps === 1 ? '' : 's'}`),
    mrkdwn(`*Acknowledged within SLA*\n${slaText(t.slaThisWeek)} this week · ${slaText(t.slaLastWeek)} last`),
    mrkdwn(`*Untouched ${noTouchDays}d*\n${t.untouched}`),
  ];
}

/** The manager's / VP's App Home: summary, a row per CSM (or manager) by attention, the VP's top at-risk accounts. */
export function teamHomeView(m: TeamHomeModel): View {
  const blocks: Block[] = [{ type: 'header', block_id: 'team_header', text: plain(truncate(`${m.title} · Bellwether`, 150)) }];
  const nav = [];
  if (m.back) nav.push({ type: 'button' as const, action_id: `${ActionIds.homeOpen}:back`, text: plain('← Back'), value: m.back });
  nav.push({ type: 'button' as const, action_id: `${ActionIds.homeOpen}:all`, text: plain('All accounts'), value: m.allAccounts });
  blocks.push({ type: 'actions', block_id: 'team_nav', elements: nav });
  blocks.push({ type: 'section', block_id: 'team_summary', fields: summaryFields(m.total, m.noTouchDays) });
  blocks.push({ type: 'context', block_id: 'team_order', elements: [mrkdwn(ATTENTION_ORDER_TEXT)] });
  const shown = m.rows.slice(0, TEAM_ROWS_HOME);
  shown.forEach((r, i) =>
    blocks.push({
      type: 'section',
      block_id: `team_row_${i}`,
      text: mrkdwn(truncate(teamRowText(r, m.noTouchDays), 3000)),
      ...(r.open
        ? {
            accessory: {
              type: 'button' as const,
              action_id: `${ActionIds.homeOpen}:row:${i}`,
              text: plain(r.kind === 'manager' ? 'Open team' : 'Open book'),
              value: r.open,
            },
          }
        : {}),
    }),
  );
  if (!shown.length) blocks.push({ type: 'section', block_id: 'team_empty', text: mrkdwn('Nobody on this team owns an account yet.') });
  if (m.rows.length > shown.length)
    blocks.push({ type: 'context', block_id: 'team_more', elements: [mrkdwn(`…and ${m.rows.length - shown.length} more. \`/health team\` lists them all.`)] });
  if (m.topAtRisk?.length) {
    blocks.push({ type: 'divider' });
    blocks.push({ type: 'section', block_id: 'team_at_risk_title', text: mrkdwn('*Top at-risk accounts by ARR*') });
    m.topAtRisk.slice(0, TOP_AT_RISK).forEach((a, i) =>
      blocks.push({
        type: 'section',
        block_id: `team_top_${i}`,
        text: mrkdwn(
          `${tierEmoji(a.tier)} *${escapeMrkdwn(truncate(a.name, 80))}* · ${money(a.arr)} · ${escapeMrkdwn(a.tier)} ${Math.round(a.score)} · owner ${escapeMrkdwn(truncate(a.ownerName ?? 'unassigned', 60))}`,
        ),
        accessory: { type: 'button', action_id: `${ActionIds.openCard}:top:${i}`, text: plain('Open'), value: a.id },
      }),
    );
  }
  blocks.push({
    type: 'context',
    block_id: 'team_footer',
    elements: [mrkdwn(`As of ${m.today} · SLA weeks are the 7 days to today and the 7 before · \`/health team\` for this as a message`)],
  });
  return { type: 'home', private_metadata: m.state, blocks };
}

export interface TeamMessageModel {
  title: string;
  today: string;
  noTouchDays: number;
  total: TeamFiguresModel;
  rows: TeamRowModel[];
}

/** `/health team`: the same rollup as a message (≤ 50 blocks). */
export function teamMessage(m: TeamMessageModel): MessagePayload {
  const blocks: Block[] = [
    { type: 'section', block_id: 'team_title', text: mrkdwn(`*${escapeMrkdwn(m.title)}* · as of ${m.today}`) },
    { type: 'section', block_id: 'team_summary', fields: summaryFields(m.total, m.noTouchDays) },
  ];
  if (m.rows.length > 1) blocks.push({ type: 'context', block_id: 'team_order', elements: [mrkdwn(ATTENTION_ORDER_TEXT)] });
  const shown = m.rows.slice(0, TEAM_ROWS_MESSAGE);
  shown.forEach((r, i) => blocks.push({ type: 'section', block_id: `team_row_${i}`, text: mrkdwn(truncate(teamRowText(r, m.noTouchDays), 3000)) }));
  if (m.rows.length > shown.length) blocks.push({ type: 'context', block_id: 'team_more', elements: [mrkdwn(`…and ${m.rows.length - shown.length} more.`)] });
  const text = `${m.title}: ${m.total.accounts} accounts, ${money(m.total.arr)} ARR, ${money(m.total.atRiskArr)} at risk`;
  return { text: escapeMrkdwn(text), blocks };
}
