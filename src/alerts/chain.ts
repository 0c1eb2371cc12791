import type { Db } from '../../db';
import type { AlertSeverity } from '../../db/schema';
import { accountById } from '../accounts/store';
import { firstReachableVp, memberByEmail, memberBySlackId, type TeamMemberRow } from '../team/store';
import type { AlertsConfig } from '../config/sections/alerts';
import { managerChain } from '../team/permissions';

export type RecipientRole = 'owner' | 'manager' | 'vp' | 'channel' | 'follower';

export interface Recipient {
  role: RecipientRole;
  /** Slack user id (DM) or channel id / #name */
  id: string;
  email?: string;
  /** IANA zone for working hours; null = the configured default */
  tz?: string | null;
}

/**
 * Who hears about an alert and in what order, frozen onto the alert when it opens (alerts.chain) so later edits to
 * the team or config do not change alerts in flight. levels[0] = owner, [1] = manager, [2] = VP + escalation channel.
 */
export interface Chain {
  levels: Recipient[][];
  /** ARR above alerts.vpArrThreshold: the VP is told from the start */
  vpPulledIn: boolean;
  arr: number;
  vpArrThreshold: number;
}

export const TOP_LEVEL = 2;

type Member = TeamMemberRow;

function member(db: Db, email: string | null | undefined): Member | undefined {
  if (!email) return undefined;
  return memberByEmail(db, email);
}

function toRecipient(role: RecipientRole, m: Member | undefined, slackId?: string | null): Recipient | null {
  const id = slackId ?? m?.slackId;
  if (!id) return null;
  return { role, id, email: m?.email, tz: m?.timezone ?? null };
}

/** The chain for an account; `ownerEmail` builds it for another owner (a reassigned group). */
export function buildChain(db: Db, accountId: string, cfg: AlertsConfig, ownerEmail?: string): Chain {
  const row = accountById(db, accountId);
  const a = row && ownerEmail ? { ...row, ownerEmail, ownerSlackId: null } : row;
  const ownerMember = member(db, a?.ownerEmail) ?? (a?.ownerSlackId ? memberBySlackId(db, a.ownerSlackId) : undefined);
  const owner = toRecipient('owner', ownerMember, a?.ownerSlackId ?? null);
  const ups = ownerMember
    ? managerChain(db, ownerMember.email)
        .map((e) => member(db, e))
        .filter((m): m is Member => Boolean(m))
    : [];
  const managerM = ups.find((m) => m.role !== 'vp') ?? (ups[0]?.role === 'vp' ? undefined : ups[0]);
  const vpM = ups.find((m) => m.role === 'vp') ?? firstReachableVp(db);
  const manager = toRecipient('manager', managerM);
  const vp = toRecipient('vp', vpM);
  const channel: Recipient | null = cfg.escalationChannel ? { role: 'channel', id: cfg.escalationChannel, tz: null } : null;
  const uniq = new Set<string>();
  const level = (rs: (Recipient | null)[]) =>
    rs.filter((r): r is Recipient => {
      if (!r || uniq.has(r.id)) return false;
      uniq.add(r.id);
      return true;
    });
  const arr = a?.arr ?? 0;
  return {
    levels: [level([owner]), level([manager]), level([vp, channel])],
    vpPulledIn: arr > cfg.vpArrThreshold,
    arr,
    vpArrThreshold: cfg.vpArrThreshold,
  };
}

/**
 * Highest chain level a severity reaches at once: medium → owner, high and critical → + manager
 * (critical also posts to the escalation channel, but the VP only hears on escalation or for big ARR).
 */
export function initialLevel(severity: AlertSeverity): number {
  return severity === 'critical' || severity === 'high' ? 1 : severity === 'medium' ? 0 : -1;
}

/**
 * Recipients told when an alert opens (or its severity rises). Low = digest only. ARR above the line adds the VP.
 * Nobody routable (e.g. no owner mapped) → the escalation channel, so nothing falls through the cracks.
 */
export function initialRecipients(chain: Chain, severity: AlertSeverity): Recipient[] {
  const top = initialLevel(severity);
  if (top < 0) return [];
  const out = chain.levels.slice(0, top + 1).flat();
  if (severity === 'critical') out.push(...chain.levels.flat().filter((r) => r.role === 'channel' && !out.includes(r)));
  if (chain.vpPulledIn) {
    const vp = chain.levels.flat().find((r) => r.role === 'vp');
    if (vp && !out.some((r) => r.id === vp.id)) out.push(vp);
  }
  if (out.length === 0) {
    const channel = chain.levels.flat().find((r) => r.role === 'channel');
    if (channel) out.push(channel);
  }
  return out;
}

export function levelOf(chain: Chain, recipientId: string): number {
  const i = chain.levels.findIndex((l) => l.some((r) => r.id === recipientId));
  return i < 0 ? 0 : i;
}
