import type { App, BlockButtonAction } from '@slack/bolt';
import { ActionIds, actionIdPattern } from '../../../../blocks/action-ids';
import { noticeModal } from '../../../../blocks/outreach-modal';
import { resolveModal } from '../../../../blocks/resolve-modal';
import { stmt } from '../../../accounts/statements';
import { groupReasons } from '../../../alerts/group-store';
import { getAlert } from '../../../alerts/store';
import { escapeMrkdwn } from '../../../lib/mrkdwn';
import { canActOnAccount } from '../../../team/permissions';
import type { SlackDeps } from '../../deps';

/** "Resolve…" on an alert group: open the modal asking why (trigger ids expire in 3 s: nothing slow first). */
export function registerResolveOpen(app: App, deps: SlackDeps): void {
  app.action<BlockButtonAction>(actionIdPattern(ActionIds.resolve), async ({ ack, action, body, client }) => {
    await ack();
    const alert = getAlert(deps.db, Number(action.value));
    const refuse = (why: string) => client.views.open({ trigger_id: body.trigger_id, view: noticeModal('Resolve alert', `:information_source: ${escapeMrkdwn(why)}`) });
    if (!alert) return void (await refuse('That alert no longer exists.'));
    if (alert.status === 'resolved') return void (await refuse('This alert is already resolved.'));
    const perm = canActOnAccount(deps.db, deps.config, body.user.id, alert.accountId);
    if (!perm.ok) return void (await refuse(perm.reason));
    const acc = stmt(deps.db, 'select name from accounts where id = ?').get(alert.accountId) as { name: string } | undefined;
    await client.views.open({
      trigger_id: body.trigger_id,
      view: resolveModal({ id: alert.id, accountName: acc?.name ?? alert.accountId, reasons: Math.max(1, groupReasons(deps.db, alert.id).length) }),
    });
  });
}
