import type { App, BlockButtonAction } from '@slack/bolt';
import { ActionIds, actionIdPattern } from '../../../../blocks/action-ids';
import { noticeModal, outreachModal } from '../../../../blocks/outreach-modal';
import { cardAlert } from '../../../alerts/store';
import { accountRef } from '../../../accounts/store';
import { todayIn } from '../../../lib/dates';
import { escapeMrkdwn } from '../../../lib/mrkdwn';
import { canActOnAccount } from '../../../team/permissions';
import type { SlackDeps } from '../../deps';

/** Card button and the App Home row buttons (`card.log_outreach:home:<n>`). */
const LOG_OUTREACH = actionIdPattern(ActionIds.logOutreach);

/** "Log outreach": open the modal (trigger ids expire in 3 s, so this is the first thing done after ack). */
export function registerLogOutreach(app: App, deps: SlackDeps): void {
  app.action<BlockButtonAction>(LOG_OUTREACH, async ({ ack, action, body, client, respond }) => {
    await ack();
    const accountId = String(action.value ?? '');
    const perm = canActOnAccount(deps.db, deps.config, body.user.id, accountId);
    if (!perm.ok) {
      const reason = escapeMrkdwn(perm.reason);
      if (body.response_url) await respond({ response_type: 'ephemeral', replace_original: false, text: `:no_entry: ${reason}` });
      else await client.views.open({ trigger_id: body.trigger_id, view: noticeModal('Not allowed', `:no_entry: ${reason}`) });
      return;
    }
    // canActOnAccount found the account; should it vanish in between, the modal still opens under its id.
    const account = accountRef(deps.db, accountId) ?? { id: accountId, name: accountId };
    const alert = cardAlert(deps.db, accountId); // the alert on the card the button sits on
    const today = todayIn(deps.config.timezone, deps.clock());
    await client.views.open({
      trigger_id: body.trigger_id,
      view: outreachModal(account, { accountId, channelId: body.channel?.id, alertId: alert ? alert.id : undefined }, today),
    });
  });
}
