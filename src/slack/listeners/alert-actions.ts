import type { App, BlockAction, BlockElementAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { ActionIds, actionIdPattern } from '../../../blocks/action-ids';
import { CARD_ACTIONS_BLOCK } from '../../../blocks/account-card';
import { parseStepActionId } from '../../../blocks/alert-message';
import { type AlertClick, parseSnoozeValue } from '../../alerts/actions';
import { escapeMrkdwn } from '../../lib/mrkdwn';
import { getAlert } from '../../alerts/store';
import { cardAnswer } from '../health/lookup-answer';
import { publishHome } from '../home-publisher';
import type { SlackDeps } from '../deps';

/** The click as an AlertClick, or null when the payload is not one we understand (never throw on bad input). */
export function toAlertClick(action: BlockElementAction): AlertClick | null {
  const id = action.action_id;
  if (actionIdPattern(ActionIds.acknowledge).test(id) && action.type === 'button') {
    const alertId = Number(action.value);
    return Number.isInteger(alertId) && alertId > 0 ? { kind: 'acknowledge', alertId } : null;
  }
  if (actionIdPattern(ActionIds.unacknowledge).test(id) && action.type === 'button') {
    const alertId = Number(action.value);
    return Number.isInteger(alertId) && alertId > 0 ? { kind: 'unacknowledge', alertId } : null;
  }
  if (actionIdPattern(ActionIds.snooze).test(id) && (action.type === 'static_select' || action.type === 'overflow')) {
    const v = parseSnoozeValue(String(action.selected_option?.value ?? ''));
    return v ? { kind: 'snooze', ...v } : null;
  }
  if (action.type === 'checkboxes') {
    const step = parseStepActionId(id);
    return step ? { kind: 'step', ...step, checked: (action.selected_options ?? []).length > 0 } : null;
  }
  return null;
}

/**
 * Acknowledge, Unacknowledge, Snooze and playbook-step clicks on alert messages (and the account card's ack/snooze).
 * The click is saved, then acked within Slack's 3 s; the inbox applies it (retrying while the database is
 * busy); the transition enqueues chat.update for every copy and the worker is kicked.
 */
export function registerAlertActions(app: App, deps: SlackDeps): void {
  const handler = async ({
    ack,
    action,
    body,
    respond,
    client,
  }: {
    ack: () => Promise<void>;
    action: BlockElementAction;
    body: BlockAction;
    respond: (m: object) => Promise<unknown>;
    client: WebClient;
  }) => {
    const click = toAlertClick(action);
    // Saved before the ack (in the inbox file, which no import can lock): an acknowledged click is never lost.
    const saved = click ? deps.inbox.save(body.user.id, click) : null;
    await ack();
    const say = async (text: string) => {
      if (body.response_url) await respond({ response_type: 'ephemeral', replace_original: false, text });
    };
    if (!click || saved === null) {
      deps.logger.warn(`alert action ${action.action_id}: unreadable payload ignored`);
      await say(':warning: That button did not carry a readable alert reference.');
      return;
    }
    const out = await deps.inbox.apply(saved);
    if (out.ok) {
      deps.logger.info(`alert #${click.alertId} ${click.kind} by ${body.user.id}`);
      // Clicks on an alert copy show up in place via chat.update; elsewhere (the /health card) confirm in words.
      const onAlertCopy = body.container?.type === 'message' && !body.container.is_ephemeral;
      // The /health card is the clicker's own ephemeral copy: chat.update cannot reach it, its response_url can.
      if (!onAlertCopy && body.response_url && 'block_id' in action && action.block_id === CARD_ACTIONS_BLOCK) {
        const alert = getAlert(deps.db, click.alertId);
        if (alert) await respond({ response_type: 'ephemeral', replace_original: true, ...cardAnswer(deps, alert.accountId) });
      }
      if (!onAlertCopy) await say(`:white_check_mark: ${escapeMrkdwn(out.message)}`);
      // The clicker's App Home lists open alerts with SLA and progress: show the change there too.
      try {
        await publishHome(client, deps.db, deps.config, body.user.id, deps.clock());
      } catch (e) {
        deps.logger.warn(`App Home refresh after alert #${click.alertId} ${click.kind} failed: ${(e as Error).message}`);
      }
    } else {
      // Refusals come from the state machine: they mention people (<@U…>) and escape any name they carry.
      await say(`:information_source: ${out.message}`);
    }
  };
  app.action<BlockAction>(actionIdPattern(ActionIds.acknowledge), handler as never);
  app.action<BlockAction>(actionIdPattern(ActionIds.unacknowledge), handler as never);
  app.action<BlockAction>(actionIdPattern(ActionIds.snooze), handler as never);
  app.action<BlockAction>(actionIdPattern(ActionIds.completeStep), handler as never);
}
