import type { Db } from '../../db';
import type { TeamRole } from '../../db/schema';
import type { AppConfig } from '../config/schema';
import { accountById } from '../accounts/store';
import { memberByEmail, memberBySlackId } from './store';

export interface Caller {
  slackId: string;
  email: string;
  name: string;
  role: TeamRole;
  managerEmail: string | null;
  isRestricted: boolean;
}

export type Permission = { ok: true } | { ok: false; reason: string };

/** The team member behind a Slack user id, or null when the id is not mapped in the team table. */
export function identifyCaller(db: Db, slackUserId: string): Caller | null {
  const r = memberBySlackId(db, slackUserId);
  if (!r) return null;
  return { slackId: slackUserId, email: r.email, name: r.name, role: r.role, managerEmail: r.managerEmail, isRestricted: r.isRestricted };
}

/** Managers above an email, nearest first (cycles in bad data are cut). */
export function managerChain(db: Db, email: string, maxDepth = 6): string[] {
  const out: string[] = [];
  let cur: string | null = email;
  for (let i = 0; i < maxDepth && cur; i++) {
    cur = memberByEmail(db, cur)?.managerEmail ?? null;
    if (!cur || out.includes(cur) || cur === email) break;
    out.push(cur);
  }
  return out;
}

/**
 * Who may act on an account (log outreach, acknowledge, snooze): its owner, anyone above the owner in
 * the manager chain, the VP, team admins and the Slack ids configured in slack.admins.
 */
export function canActOnAccount(db: Db, config: AppConfig, slackUserId: string, accountId: string): Permission {
  const acc = accountById(db, accountId);
  // Existence first, even for admins: every action below goes on to load or reference the account.
  if (!acc) return { ok: false, reason: 'That account no longer exists.' };
  if (config.slack.admins.includes(slackUserId)) return { ok: true };
  if (acc.ownerSlackId && acc.ownerSlackId === slackUserId) return { ok: true };
  const caller = identifyCaller(db, slackUserId);
  if (!caller) {
    return {
      ok: false,
      reason:
        'Your Slack account is not mapped to a Bellwether team member, so you can look accounts up but not act on them. Ask your Bellwether admin to add your Slack id to the team list.',
    };
  }
  if (caller.role === 'vp' || caller.role === 'admin') return { ok: true };
  const ownerEmail = acc.ownerEmail ?? ownerEmailForSlackId(db, acc.ownerSlackId);
  if (ownerEmail && ownerEmail === caller.email) return { ok: true };
  if (ownerEmail && managerChain(db, ownerEmail).includes(caller.email)) return { ok: true };
  const ownerName = ownerEmail ? (nameForEmail(db, ownerEmail) ?? ownerEmail) : null;
  return {
    ok: false,
    reason: ownerName
      ? `Only the account owner (${ownerName}), their manager, the VP or an admin can do that.`
      : 'This account has no owner yet; only the VP or an admin can act on it.',
  };
}

function ownerEmailForSlackId(db: Db, slackId: string | null): string | null {
  if (!slackId) return null;
  return memberBySlackId(db, slackId)?.email ?? null;
}

function nameForEmail(db: Db, email: string): string | null {
  return memberByEmail(db, email)?.name ?? null;
}
