/** Who a Slack id is: one definition for "a person (U…/W…), not a channel" and a team member's time zone. */
import type { Db } from '../../db';
import { memberBySlackId } from './store';

/** A Slack user id (U… or W…), as opposed to a channel or DM id. */
export const isSlackUserId = (id: string): boolean => /^[UW][A-Z0-9]+$/.test(id);

/** The team member's stored time zone (team_members.timezone), or null when unknown. */
export function memberTimeZone(db: Db, slackId: string): string | null {
  return memberBySlackId(db, slackId)?.timezone ?? null;
}
