import type { WebClient } from '@slack/web-api';
import type { Db } from '../../db';
import { HOME_PAGE_SIZE, type HomeState, homeStateValue, homeView } from '../../blocks/home';
import { teamHomeView } from '../../blocks/team-home';
import type { View } from '../../blocks/types';
import { bookHome, loadOpenAlerts } from '../book/read-model';
import { scopeForUser } from '../book/scope';
import type { AppConfig } from '../config/schema';
import { churnLikelihoods } from '../domain/churn-likelihood';
import { todayIn } from '../lib/dates';
import { validationFor } from '../validation/store';
import { leadBook, leadMayOpen, leadOf, teamHomeModel } from './team-home';

/**
 * Build a user's App Home. Pure read: no Slack call. A CSM (and anyone unmapped) opens on their book; a manager on
 * a row per CSM, the VP and admins on a row per manager (the team view); `state` is where a click took them.
 */
export function buildHome(db: Db, config: AppConfig, slackUserId: string, now: Date, state?: HomeState): View {
  const today = todayIn(config.timezone, now);
  const own = scopeForUser(db, slackUserId, config.slack.admins);
  const lead = leadOf(own.caller, own.scope);
  if (lead && (!state || state.view === 'team')) {
    const manager = state?.manager && leadMayOpen(lead, own.scope, state.manager) ? state.manager : undefined;
    return teamHomeView(teamHomeModel(db, lead, manager, today, { now, noTouchDays: config.digests.noTouchDays }));
  }
  const s: HomeState = state ?? { filter: 'all', page: 0 };
  if (!lead) return bookHomeView(db, config, today, { scope: own.scope, label: own.label, unmapped: own.caller === null && own.scope.kind !== 'all' }, s);
  // A lead inside a book: only owners (and managers) within their own scope open.
  const allowed: HomeState = {
    ...s,
    ...(s.owner && !leadMayOpen(lead, own.scope, s.owner) ? { owner: undefined } : {}),
    ...(s.manager && !leadMayOpen(lead, own.scope, s.manager) ? { manager: undefined } : {}),
  };
  const b = leadBook(db, lead, own, allowed);
  return bookHomeView(db, config, today, { scope: b.scope, label: b.label, back: b.back, multiOwner: b.multiOwner }, allowed);
}

function bookHomeView(
  db: Db,
  config: AppConfig,
  today: string,
  b: { scope: ReturnType<typeof scopeForUser>['scope']; label: string; unmapped?: boolean; back?: string; multiOwner?: boolean },
  state: HomeState,
): View {
  const sort = b.multiOwner ? (state.sort ?? 'expected') : undefined;
  const expectedRisk = sort === 'expected' ? churnLikelihoods(validationFor(db, config.scoring), config.churnLikelihood) : undefined;
  const alerts = loadOpenAlerts(db, b.scope, 5);
  // two SQL passes (summary with the filter's count, then one LIMIT page): only the shown rows are read
  const home = bookHome(db, b.scope, today, state.filter, { index: state.page, size: HOME_PAGE_SIZE }, { expectedRisk });
  const clean = Object.fromEntries(Object.entries({ ...state, page: home.page, sort }).filter(([, v]) => v !== undefined)) as unknown as HomeState;
  return homeView({
    label: b.label,
    today,
    summary: { ...home.summary, openAlerts: alerts.total },
    alerts,
    filter: state.filter,
    page: home.page,
    rows: home.rows,
    matched: home.total,
    unmapped: b.unmapped,
    state: clean,
    back: b.back,
    owners: sort ? { sort, toggle: homeStateValue({ ...clean, page: 0, sort: sort === 'expected' ? 'score' : 'expected' }) } : undefined,
    rowOpensCard: b.back !== undefined,
  });
}

/**
 * Publish (or refresh) a user's App Home. Other areas call this after data changes (an alert
 * acknowledged, outreach logged) so the Home never shows stale state.
 */
export async function publishHome(client: WebClient, db: Db, config: AppConfig, slackUserId: string, now: Date, state?: HomeState): Promise<View> {
  const view = buildHome(db, config, slackUserId, now, state);
  await client.views.publish({ user_id: slackUserId, view });
  return view;
}
