import type { App, BlockButtonAction } from '@slack/bolt';
import { ActionIds } from '../../../../blocks/action-ids';
import { accountCardBlocks } from '../../../../blocks/account-card';
import { noticeBlocks } from '../../../../blocks/lookup-answers';
import { loadAccountCardView } from '../../../accounts/card-view';
import { INTERACTIVE_PRIORITY } from '../../../alerts/notify';
import { enqueue } from '../../../delivery/store/outbox';
import { escapeMrkdwn } from '../../../lib/mrkdwn';
import type { ChannelCheck } from '../../channel-guard';
import type { Db } from '../../../../db';
import type { ClickOutcome } from '../../../alerts/actions';
import type { SlackDeps } from '../../deps';
import type { ShareRequest } from '../../inbox/items';

function shareRefusal(account: string, r: Exclude<ChannelCheck, { ok: true }>): string {
  const name = escapeMrkdwn(account);
  return r.reason === 'external'
    ? `:lock: I didn't share the ${name} card: this conversation is shared with people outside your organization (Slack Connect), and account health stays inside the team. An admin can allow this channel with \`slack.allowExternalChannels\` in the Bellwether config.`
    : `:lock: I didn't share the ${name} card: I couldn't check whether this conversation is shared outside your organization (Slack said \`${escapeMrkdwn(r.error)}\`). Try again in a moment, or ask an admin to check the app's channel permissions.`;
}

/**
 * Apply a saved share: the public copy of the card (no buttons, no owner ping) is enqueued as a chat.postMessage to
 * the conversation the click came from, after the external-sharing guard; the delivery worker posts it. Runs from
 * the click inbox on its own connection, so a busy database is retried and a crash replays it.
 */
export async function applyShare(deps: SlackDeps, db: Db, userId: string, req: ShareRequest, now: Date): Promise<ClickOutcome> {
  const view = loadAccountCardView(db, req.accountId, now, {
    playbookStepCount: deps.playbookStepCount,
    staleAfterDays: deps.config.scoring.staleAfterDays,
    scoring: deps.config.scoring,
  });
  if (!view) return { ok: false, message: 'That account no longer exists.' };
  // Nothing private leaves the team: no sharing into Slack Connect conversations unless the admin allows it.
  const guard = await deps.channelGuard.check(req.channel, req.channelName);
  if (!guard.ok) {
    deps.logger.warn(
      `share card ${view.account.id} → ${req.channel} refused: ${guard.reason === 'external' ? 'externally shared channel' : `check failed (${guard.error})`}`,
    );
    return { ok: false, message: shareRefusal(view.account.name, guard) };
  }
  const card = accountCardBlocks(view, { shared: true, fields: deps.config.slack.sharedCard });
  const { created } = enqueue(
    db,
    {
      // one share per click: Slack retries of the same click reuse action_ts
      idempotencyKey: `share:${view.account.id}:${req.channel}:${req.actionTs}`,
      method: 'chat.postMessage',
      args: { channel: req.channel, text: `${userId ? `<@${userId}> shared: ` : ''}${card.text}`, blocks: card.blocks, unfurl_links: false },
      channel: req.channel,
      priority: INTERACTIVE_PRIORITY, // the clicker is waiting to see it
    },
    now,
  );
  deps.logger.info(`share card ${view.account.id} → ${req.channel} (${created ? 'queued' : 'already queued'})`);
  return { ok: true, message: `Sharing the ${escapeMrkdwn(view.account.name)} card in this channel.` };
}

/** "Share in channel": the request is saved in the click inbox before the ack, then applied (see applyShare). */
export function registerShareCard(app: App, deps: SlackDeps): void {
  app.action<BlockButtonAction>(ActionIds.shareCard, async ({ ack, action, body, respond }) => {
    const channel = body.channel?.id ?? body.container?.channel_id;
    const accountId = String(action.value ?? '');
    if (!channel || !accountId) {
      await ack();
      await respond({ response_type: 'ephemeral', replace_original: false, ...noticeBlocks('There is no conversation to share into here.') });
      return;
    }
    const req: ShareRequest = {
      kind: 'share',
      accountId,
      channel,
      actionTs: action.action_ts,
      ...(body.channel?.name ? { channelName: `#${body.channel.name}` } : {}),
    };
    const saved = deps.inbox.save(body.user.id, req); // before the ack: an acknowledged share is never lost
    await ack();
    const out = await deps.inbox.apply(saved);
    await respond(
      out.ok
        ? { response_type: 'ephemeral', replace_original: false, text: out.message }
        : { response_type: 'ephemeral', replace_original: false, ...noticeBlocks(out.message) },
    );
  });
}
