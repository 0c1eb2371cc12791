import type { App, BlockButtonAction } from '@slack/bolt';
import { ActionIds } from '../../../../blocks/action-ids';
import { noticeBlocks } from '../../../../blocks/lookup-answers';
import { accountRef } from '../../../accounts/store';
import { follow, isFollowing, unfollow } from '../../../attention/store';
import { escapeMrkdwn } from '../../../lib/mrkdwn';
import type { SlackDeps } from '../../deps';

/** Account card "Follow / unfollow": toggles whether the clicker receives the account's alert messages. */
export function registerFollowAccount(app: App, deps: SlackDeps): void {
  app.action<BlockButtonAction>(ActionIds.followAccount, async ({ ack, action, body, respond }) => {
    await ack();
    const accountId = String(action.value ?? '');
    const account = accountRef(deps.db, accountId);
    if (!account) {
      await respond({ response_type: 'ephemeral', replace_original: false, ...noticeBlocks('That account no longer exists.') });
      return;
    }
    const name = escapeMrkdwn(account.name);
    const text = isFollowing(deps.db, body.user.id, 'account', accountId)
      ? (unfollow(deps.db, body.user.id, 'account', accountId), `You no longer follow *${name}*.`)
      : (follow(deps.db, body.user.id, 'account', accountId, deps.clock()), `You now follow *${name}*: you will receive its alert messages.`);
    deps.logger.info(`follow toggle ${accountId} by ${body.user.id}`);
    await respond({ response_type: 'ephemeral', replace_original: false, ...noticeBlocks(text) });
  });
}
