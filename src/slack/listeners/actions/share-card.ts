import type { App, BlockButtonAction } from '@slack/bolt';
import { ActionIds } from '../../../../blocks/action-ids';
import { accountCardBlocks } from '../../../../blocks/account-card';
import { noticeBlocks } from '../../../../blocks/lookup-answers';
import { loadAccountCardView } from '../../../accounts/card-view';
import { INTERACTIVE_PRIORITY } from '../../../alerts/notify';
import { enqueue } from '../../../delivery/enqueue';
import { outboxEnqueued } from '../../../delivery/kick';
import { escapeMrkdwn } from '../../../lib/mrkdwn';
import type { SlackDeps } from '../../deps';

/**
 * "Share in channel": the public copy of the card (no buttons, no owner ping) is enqueued as a
 * chat.postMessage to the conversation the command ran in; the delivery worker posts it.
 */
export function registerShareCard(app: App, deps: SlackDeps): void {
  app.action<BlockButtonAction>(ActionIds.shareCard, async ({ ack, action, body, respond }) => {
    await ack();
    const channel = body.channel?.id ?? body.container?.channel_id;
    const now = deps.clock();
    const view = loadAccountCardView(deps.db, String(action.value ?? ''), now, { playbookStepCount: deps.playbookStepCount });
    if (!view || !channel) {
      await respond({ response_type: 'ephemeral', replace_original: false, ...noticeBlocks(view ? 'There is no conversation to share into here.' : 'That account no longer exists.') });
      return;
    }
    const card = accountCardBlocks(view, { shared: true });
    const { created } = enqueue(
      deps.db,
      {
        // one share per click: Slack retries of the same click reuse action_ts
        idempotencyKey: `share:${view.account.id}:${channel}:${action.action_ts}`,
        method: 'chat.postMessage',
        args: { channel, text: `${body.user.id ? `<@${body.user.id}> shared: ` : ''}${card.text}`, blocks: card.blocks, unfurl_links: false },
        channel,
        priority: INTERACTIVE_PRIORITY, // the clicker is waiting to see it
      },
      now,
    );
    if (created) outboxEnqueued(); // the worker sends it now, ahead of any backlog
    deps.logger.info(`share card ${view.account.id} → ${channel} (${created ? 'queued' : 'already queued'})`);
    await respond({ response_type: 'ephemeral', replace_original: false, text: `Sharing the ${escapeMrkdwn(view.account.name)} card in this channel.` });
  });
}
