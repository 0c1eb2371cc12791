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
}

export interface HomeState {
  filter: BookFilter;
  page: number;
}

export function parseHomeState(raw: string | undefined | null): HomeState {
  try {
    const v = JSON.parse(raw ?? '{}') as Partial<HomeState>;
    const filter = (BOOK_FILTERS as readonly string[]).includes(String(v.filter)) ? (v.filter as BookFilter) : 'all';
    const page = Number.isInteger(v.page) && (v.page as number) >= 0 ? (v.page as number) : 0;
    return { filter, page };
  } catch {
    return { filter: 'all', page: 0 };
  }
}

/** The App Home: book summary, open alerts, one-click filters and one page of accounts (≤ 100 blocks). */
export function homeView(m: HomeModel): View {
  const pages = Math.max(1, Math.ceil(m.matched / HOME_PAGE_SIZE));
  const page = Math.min(Math.max(0, m.page), pages - 1);
  const s = m.summary;
  const blocks: Block[] = [{ type: 'header', block_id: 'home_header', text: plain(truncate(`${m.label} · Bellwether`, 150)) }];
  if (m.unmapped) {
    blocks.push({
      type: 'context',
      block_id: 'home_unmapped',
      elements: [mrkdwn('Your Slack account is not in the Bellwether team list, so this shows only accounts that name you as owner. Ask your admin to add your Slack id.')],
    });
  }
  const share = s.totalArr > 0 ? ` (${pct(s.atRiskArr / s.totalArr)})` : '';
  blocks.push({
    type: 'section',
    block_id: 'home_summary',
    fields: [
      mrkdwn(`*Accounts*\n${s.accounts} · ${money(s.totalArr)} ARR`),
      mrkdwn(`*At-risk ARR*\n${money(s.atRiskArr)}${share}`),
      mrkdwn(`*By tier*\n:large_green_circle: ${s.byTier.Thriving + s.byTier.Healthy} · :large_yellow_circle: ${s.byTier.Neutral} · :large_orange_circle: ${s.byTier['At-Risk']} · :red_circle: ${s.byTier.Critical}${s.byTier.Unscored ? ` · :white_circle: ${s.byTier.Unscored}` : ''}`),
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
        ...(canAck ? { accessory: { type: 'button' as const, action_id: `${ActionIds.acknowledge}:home:${i}`, text: plain('Acknowledge'), value: String(a.id) } } : {}),
      });
    });
    if (m.alerts.total > m.alerts.alerts.length) blocks.push({ type: 'context', block_id: 'home_alerts_more', elements: [mrkdwn(`…and ${m.alerts.total - m.alerts.alerts.length} more`)] });
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
  blocks.push({
    type: 'context',
    block_id: 'home_list_info',
    elements: [
      mrkdwn(
        m.matched
          ? `*${BOOK_FILTER_LABELS[m.filter]}* · ${from + 1}–${from + shown.length} of ${m.matched} · page ${page + 1}/${pages}`
          : `*${BOOK_FILTER_LABELS[m.filter]}* · no accounts match`,
      ),
    ],
  });
  shown.forEach((r, i) =>
    blocks.push({
      type: 'section',
      block_id: `home_row_${i}`,
      text: mrkdwn(bookRowLine(r, m.today)),
      accessory: { type: 'button', action_id: `${ActionIds.logOutreach}:home:${i}`, text: plain('Log outreach'), value: r.id },
    }),
  );
  if (pages > 1) {
    const nav = [];
    if (page > 0) nav.push({ type: 'button' as const, action_id: `${ActionIds.homePage}:prev`, text: plain('← Previous'), value: JSON.stringify({ filter: m.filter, page: page - 1 }) });
    if (page < pages - 1) nav.push({ type: 'button' as const, action_id: `${ActionIds.homePage}:next`, text: plain('Next →'), value: JSON.stringify({ filter: m.filter, page: page + 1 }) });
    blocks.push({ type: 'actions', block_id: 'home_pages', elements: nav });
  }
  blocks.push({
    type: 'actions',
    block_id: 'home_settings',
    elements: [{ type: 'button', action_id: ActionIds.notificationSettings, text: plain('Notification settings'), value: 'open' }],
  });
  blocks.push({ type: 'context', block_id: 'home_footer', elements: [mrkdwn(`As of ${m.today} · \`/health help\` for commands`)] });
  return { type: 'home', private_metadata: JSON.stringify({ filter: m.filter, page }), blocks };
}

/** A Home with one message (e.g. for users who may not use the app). */
export function noticeHomeView(message: string): View {
  return { type: 'home', blocks: [{ type: 'section', block_id: 'home_notice', text: mrkdwn(message) }] };
}
