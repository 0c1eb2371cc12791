/** `/health team`: the team view's rollup as a message (the caller's team; a CSM their own row). */
import { noticeBlocks } from '../../../blocks/lookup-answers';
import { teamMessage } from '../../../blocks/team-home';
import type { MessagePayload } from '../../../blocks/types';
import { scopeForUser } from '../../book/scope';
import { todayIn } from '../../lib/dates';
import type { SlackDeps } from '../deps';
import { leadOf, teamMessageModel } from '../team-home';

export function teamAnswer(deps: SlackDeps, userId: string): MessagePayload {
  const now = deps.clock();
  const today = todayIn(deps.config.timezone, now);
  const { scope, caller } = scopeForUser(deps.db, userId, deps.config.slack.admins);
  const model = teamMessageModel(deps.db, caller, leadOf(caller, scope), today, { now, noTouchDays: deps.config.digests.noTouchDays });
  if (!model) {
    return noticeBlocks(
      "You're not in the Bellwether team list, so there is no team to show. Ask your Bellwether admin to add your Slack id; meanwhile `/health mine` lists the accounts that name you as owner.",
    );
  }
  return teamMessage(model);
}
