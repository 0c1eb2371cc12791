import type { App } from '@slack/bolt';
import type { SlackDeps } from '../deps';
import { registerAlertActions } from './alert-actions';
import { registerFollowAccount } from './actions/follow-account';
import { registerHomeNavigation } from './actions/home-navigation';
import { registerLogOutreach } from './actions/log-outreach';
import { registerNotificationSettings } from './actions/notification-settings';
import { registerListSort } from './actions/list-sort';
import { registerOpenCard } from './actions/open-card';
import { registerPickAccount } from './actions/pick-account';
import { registerShareCard } from './actions/share-card';
import { registerHealthCommand } from './commands/health';
import { registerAppHomeOpened } from './events/app-home-opened';
import { registerNotificationSettingsSubmitted } from './views/notification-settings-submitted';
import { registerOutreachSubmitted } from './views/outreach-submitted';
import { registerReassignOpen, registerResolveOpen, registerSnoozeOpen } from './actions/group-modal-open';
import { registerReassignSubmitted, registerResolveSubmitted, registerSnoozeSubmitted } from './views/group-modal-submitted';

/** Every Bolt listener, one line per interaction scenario. */
export function registerListeners(app: App, deps: SlackDeps): void {
  registerHealthCommand(app, deps);
  registerPickAccount(app, deps);
  registerShareCard(app, deps);
  registerLogOutreach(app, deps);
  registerHomeNavigation(app, deps);
  registerOpenCard(app, deps);
  registerListSort(app, deps);
  registerOutreachSubmitted(app, deps);
  registerAppHomeOpened(app, deps);
  registerAlertActions(app, deps);
  registerResolveOpen(app, deps);
  registerResolveSubmitted(app, deps);
  registerReassignOpen(app, deps);
  registerReassignSubmitted(app, deps);
  registerNotificationSettings(app, deps);
  registerNotificationSettingsSubmitted(app, deps);
  registerFollowAccount(app, deps);
  registerSnoozeOpen(app, deps);
  registerSnoozeSubmitted(app, deps);
}
