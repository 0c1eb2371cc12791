import { RESOLUTION_LABEL, RESOLUTION_REASONS } from '../src/alerts/resolution';
import { escapeMrkdwn, truncate } from '../src/lib/mrkdwn';
import { CallbackIds, ReassignInput, ResolveInputs } from './action-ids';
import { mrkdwn, plain } from './format';
import type { View } from './types';

export const RESOLVE_NOTE_MAX = 1000;

/** A modal acting on one alert group: the group id rides in private_metadata (read back by parseGroupModalMeta). */
function groupModal(callbackId: string, alertId: number, title: string, submit: string, blocks: View['blocks']): View {
  return { type: 'modal', callback_id: callbackId, private_metadata: JSON.stringify({ alertId }), title: plain(title), submit: plain(submit), close: plain('Cancel'), blocks };
}

/** The alert id a group modal carried, or null (it comes back from the client: never trust it). */
export function parseGroupModalMeta(raw: unknown): number | null {
  try {
    const id = Number((JSON.parse(String(raw)) as { alertId?: unknown }).alertId);
    return Number.isSafeInteger(id) && id > 0 ? id : null;
  } catch {
    return null;
  }
}

/** Resolve an alert group: why (required) and an optional note. The group id rides in private_metadata. */
export function resolveModal(group: { id: number; accountName: string; reasons: number }): View {
  return groupModal(CallbackIds.resolveModal, group.id, 'Resolve alert', 'Resolve', [
      {
        type: 'section',
        block_id: 'resolve_what',
        text: mrkdwn(`Resolve the alert on *${escapeMrkdwn(truncate(group.accountName, 200))}* (${group.reasons} reason${group.reasons === 1 ? '' : 's'}) for everyone.`),
      },
      {
        type: 'input',
        block_id: ResolveInputs.reason.block,
        label: plain('Why'),
        element: {
          type: 'static_select',
          action_id: ResolveInputs.reason.action,
          placeholder: plain('Choose a reason'),
          options: RESOLUTION_REASONS.map((r) => ({ text: plain(RESOLUTION_LABEL[r]), value: r })),
        },
      },
      {
        type: 'input',
        block_id: ResolveInputs.note.block,
        optional: true,
        label: plain('Note'),
        element: { type: 'plain_text_input', action_id: ResolveInputs.note.action, multiline: true, max_length: RESOLVE_NOTE_MAX },
      },
  ]);
}

/** Reassign an alert group to another person (a Slack user picker). */
export function reassignModal(group: { id: number; accountName: string }): View {
  return groupModal(CallbackIds.reassignModal, group.id, 'Reassign alert', 'Reassign', [
      { type: 'section', block_id: 'reassign_what', text: mrkdwn(`Who should own the alert on *${escapeMrkdwn(truncate(group.accountName, 200))}*?`) },
      { type: 'input', block_id: ReassignInput.block, label: plain('New owner'), element: { type: 'users_select', action_id: ReassignInput.action, placeholder: plain('Choose a person') } },
  ]);
}
