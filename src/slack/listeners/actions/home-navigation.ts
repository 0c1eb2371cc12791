import type { App, BlockButtonAction } from '@slack/bolt';
import { ActionIds, actionIdPattern } from '../../../../blocks/action-ids';
import { parseHomeState } from '../../../../blocks/home';
import type { SlackDeps } from '../../deps';
import { publishHome } from '../../home-publisher';

const FILTER = actionIdPattern(ActionIds.homeFilter, ':.*');
const PAGE = actionIdPattern(ActionIds.homePage, ':.*');
const OPEN = actionIdPattern(ActionIds.homeOpen, ':.*');

/**
 * App Home navigation, each one click: filter buttons (kept within the book shown: the Home's private_metadata),
 * pagination, and the team view's drill-downs, Back and sort toggle (their value is the Home state to show).
 * The publisher re-checks who may open what.
 */
export function registerHomeNavigation(app: App, deps: SlackDeps): void {
  app.action<BlockButtonAction>(FILTER, async ({ ack, action, body, client }) => {
    await ack();
    const shown = parseHomeState(body.view?.private_metadata);
    const state = parseHomeState(JSON.stringify({ ...shown, view: undefined, filter: action.value, page: 0 }));
    await publishHome(client, deps.db, deps.config, body.user.id, deps.clock(), state);
  });
  app.action<BlockButtonAction>(PAGE, async ({ ack, action, body, client }) => {
    await ack();
    await publishHome(client, deps.db, deps.config, body.user.id, deps.clock(), parseHomeState(action.value));
  });
  app.action<BlockButtonAction>(OPEN, async ({ ack, action, body, client }) => {
    await ack();
    await publishHome(client, deps.db, deps.config, body.user.id, deps.clock(), parseHomeState(action.value));
  });
}
