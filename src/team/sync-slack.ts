import type { WebClient } from '@slack/web-api';
import type { Db } from '../../db';
import { fillOwnerSlackIds } from '../accounts/store';
import { membersByEmail, recordSlackSync } from './store';

export interface SyncSlackResult {
  checked: number;
  mapped: { email: string; slackId: string }[];
  changed: { email: string; from: string; to: string }[];
  guests: string[];
  notFound: string[];
  failed: { email: string; error: string }[];
}

interface SlackUser {
  id: string;
  tz?: string;
  deleted?: boolean;
  is_restricted?: boolean;
  is_ultra_restricted?: boolean;
}

/**
 * Map team members to Slack users by email (users.lookupByEmail, needs users:read.email): fills
 * slack_id, refreshes is_restricted (guests may not use the app) and fills a missing time zone.
 * One call per member; the WebClient waits out rate limits.
 */
export async function syncTeamWithSlack(db: Db, client: WebClient, now: Date, onProgress?: (done: number, total: number) => void): Promise<SyncSlackResult> {
  const members = membersByEmail(db);
  const res: SyncSlackResult = { checked: 0, mapped: [], changed: [], guests: [], notFound: [], failed: [] };
  for (const m of members) {
    res.checked += 1;
    let user: SlackUser | undefined;
    try {
      const r = await client.users.lookupByEmail({ email: m.email });
      user = r.user as SlackUser | undefined;
    } catch (e) {
      const code = (e as { data?: { error?: string } }).data?.error;
      if (code === 'users_not_found') res.notFound.push(m.email);
      else res.failed.push({ email: m.email, error: code ?? (e as Error).message });
      onProgress?.(res.checked, members.length);
      continue;
    }
    if (!user || user.deleted) {
      res.notFound.push(m.email);
      onProgress?.(res.checked, members.length);
      continue;
    }
    const restricted = Boolean(user.is_restricted || user.is_ultra_restricted);
    try {
      recordSlackSync(db, m.email, { slackId: user.id, isRestricted: restricted, timezone: user.tz ?? null }, now);
    } catch (e) {
      res.failed.push({
        email: m.email,
        error: (e as Error).message.includes('UNIQUE') ? `Slack user ${user.id} is already mapped to another team member` : (e as Error).message,
      });
      onProgress?.(res.checked, members.length);
      continue;
    }
    if (!m.slackId) res.mapped.push({ email: m.email, slackId: user.id });
    else if (m.slackId !== user.id) res.changed.push({ email: m.email, from: m.slackId, to: user.id });
    if (restricted) res.guests.push(m.email);
    onProgress?.(res.checked, members.length);
  }
  // Accounts owned by an email get the owner's Slack id too (cards mention the owner, alerts DM them).
  fillOwnerSlackIds(db);
  return res;
}
