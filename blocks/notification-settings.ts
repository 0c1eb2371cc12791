/** The notification settings modal (App Home → Notification settings). Pure. */
import { CallbackIds, NotificationInputs } from './action-ids';
import { mrkdwn, plain } from './format';
import type { View } from './types';

export interface NotificationSettingsModel {
  dmSeverities: string[];
  summaryTime: string;
  awayUntil: string | null;
  delegateId: string | null;
  dailyDmCap: number;
}

const SEVERITY_LABELS: [string, string][] = [
  ['critical', 'Critical'],
  ['high', 'High'],
  ['medium', 'Medium'],
];

export function notificationSettingsModal(m: NotificationSettingsModel): View {
  const options = SEVERITY_LABELS.map(([value, label]) => ({ text: plain(label), value }));
  const initial = options.filter((o) => m.dmSeverities.includes(o.value));
  return {
    type: 'modal',
    callback_id: CallbackIds.notificationSettingsModal,
    title: plain('Notification settings'),
    submit: plain('Save'),
    close: plain('Cancel'),
    blocks: [
      {
        type: 'context',
        elements: [
          mrkdwn(
            `Alerts of the ticked severities DM you at once (at most ${m.dailyDmCap} a day, in your working hours); the rest wait for your daily summary.`,
          ),
        ],
      },
      {
        type: 'input',
        block_id: NotificationInputs.dmSeverities.block,
        optional: true,
        label: plain('DM me at once for'),
        element: { type: 'checkboxes', action_id: NotificationInputs.dmSeverities.action, options, ...(initial.length ? { initial_options: initial } : {}) },
      },
      {
        type: 'input',
        block_id: NotificationInputs.summaryTime.block,
        label: plain('Daily summary at (your time)'),
        element: { type: 'timepicker', action_id: NotificationInputs.summaryTime.action, initial_time: m.summaryTime },
      },
      {
        type: 'input',
        block_id: NotificationInputs.awayUntil.block,
        optional: true,
        label: plain('Away until (inclusive)'),
        element: { type: 'datepicker', action_id: NotificationInputs.awayUntil.action, ...(m.awayUntil ? { initial_date: m.awayUntil } : {}) },
      },
      {
        type: 'input',
        block_id: NotificationInputs.delegate.block,
        optional: true,
        label: plain('While away, send my alerts and escalations to'),
        element: { type: 'users_select', action_id: NotificationInputs.delegate.action, ...(m.delegateId ? { initial_user: m.delegateId } : {}) },
      },
    ],
  };
}
