import type { App, BlockButtonAction } from '@slack/bolt';
import { ActionIds, actionIdPattern } from '../../../../blocks/action-ids';
import type { SlackDeps } from '../../deps';
import { cardAnswer } from '../../health/lookup-answer';

const PICK = actionIdPattern(ActionIds.pickAccount, '(:\\d+)?');

/** A disambiguation / suggestion button: replace the choices with that account's card. */
export function registerPickAccount(app: App, deps: SlackDeps): void {
  app.action<BlockButtonAction>(PICK, async ({ ack, action, respond }) => {
    await ack();
    const answer = cardAnswer(deps, String(action.value ?? ''));
    await respond({ response_type: 'ephemeral', replace_original: true, ...answer });
  });
}
