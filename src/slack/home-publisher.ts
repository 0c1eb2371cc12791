import type { WebClient } from '@slack/web-api';
import type { Db } from '../../db';
import { HOME_PAGE_SIZE, type HomeState, homeView } from '../../blocks/home';
import type { View } from '../../blocks/types';
import { bookPage, bookSummary, loadOpenAlerts } from '../book/read-model';
import { scopeForUser } from '../book/scope';
import type { AppConfig } from '../config/schema';
import { todayIn } from '../lib/dates';

/** Build a user's App Home (book of business, filtered and paged). Pure read: no Slack call. */
export function buildHome(db: Db, config: AppConfig, slackUserId: string, now: Date, state: HomeState = { filter: 'all', page: 0 }): View {
  const today = todayIn(config.timezone, now);
  const { scope, label, caller } = scopeForUser(db, slackUserId, config.slack.admins);
  const alerts = loadOpenAlerts(db, scope, 5);
  const summary = { ...bookSummary(db, scope, today), openAlerts: alerts.total };
  // SQL count + LIMIT: only the shown page is read. A page past the end shows the last one.
  let { total, rows } = bookPage(db, scope, today, state.filter, { offset: state.page * HOME_PAGE_SIZE, limit: HOME_PAGE_SIZE });
  const lastPage = Math.max(0, Math.ceil(total / HOME_PAGE_SIZE) - 1);
  const page = Math.min(state.page, lastPage);
  if (page !== state.page) ({ total, rows } = bookPage(db, scope, today, state.filter, { offset: page * HOME_PAGE_SIZE, limit: HOME_PAGE_SIZE }));
  return homeView({
    label,
    today,
    summary,
    alerts,
    filter: state.filter,
    page,
    rows,
    matched: total,
    unmapped: caller === null && scope.kind !== 'all',
  });
}

/**
 * Publish (or refresh) a user's App Home. Other areas call this after data changes (an alert
 * acknowledged, outreach logged) so the Home never shows stale state.
 */
export async function publishHome(
  client: WebClient,
  db: Db,
  config: AppConfig,
  slackUserId: string,
  now: Date,
  filter?: HomeState,
): Promise<View> {
  const view = buildHome(db, config, slackUserId, now, filter);
  await client.views.publish({ user_id: slackUserId, view });
  return view;
}
