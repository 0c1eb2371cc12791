import type { App } from '@slack/bolt';
import { CallbackIds, NotificationInputs } from '../../../../blocks/action-ids';
import { saveSettings } from '../../../attention/store';
import { type SettingsField, validateSettings } from '../../../attention/validate-settings';
import { todayIn } from '../../../lib/dates';
import type { SlackDeps } from '../../deps';

type StateValues = Record<
  string,
  Record<string, { selected_options?: { value?: unknown }[] | null; selected_time?: unknown; selected_date?: unknown; selected_user?: unknown }>
>;

/** Notification settings submitted: validate (errors inline, per block), then save. Nothing is saved on any error. */
export function registerNotificationSettingsSubmitted(app: App, deps: SlackDeps): void {
  app.view(CallbackIds.notificationSettingsModal, async ({ ack, view, body }) => {
    const v = (view.state?.values ?? {}) as StateValues;
    const get = (f: { block: string; action: string }) => v[f.block]?.[f.action];
    const now = deps.clock();
    const res = validateSettings(
      {
        dmSeverities: (get(NotificationInputs.dmSeverities)?.selected_options ?? []).map((o) => o.value),
        summaryTime: get(NotificationInputs.summaryTime)?.selected_time,
        awayUntil: get(NotificationInputs.awayUntil)?.selected_date,
        delegate: get(NotificationInputs.delegate)?.selected_user,
      },
      body.user.id,
      todayIn(deps.config.timezone, now),
    );
    if (!res.ok) {
      const errors = Object.fromEntries(Object.entries(res.errors).map(([k, msg]) => [NotificationInputs[k as SettingsField].block, msg as string]));
      await ack({ response_action: 'errors', errors });
      return;
    }
    saveSettings(deps.db, { userId: body.user.id, ...res.value }, now);
    await ack();
    deps.logger.info(`notification settings saved for ${body.user.id}`);
  });
}
