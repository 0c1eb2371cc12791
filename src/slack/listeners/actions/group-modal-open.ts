import type { App, BlockButtonAction } from '@slack/bolt';
import { ActionIds, actionIdPattern } from '../../../../blocks/action-ids';
import { noticeModal } from '../../../../blocks/outreach-modal';
import { reassignModal, resolveModal, snoozeModal } from '../../../../blocks/resolve-modal';
import type { View } from '../../../../blocks/types';
import { accountRef } from '../../../accounts/store';
import { groupReasons } from '../../../alerts/group-store';
import { getAlert } from '../../../alerts/store';
import { escapeMrkdwn } from '../../../lib/mrkdwn';
import { canActOnAccount } from '../../../team/permissions';
import type { SlackDeps } from '../../deps';

/**
 * A button on an alert group that opens a modal (Resolve…, Reassign…): refuse in a notice when the group is gone,
 * resolved or not the clicker's to act on; else open the modal (trigger ids expire in 3 s: nothing slow first).
 */
function registerGroupModalOpen(
  app: App,
  deps: SlackDeps,
  actionId: string,
  title: string,
  build: (g: { id: number; accountName: string; reasons: number; severity: string }) => View,
): void {
  app.action<BlockButtonAction>(actionIdPattern(actionId), async ({ ack, action, body, client }) => {
    await ack();
    const alert = getAlert(deps.db, Number(action.value));
    const refuse = (why: string) => client.views.open({ trigger_id: body.trigger_id, view: noticeModal(title, `:information_source: ${escapeMrkdwn(why)}`) });
    if (!alert) return void (await refuse('That alert no longer exists.'));
    if (alert.status === 'resolved') return void (await refuse('This alert is already resolved.'));
    const perm = canActOnAccount(deps.db, deps.config, body.user.id, alert.accountId);
    if (!perm.ok) return void (await refuse(perm.reason));
    const acc = accountRef(deps.db, alert.accountId);
    await client.views.open({
      trigger_id: body.trigger_id,
      view: build({
        id: alert.id,
        accountName: acc?.name ?? alert.accountId,
        reasons: Math.max(1, groupReasons(deps.db, alert.id).length),
        severity: alert.severity,
      }),
    });
  });
}

/** "Resolve…": the modal asking why. */
export function registerResolveOpen(app: App, deps: SlackDeps): void {
  registerGroupModalOpen(app, deps, ActionIds.resolve, 'Resolve alert', resolveModal);
}

/** "Reassign…": the modal picking the new owner. */
export function registerReassignOpen(app: App, deps: SlackDeps): void {
  registerGroupModalOpen(app, deps, ActionIds.reassign, 'Reassign alert', reassignModal);
}

/** "Snooze…": the modal asking for how long and why. */
export function registerSnoozeOpen(app: App, deps: SlackDeps): void {
  registerGroupModalOpen(app, deps, ActionIds.snoozeWithReason, 'Snooze alert', snoozeModal);
}
