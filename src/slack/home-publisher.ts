import type { WebClient } from '@slack/web-api';
import type { Db } from '../../db';
import { HOME_PAGE_SIZE, type HomeState, homeView } from '../../blocks/home';
import type { View } from '../../blocks/types';
import { bookHome, loadOpenAlerts } from '../book/read-model';
import { scopeForUser } from '../book/scope';
import type { AppConfig } from '../config/schema';
import { todayIn } from '../lib/dates';

/** Build a user's App Home (book of business, filtered and paged). Pure read: no Slack call. */
export function buildHome(db: Db, config: AppConfig, slackUserId: string, now: Date, state: HomeState = { filter: 'all', page: 0 }): View {
  const today = todayIn(config.timezone, now);
  const { scope, label, caller } = scopeForUser(db, slackUserId, config.slack.admins);
  const alerts = loadOpenAlerts(db, scope, 5);
  // two SQL passes (summary with the filter's count, then one LIMIT page): only the shown rows are read
  const home = bookHome(db, scope, today, state.filter, { index: state.page, size: HOME_PAGE_SIZE });
  return homeView({
    label,
    today,
    summary: { ...home.summary, openAlerts: alerts.total },
    alerts,
    filter: state.filter,
    page: home.page,
    rows: home.rows,
    matched: home.total,
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
