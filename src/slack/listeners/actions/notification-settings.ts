import type { App, BlockButtonAction } from '@slack/bolt';
import { ActionIds } from '../../../../blocks/action-ids';
import { notificationSettingsModal } from '../../../../blocks/notification-settings';
import { getSettings } from '../../../attention/store';
import type { SlackDeps } from '../../deps';

/** App Home "Notification settings": open the modal with the person's current settings (first thing after ack). */
export function registerNotificationSettings(app: App, deps: SlackDeps): void {
  app.action<BlockButtonAction>(ActionIds.notificationSettings, async ({ ack, body, client }) => {
    await ack();
    const s = getSettings(deps.db, body.user.id, deps.config.alerts.summaryTime);
    await client.views.open({ trigger_id: body.trigger_id, view: notificationSettingsModal({ ...s, dailyDmCap: deps.config.alerts.dailyDmCap }) });
  });
}
