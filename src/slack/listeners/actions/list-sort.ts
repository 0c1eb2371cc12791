import type { App, BlockButtonAction } from '@slack/bolt';
import { ActionIds, actionIdPattern } from '../../../../blocks/action-ids';
import { noticeBlocks } from '../../../../blocks/lookup-answers';
import type { SlackDeps } from '../../deps';
import { listAnswer, parseListRequest } from '../../health/list-answers';

const LIST_SORT = actionIdPattern(ActionIds.listSort);

/** A `/health` list's sort toggle: replace the list with the same list in the other order. */
export function registerListSort(app: App, deps: SlackDeps): void {
  app.action<BlockButtonAction>(LIST_SORT, async ({ ack, action, body, respond }) => {
    await ack();
    const req = parseListRequest(action.value);
    const answer = req ? listAnswer(deps, body.user.id, req) : noticeBlocks('That list could not be re-sorted. Run the command again.');
    await respond({ response_type: 'ephemeral', replace_original: true, ...answer });
  });
}
