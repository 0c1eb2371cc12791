import { escapeMrkdwn, truncate } from '../src/lib/mrkdwn';
import { NOTES_MAX, OUTCOME_MAX, OUTREACH_TYPES } from '../src/domain/outreach';
import { CallbackIds, OutreachInputs } from './action-ids';
import { mrkdwn, plain } from './format';
import type { View } from './types';

export interface OutreachModalMeta {
  accountId: string;
  /** conversation the button was clicked in, for the confirmation */
  channelId?: string;
  alertId?: number;
}

const TYPE_LABEL: Record<(typeof OUTREACH_TYPES)[number], string> = { call: 'Call', email: 'Email', meeting: 'Meeting', qbr: 'QBR' };

/** The log-outreach modal: type, notes, outcome, next step date. Account and context ride in private_metadata. */
export function outreachModal(account: { id: string; name: string }, meta: OutreachModalMeta, today: string): View {
  return {
    type: 'modal',
    callback_id: CallbackIds.outreachModal,
    private_metadata: JSON.stringify(meta),
    title: plain('Log outreach'),
    submit: plain('Save'),
    close: plain('Cancel'),
    blocks: [
      { type: 'section', block_id: 'outreach_account', text: mrkdwn(`Outreach to *${escapeMrkdwn(truncate(account.name, 200))}*`) },
      {
        type: 'input',
        block_id: OutreachInputs.type.block,
        label: plain('Type'),
        element: {
          type: 'static_select',
          action_id: OutreachInputs.type.action,
          placeholder: plain('Call, email, meeting or QBR'),
          options: OUTREACH_TYPES.map((t) => ({ text: plain(TYPE_LABEL[t]), value: t })),
        },
      },
      {
        type: 'input',
        block_id: OutreachInputs.notes.block,
        label: plain('Notes'),
        optional: true,
        element: {
          type: 'plain_text_input',
          action_id: OutreachInputs.notes.action,
          multiline: true,
          max_length: NOTES_MAX,
          placeholder: plain('What was discussed?'),
        },
      },
      {
        type: 'input',
        block_id: OutreachInputs.outcome.block,
        label: plain('Outcome'),
        optional: true,
        element: {
          type: 'plain_text_input',
          action_id: OutreachInputs.outcome.action,
          max_length: OUTCOME_MAX,
          placeholder: plain('e.g. champion re-engaged, QBR booked'),
        },
      },
      {
        type: 'input',
        block_id: OutreachInputs.nextStep.block,
        label: plain('Next step date'),
        optional: true,
        element: { type: 'datepicker', action_id: OutreachInputs.nextStep.action, placeholder: plain('Pick a date') },
        hint: plain(`Today or later (today is ${today}).`),
      },
    ],
  };
}

/** A read-only modal with one message (refusals where there is no conversation to answer in, e.g. App Home). */
export function noticeModal(title: string, message: string): View {
  return {
    type: 'modal',
    title: plain(truncate(title, 24)),
    close: plain('OK'),
    blocks: [{ type: 'section', block_id: 'notice', text: mrkdwn(message) }],
  };
}
