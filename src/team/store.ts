/**
 * The team store: the only code naming team_members (row types from db/schema). Lookups on per-click and
 * per-alert paths are drizzle prepared queries built once per connection.
 */
import { DrizzleQueryError, and, asc, count, eq, isNotNull, or, sql } from 'drizzle-orm';
import type { Db } from '../../db';
import { accounts, teamMembers } from '../../db/schema';
import { prepared, stmt } from '../../db/statement-cache';

export type TeamMemberRow = typeof teamMembers.$inferSelect;

export function memberByEmail(db: Db, email: string): TeamMemberRow | undefined {
  return prepared(db, 'team.byEmail', () =>
    db
      .select()
      .from(teamMembers)
      .where(eq(teamMembers.email, sql.placeholder('email')))
      .prepare(),
  ).get({ email });
}

export function memberBySlackId(db: Db, slackId: string): TeamMemberRow | undefined {
  return prepared(db, 'team.bySlackId', () =>
    db
      .select()
      .from(teamMembers)
      .where(eq(teamMembers.slackId, sql.placeholder('slackId')))
      .prepare(),
  ).get({ slackId });
}

/** A member named by email or Slack id (`to` of a reassign). */
export function memberByEmailOrSlackId(db: Db, who: string): TeamMemberRow | undefined {
  return prepared(db, 'team.byEmailOrSlackId', () =>
    db
      .select()
      .from(teamMembers)
      .where(or(eq(teamMembers.email, sql.placeholder('who')), eq(teamMembers.slackId, sql.placeholder('who'))))
      .prepare(),
  ).get({ who });
}

/** A member by Slack id or by email ignoring case. */
export function memberBySlackIdOrEmailNoCase(db: Db, who: string): TeamMemberRow | undefined {
  return prepared(db, 'team.bySlackIdOrEmailNoCase', () =>
    db
      .select()
      .from(teamMembers)
      .where(or(eq(teamMembers.slackId, sql.placeholder('who')), sql`lower(${teamMembers.email}) = lower(${sql.placeholder('who')})`))
      .prepare(),
  ).get({ who });
}

/** The first VP (by email) with a Slack id: the top of every alert chain without one above the owner. */
export function firstReachableVp(db: Db): TeamMemberRow | undefined {
  return prepared(db, 'team.firstVp', () =>
    db
      .select()
      .from(teamMembers)
      .where(and(eq(teamMembers.role, 'vp'), isNotNull(teamMembers.slackId)))
      .orderBy(asc(teamMembers.email))
      .limit(1)
      .prepare(),
  ).get();
}

/** Members by email, for `team sync-slack`. */
export function membersByEmail(db: Db): TeamMemberRow[] {
  return db.select().from(teamMembers).orderBy(asc(teamMembers.email)).all();
}

/** What `team sync-slack` learned about a member; a stored time zone is kept. */
export function recordSlackSync(db: Db, email: string, s: { slackId: string | null; isRestricted: boolean; timezone: string | null }, now: Date): void {
  try {
    db.update(teamMembers)
      .set({ slackId: s.slackId, isRestricted: s.isRestricted, timezone: sql`coalesce(${teamMembers.timezone}, ${s.timezone})`, updatedAt: now.toISOString() })
      .where(eq(teamMembers.email, email))
      .run();
  } catch (e) {
    // SQLite's own error (a UNIQUE slack_id clash reads as such), not drizzle's wrapper quoting the statement
    throw e instanceof DrizzleQueryError && e.cause ? e.cause : e;
  }
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

/** Display names by email and by Slack id (digests name owners without mentioning them). */
export function ownerNames(db: Db): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of db.select({ email: teamMembers.email, name: teamMembers.name, slackId: teamMembers.slackId }).from(teamMembers).all()) {
    if (!r.name) continue;
    out.set(r.email, r.name);
    if (r.slackId) out.set(r.slackId, r.name);
  }
  return out;
}

/** Members who own at least one account (by email or Slack id), by email. */
export function accountOwners(db: Db): { email: string; name: string; slackId: string | null }[] {
  const t = teamMembers;
  return db
    .selectDistinct({ email: t.email, name: t.name, slackId: t.slackId })
    .from(t)
    .innerJoin(accounts, or(eq(accounts.ownerEmail, t.email), and(isNotNull(t.slackId), eq(accounts.ownerSlackId, t.slackId))))
    .orderBy(asc(t.email))
    .all();
}

export function memberCount(db: Db): number {
  return db.select({ n: count() }).from(teamMembers).get()?.n ?? 0;
}
