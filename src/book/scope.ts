/**
 * Whose accounts a book covers. A CSM: their own (by email or Slack id); a manager: their team's, recursively;
 * all: the VP, admins and `slack.admins`. Resolved once to owner emails and Slack ids, which the read model's SQL uses.
 */
import type { Db } from '../../db';
import { type Caller, identifyCaller } from '../team/permissions';
import { memberByEmail, teamBelow } from '../team/store';

export type BookScope = { kind: 'all' } | { kind: 'owners'; emails: string[]; slackIds: string[] };

export const ALL: BookScope = { kind: 'all' };

/** One CSM's book: accounts owned by their email or their Slack id. */
export function scopeOfMember(db: Db, email: string): BookScope {
  const m = memberByEmail(db, email);
  return { kind: 'owners', emails: [email], slackIds: m?.slackId ? [m.slackId] : [] };
}

/** A manager's book: everyone below them at any depth, and their own accounts. */
export function scopeOfTeam(db: Db, managerEmail: string): BookScope {
  const team = teamBelow(db, managerEmail);
  return { kind: 'owners', emails: team.map((r) => r.email), slackIds: team.flatMap((r) => (r.slackId ? [r.slackId] : [])) };
}

/**
 * The book a Slack user sees: a CSM their own accounts, a manager their team's (recursively), the VP,
 * team admins and the Slack ids in `slack.admins` everything. An unmapped user sees the accounts whose
 * owner Slack id is theirs.
 */
export function scopeForUser(db: Db, slackUserId: string, admins: readonly string[] = []): { scope: BookScope; label: string; caller: Caller | null } {
  const caller = identifyCaller(db, slackUserId);
  if (admins.includes(slackUserId) || caller?.role === 'vp' || caller?.role === 'admin') {
    return { scope: ALL, label: 'All accounts', caller };
  }
  if (!caller) return { scope: { kind: 'owners', emails: [], slackIds: [slackUserId] }, label: 'Your accounts', caller };
  if (caller.role !== 'manager') return { scope: { kind: 'owners', emails: [caller.email], slackIds: [slackUserId] }, label: 'Your accounts', caller };
  return { scope: scopeOfTeam(db, caller.email), label: "Your team's accounts", caller };
}

export function scopeParams(scope: BookScope): { all: number; emails: string; slackIds: string } {
  return scope.kind === 'all'
    ? { all: 1, emails: '[]', slackIds: '[]' }
    : { all: 0, emails: JSON.stringify(scope.emails), slackIds: JSON.stringify(scope.slackIds) };
}

/**
 * The scope test over an accounts alias `a`, with the parameters of scopeParams. An owners scope reads the
 * owner indexes (a union of two index lookups) instead of testing every account.
 */
export function scopeSql(scope: BookScope): string {
  return scope.kind === 'all'
    ? '(@all = 1)'
    : `(a.rowid in (select rowid from accounts where owner_email in (select value from json_each(@emails))
                    union select rowid from accounts where owner_slack_id in (select value from json_each(@slackIds))))`;
}

/** The scope test in code, for rows already loaded (the same owner match as SCOPE_SQL). */
export function inScope(r: { ownerEmail: string | null; ownerSlackId: string | null }, scope: BookScope): boolean {
  if (scope.kind === 'all') return true;
  return (r.ownerEmail !== null && scope.emails.includes(r.ownerEmail)) || (r.ownerSlackId !== null && scope.slackIds.includes(r.ownerSlackId));
}
