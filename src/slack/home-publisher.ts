import type { WebClient } from '@slack/web-api';
import type { Db } from '../../db';
import { type HomeState, homeView } from '../../blocks/home';
import type { View } from '../../blocks/types';
import { filterBook, loadBook, loadOpenAlerts, scopeForUser, summarizeBook } from '../accounts/book';
import type { AppConfig } from '../config/schema';
import { todayIn } from '../lib/dates';

/** Build a user's App Home (book of business, filtered and paged). Pure read: no Slack call. */
export function buildHome(db: Db, config: AppConfig, slackUserId: string, now: Date, state: HomeState = { filter: 'all', page: 0 }): View {
  const today = todayIn(config.timezone, now);
  const { scope, label, caller } = scopeForUser(db, slackUserId, config.slack.admins);
  const rows = loadBook(db, scope, today);
  const alerts = loadOpenAlerts(db, scope, 5);
  return homeView({
    label,
    today,
    summary: summarizeBook(rows, alerts.total),
    alerts,
    filter: state.filter,
    page: state.page,
    rows: filterBook(rows, state.filter, today),
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
