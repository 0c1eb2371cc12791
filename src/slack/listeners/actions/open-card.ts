import type { App, BlockButtonAction } from '@slack/bolt';
import { ActionIds, actionIdPattern } from '../../../../blocks/action-ids';
import { cardModal } from '../../../../blocks/card-modal';
import type { SlackDeps } from '../../deps';
import { cardAnswer } from '../../health/lookup-answer';

const OPEN_CARD = actionIdPattern(ActionIds.openCard, ':.*');

/** A team-view row (App Home): the account card in a modal (trigger ids expire in 3 s: opened right after ack). */
export function registerOpenCard(app: App, deps: SlackDeps): void {
  app.action<BlockButtonAction>(OPEN_CARD, async ({ ack, action, body, client }) => {
    await ack();
    const card = cardAnswer(deps, String(action.value ?? ''), { includeActions: false });
    await client.views.open({ trigger_id: body.trigger_id, view: cardModal(card) });
  });
}
