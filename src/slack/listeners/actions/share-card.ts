import type { App, BlockButtonAction } from '@slack/bolt';
import { ActionIds } from '../../../../blocks/action-ids';
import { accountCardBlocks } from '../../../../blocks/account-card';
import { noticeBlocks } from '../../../../blocks/lookup-answers';
import { loadAccountCardView } from '../../../accounts/card-view';
import { INTERACTIVE_PRIORITY } from '../../../alerts/notify';
import { enqueue } from '../../../delivery/enqueue';
import { outboxEnqueued } from '../../../delivery/kick';
import { escapeMrkdwn } from '../../../lib/mrkdwn';
import type { ChannelCheck } from '../../channel-guard';
import type { SlackDeps } from '../../deps';

function shareRefusal(account: string, r: Exclude<ChannelCheck, { ok: true }>): string {
  const name = escapeMrkdwn(account);
  return r.reason === 'external'
    ? `:lock: I didn't share the ${name} card: this conversation is shared with people outside your organization (Slack Connect), and account health stays inside the team. An admin can allow this channel with \`slack.allowExternalChannels\` in the Bellwether config.`
    : `:lock: I didn't share the ${name} card: I couldn't check whether this conversation is shared outside your organization (Slack said \`${escapeMrkdwn(r.error)}\`). Try again in a moment, or ask an admin to check the app's channel permissions.`;
}

/**
 * "Share in channel": the public copy of the card (no buttons, no owner ping) is enqueued as a
 * chat.postMessage to the conversation the command ran in; the delivery worker posts it.
 */
export function registerShareCard(app: App, deps: SlackDeps): void {
  app.action<BlockButtonAction>(ActionIds.shareCard, async ({ ack, action, body, respond }) => {
    await ack();
    const channel = body.channel?.id ?? body.container?.channel_id;
    const now = deps.clock();
    const view = loadAccountCardView(deps.db, String(action.value ?? ''), now, { playbookStepCount: deps.playbookStepCount, staleAfterDays: deps.config.scoring.staleAfterDays, scoring: deps.config.scoring });
    if (!view || !channel) {
      await respond({ response_type: 'ephemeral', replace_original: false, ...noticeBlocks(view ? 'There is no conversation to share into here.' : 'That account no longer exists.') });
      return;
    }
    // Nothing private leaves the team: no sharing into Slack Connect conversations unless the admin allows it.
    const guard = await deps.channelGuard.check(channel, body.channel?.name ? `#${body.channel.name}` : undefined);
    if (!guard.ok) {
      deps.logger.warn(`share card ${view.account.id} → ${channel} refused: ${guard.reason === 'external' ? 'externally shared channel' : `check failed (${guard.error})`}`);
      await respond({ response_type: 'ephemeral', replace_original: false, ...noticeBlocks(shareRefusal(view.account.name, guard)) });
      return;
    }
    const card = accountCardBlocks(view, { shared: true, fields: deps.config.slack.sharedCard });
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
