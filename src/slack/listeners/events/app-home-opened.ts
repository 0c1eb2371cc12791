import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps';
import { publishHome } from '../../home-publisher';

/** Home tab opened: publish the user's book of business (events are acked before this runs). */
export function registerAppHomeOpened(app: App, deps: SlackDeps): void {
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    await publishHome(client, deps.db, deps.config, event.user, deps.clock());
  });
}
