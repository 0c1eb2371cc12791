import { escapeMrkdwn, truncate } from '../src/lib/mrkdwn';
import {
  CRITICAL_SNOOZE_MAX_DAYS,
  RESOLUTION_LABEL,
  RESOLUTION_REASONS,
  SNOOZE_NOTE_MAX,
  SNOOZE_REASON_LABEL,
  SNOOZE_REASONS,
} from '../src/domain/alert-decisions';
import { CallbackIds, ReassignInput, ResolveInputs, SNOOZE_DAYS, SnoozeInputs } from './action-ids';
import { mrkdwn, plain } from './format';
import type { View } from './types';

export const RESOLVE_NOTE_MAX = 1000;

/** A modal acting on one alert group: the group id rides in private_metadata (read back by parseGroupModalMeta). */
function groupModal(callbackId: string, alertId: number, title: string, submit: string, blocks: View['blocks']): View {
  return {
    type: 'modal',
    callback_id: callbackId,
    private_metadata: JSON.stringify({ alertId }),
    title: plain(title),
    submit: plain(submit),
    close: plain('Cancel'),
    blocks,
  };
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
      text: mrkdwn(
        `Resolve the alert on *${escapeMrkdwn(truncate(group.accountName, 200))}* (${group.reasons} reason${group.reasons === 1 ? '' : 's'}) for everyone.`,
      ),
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
    {
      type: 'input',
      block_id: ReassignInput.block,
      label: plain('New owner'),
      element: { type: 'users_select', action_id: ReassignInput.action, placeholder: plain('Choose a person') },
    },
  ]);
}

/** Snooze an alert group: for how long and why (required), with an optional note. Critical groups show the cap. */
export function snoozeModal(group: { id: number; accountName: string; reasons: number; severity?: string }): View {
  const cap = group.severity === 'critical' ? ` A critical alert can be snoozed for at most ${CRITICAL_SNOOZE_MAX_DAYS} days unless a manager snoozes it.` : '';
  return groupModal(CallbackIds.snoozeModal, group.id, 'Snooze alert', 'Snooze', [
    {
      type: 'section',
      block_id: 'snooze_what',
      text: mrkdwn(`Snooze the alert on *${escapeMrkdwn(truncate(group.accountName, 200))}* for everyone: no escalation until it wakes.${cap}`),
    },
    {
      type: 'input',
      block_id: SnoozeInputs.days.block,
      label: plain('For'),
      element: {
        type: 'static_select',
        action_id: SnoozeInputs.days.action,
        placeholder: plain('Choose how long'),
        options: SNOOZE_DAYS.map((d) => ({ text: plain(`${d} day${d > 1 ? 's' : ''}`), value: String(d) })),
      },
    },
    {
      type: 'input',
      block_id: SnoozeInputs.reason.block,
      label: plain('Why'),
      element: {
        type: 'static_select',
        action_id: SnoozeInputs.reason.action,
        placeholder: plain('Choose a reason'),
        options: SNOOZE_REASONS.map((r) => ({ text: plain(SNOOZE_REASON_LABEL[r][0].toUpperCase() + SNOOZE_REASON_LABEL[r].slice(1)), value: r })),
      },
    },
    {
      type: 'input',
      block_id: SnoozeInputs.note.block,
      optional: true,
      label: plain('Note'),
      element: { type: 'plain_text_input', action_id: SnoozeInputs.note.action, multiline: true, max_length: SNOOZE_NOTE_MAX },
    },
  ]);
}
