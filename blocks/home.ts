import { BOOK_FILTER_LABELS, BOOK_FILTERS, type BookFilter } from '../src/domain/book-filters';
import { escapeMrkdwn, truncate } from '../src/lib/mrkdwn';
import { ActionIds } from './action-ids';
import { bookRowLine } from './book-rows';
import { money, mrkdwn, pct, plain, severityEmoji, slackDate } from './format';
import type { Block, View } from './types';
import type { BookAlertView, BookRowView, BookSummaryView } from './view-models/book';

export const HOME_PAGE_SIZE = 15;

export interface HomeModel {
  label: string;
  today: string;
  summary: BookSummaryView;
  alerts: { total: number; alerts: BookAlertView[] };
  filter: BookFilter;
  page: number;
  /** the shown page's rows (filtered and ordered) */
  rows: BookRowView[];
  /** how many accounts match the filter (all pages) */
  matched: number;
  /** the caller is not in the team table: say how to fix it */
  unmapped?: boolean;
  /** this view's full Home state (private_metadata; page buttons carry it); default: filter and page only */
  state?: HomeState;
  /** a drill-down from the team view: the Home state the Back button returns to */
  back?: string;
  /** more than one owner shows: an owner column, and the sort toggle (expected ARR at risk ⇄ the filter's own order) */
  owners?: { sort: BookSort; toggle: string };
  /** each row's button opens the account card (team views) instead of logging outreach (the CSM's own book) */
  rowOpensCard?: boolean;
}

/** A multi-owner list's order: expected ARR at risk (default) or the filter's own order (score; renewals by date). */
export type BookSort = 'expected' | 'score';

export interface HomeState {
  filter: BookFilter;
  page: number;
  /** 'team': the team rollup (a manager's CSMs, the VP's managers); absent: an account list (book) */
  view?: 'team';
  /** the manager whose team (rollup or account list) is shown: a VP's drill-down */
  manager?: string;
  /** the owner whose book is shown: a manager's or VP's drill-down */
  owner?: string;
  sort?: BookSort;
}

const KEY_MAX = 320;
const key = (v: unknown) => (typeof v === 'string' && v.length > 0 && v.length <= KEY_MAX ? v : undefined);

export function parseHomeState(raw: string | undefined | null): HomeState {
  try {
    const v = JSON.parse(raw ?? '{}') as Partial<HomeState>;
    const filter = (BOOK_FILTERS as readonly string[]).includes(String(v.filter)) ? (v.filter as BookFilter) : 'all';
    const page = Number.isInteger(v.page) && (v.page as number) >= 0 ? (v.page as number) : 0;
    const out: HomeState = { filter, page };
    if (v.view === 'team') out.view = 'team';
    const manager = key(v.manager);
    if (manager) out.manager = manager;
    const owner = key(v.owner);
    if (owner) out.owner = owner;
    if (v.sort === 'expected' || v.sort === 'score') out.sort = v.sort;
    return out;
  } catch {
    return { filter: 'all', page: 0 };
  }
}

/** A Home state as a button value / private_metadata. */
export const homeStateValue = (s: HomeState): string => JSON.stringify(s);

/** The App Home: book summary, open alerts, one-click filters and one page of accounts (≤ 100 blocks). */
export function homeView(m: HomeModel): View {
  const pages = Math.max(1, Math.ceil(m.matched / HOME_PAGE_SIZE));
  const page = Math.min(Math.max(0, m.page), pages - 1);
  const s = m.summary;
  const state: HomeState = { ...(m.state ?? { filter: m.filter, page }), filter: m.filter, page };
  const blocks: Block[] = [{ type: 'header', block_id: 'home_header', text: plain(truncate(`${m.label} · Bellwether`, 150)) }];
  if (m.back) {
    blocks.push({
      type: 'actions',
      block_id: 'home_back',
      elements: [{ type: 'button', action_id: `${ActionIds.homeOpen}:back`, text: plain('← Back to the team'), value: m.back }],
    });
  }
  if (m.unmapped) {
    blocks.push({
      type: 'context',
      block_id: 'home_unmapped',
      elements: [
        mrkdwn(
          'Your Slack account is not in the Bellwether team list, so this shows only accounts that name you as owner. Ask your admin to add your Slack id.',
        ),
      ],
    });
  }
  const share = s.totalArr > 0 ? ` (${pct(s.atRiskArr / s.totalArr)})` : '';
  blocks.push({
    type: 'section',
    block_id: 'home_summary',
    fields: [
      mrkdwn(`*Accounts*\n${s.accounts} · ${money(s.totalArr)} ARR`),
      mrkdwn(`*At-risk ARR*\n${money(s.atRiskArr)}${share}`),
      mrkdwn(
        `*By tier*\n:large_green_circle: ${s.byTier.Thriving + s.byTier.Healthy} · :large_yellow_circle: ${s.byTier.Neutral} · :large_orange_circle: ${s.byTier['At-Risk']} · :red_circle: ${s.byTier.Critical}${s.byTier.Unscored ? ` · :white_circle: ${s.byTier.Unscored}` : ''}`,
      ),
      mrkdwn(`*Open alerts*\n${m.alerts.total}`),
    ],
  });
  if (m.alerts.alerts.length) {
    // One section per alert group: its reasons in one line, and Acknowledge acting on the whole group.
    blocks.push({ type: 'section', block_id: 'home_alerts', text: mrkdwn('*Your open alerts*') });
    m.alerts.alerts.forEach((a, i) => {
      const sla = a.slaDueAt && a.status === 'open' ? ` · SLA ${slackDate(a.slaDueAt)}` : '';
      const reasons = a.reasons.length ? a.reasons : [{ title: a.title }];
      const listed = reasons.slice(0, 3).map((r) => escapeMrkdwn(truncate(r.title, 150)));
      const more = reasons.length > 3 ? ` · +${reasons.length - 3} more` : '';
      const text = `${severityEmoji(a.severity)} *${escapeMrkdwn(truncate(a.accountName, 60))}* · ${a.severity}${a.status !== 'open' ? ` · ${a.status}` : ''}${sla}\n${listed.join(' · ')}${more}`;
      const canAck = a.status === 'open' || a.status === 'snoozed';
      blocks.push({
        type: 'section',
        block_id: `home_alert_${i}`,
        text: mrkdwn(truncate(text, 3000)),
        ...(canAck
          ? { accessory: { type: 'button' as const, action_id: `${ActionIds.acknowledge}:home:${i}`, text: plain('Acknowledge'), value: String(a.id) } }
          : {}),
      });
    });
    if (m.alerts.total > m.alerts.alerts.length)
      blocks.push({ type: 'context', block_id: 'home_alerts_more', elements: [mrkdwn(`…and ${m.alerts.total - m.alerts.alerts.length} more`)] });
  }
  blocks.push({ type: 'divider' });
  blocks.push({
    type: 'actions',
    block_id: 'home_filters',
    elements: BOOK_FILTERS.map((f) => ({
      type: 'button' as const,
      action_id: `${ActionIds.homeFilter}:${f}`,
      text: plain(BOOK_FILTER_LABELS[f]),
      value: f,
      ...(f === m.filter ? { style: 'primary' as const } : {}),
    })),
  });
  const from = page * HOME_PAGE_SIZE;
  const shown = m.rows.slice(0, HOME_PAGE_SIZE);
  const order = m.owners ? (m.owners.sort === 'expected' ? ' · by expected ARR at risk (ARR × churn likelihood)' : ' · score order') : '';
  blocks.push({
    type: 'context',
    block_id: 'home_list_info',
    elements: [
      mrkdwn(
        m.matched
          ? `*${BOOK_FILTER_LABELS[m.filter]}* · ${from + 1}–${from + shown.length} of ${m.matched} · page ${page + 1}/${pages}${order}`
          : `*${BOOK_FILTER_LABELS[m.filter]}* · no accounts match`,
      ),
    ],
  });
  if (m.owners) {
    const to = m.owners.sort === 'expected' ? 'Sort by score' : 'Sort by expected ARR at risk';
    blocks.push({
      type: 'actions',
      block_id: 'home_sort',
      elements: [{ type: 'button', action_id: `${ActionIds.homeOpen}:sort`, text: plain(to), value: m.owners.toggle }],
    });
  }
  shown.forEach((r, i) =>
    blocks.push({
      type: 'section',
      block_id: `home_row_${i}`,
      text: mrkdwn(truncate(m.owners ? `${bookRowLine(r, m.today)}\n${ownerColumn(r)}` : bookRowLine(r, m.today), 3000)),
      accessory: m.rowOpensCard
        ? { type: 'button', action_id: `${ActionIds.openCard}:home:${i}`, text: plain('Open card'), value: r.id }
        : { type: 'button', action_id: `${ActionIds.logOutreach}:home:${i}`, text: plain('Log outreach'), value: r.id },
    }),
  );
  if (pages > 1) {
    const nav = [];
    if (page > 0)
      nav.push({
        type: 'button' as const,
        action_id: `${ActionIds.homePage}:prev`,
        text: plain('← Previous'),
        value: homeStateValue({ ...state, page: page - 1 }),
      });
    if (page < pages - 1)
      nav.push({
        type: 'button' as const,
        action_id: `${ActionIds.homePage}:next`,
        text: plain('Next →'),
        value: homeStateValue({ ...state, page: page + 1 }),
      });
    blocks.push({ type: 'actions', block_id: 'home_pages', elements: nav });
  }
  blocks.push({
    type: 'actions',
    block_id: 'home_settings',
    elements: [{ type: 'button', action_id: ActionIds.notificationSettings, text: plain('Notification settings'), value: 'open' }],
  });
  blocks.push({ type: 'context', block_id: 'home_footer', elements: [mrkdwn(`As of ${m.today} · \`/health help\` for commands`)] });
  return { type: 'home', private_metadata: homeStateValue(state), blocks };
}

/** The owner column of a multi-owner list (a mention in a Home names without notifying). */
function ownerColumn(r: BookRowView): string {
  return `_owner_ ${r.ownerSlackId ? `<@${r.ownerSlackId}>` : escapeMrkdwn(truncate(r.ownerEmail ?? 'unassigned', 80))}`;
}

/** A Home with one message (e.g. for users who may not use the app). */
export function noticeHomeView(message: string): View {
  return { type: 'home', blocks: [{ type: 'section', block_id: 'home_notice', text: mrkdwn(message) }] };
}
