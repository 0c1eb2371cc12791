import type { App } from '@slack/bolt';
import { noticeBlocks } from '../../../../blocks/lookup-answers';
import type { MessagePayload } from '../../../../blocks/types';
import type { SlackDeps } from '../../deps';
import { followAnswer } from '../../health/follow-answer';
import { lookupAnswer } from '../../health/lookup-answer';
import { atRiskAnswer, helpAnswer, mineAnswer, overviewAnswer, renewalsAnswer } from '../../health/list-answers';
import { parseHealthCommand } from '../../health/parse';
import { teamAnswer } from '../../health/team-answer';

/** Answer a `/health …` text for a user. Never throws: a failure becomes a polite notice. */
export function answerHealthCommand(deps: SlackDeps, userId: string, text: unknown): MessagePayload {
  try {
    const intent = parseHealthCommand(text);
    switch (intent.kind) {
      case 'overview':
        return overviewAnswer(deps, userId);
      case 'help':
        return helpAnswer();
      case 'mine':
        return mineAnswer(deps, userId);
      case 'team':
        return teamAnswer(deps, userId);
      case 'at_risk':
        return atRiskAnswer(deps, userId, intent.segment);
      case 'renewals':
        return renewalsAnswer(deps, userId, intent.days);
      case 'lookup':
        return lookupAnswer(deps, intent.query);
      case 'follow':
        return followAnswer(deps, userId, intent);
      case 'invalid':
        return overviewAnswer(deps, userId, intent.message);
    }
  } catch (e) {
    deps.logger.error(`/health failed: ${(e as Error).stack ?? String(e)}`);
    return noticeBlocks('Something went wrong looking that up. It has been logged; please try again in a moment.');
  }
}

/**
 * `/health`: every answer is computed from SQLite and the in-memory name index in about a
 * millisecond, so it is returned in the ack itself (ephemeral) — no response_url round trip.
 */
export function registerHealthCommand(app: App, deps: SlackDeps): void {
  app.command('/health', async ({ command, ack }) => {
    const answer = answerHealthCommand(deps, command.user_id, command.text);
    await ack({ response_type: 'ephemeral', ...answer });
  });
}
