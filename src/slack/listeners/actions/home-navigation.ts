import type { App, BlockButtonAction } from '@slack/bolt';
import { ActionIds, actionIdPattern } from '../../../../blocks/action-ids';
import { parseHomeState } from '../../../../blocks/home';
import type { SlackDeps } from '../../deps';
import { publishHome } from '../../home-publisher';

const FILTER = actionIdPattern(ActionIds.homeFilter, ':.*');
const PAGE = actionIdPattern(ActionIds.homePage, ':.*');

/** App Home filter buttons (one click) and pagination: re-publish the Home in the new state. */
export function registerHomeNavigation(app: App, deps: SlackDeps): void {
  app.action<BlockButtonAction>(FILTER, async ({ ack, action, body, client }) => {
    await ack();
    const state = parseHomeState(JSON.stringify({ filter: action.value, page: 0 }));
    await publishHome(client, deps.db, deps.config, body.user.id, deps.clock(), state);
  });
  app.action<BlockButtonAction>(PAGE, async ({ ack, action, body, client }) => {
    await ack();
    await publishHome(client, deps.db, deps.config, body.user.id, deps.clock(), parseHomeState(action.value));
  });
}
