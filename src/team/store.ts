/** The team store: reads of team_members for the book read model (row types from db/schema). */
import { eq } from 'drizzle-orm';
import type { Db } from '../../db';
import { teamMembers } from '../../db/schema';
import { stmt } from '../accounts/statements';

export type TeamMemberRow = typeof teamMembers.$inferSelect;

export function memberByEmail(db: Db, email: string): TeamMemberRow | undefined {
  return db.select().from(teamMembers).where(eq(teamMembers.email, email)).get();
}

/**
 * A manager and everyone below them at any depth, with Slack ids. Recursive SQL (drizzle has no builder for
 * it); UNION (not UNION ALL) stops cycles in bad data.
 */
export function teamBelow(db: Db, managerEmail: string): { email: string; slackId: string | null }[] {
  return stmt(
    db,
    `with recursive team(email) as (
       select ? union select t.email from team_members t join team on t.manager_email = team.email)
     select team.email, m.slack_id as slackId from team left join team_members m on m.email = team.email limit 10000`,
  ).all(managerEmail) as { email: string; slackId: string | null }[];
}

/** Every member, for naming owners in rollups. */
export function allMembers(db: Db): TeamMemberRow[] {
  return db.select().from(teamMembers).all();
}
