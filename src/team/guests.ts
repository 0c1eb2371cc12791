import type { WebClient } from '@slack/web-api';
import type { Db } from '../../db';
import { memberBySlackId } from './store';

export type GuestVerdict = 'member' | 'guest' | 'unknown';

/**
 * Tells Slack guests (restricted / ultra-restricted users) from full members. The team table can say
 * so (is_restricted); otherwise users.info decides, cached per user so only a user's first request in
 * an hour pays the round trip.
 */
export class GuestCheck {
  private readonly cache = new Map<string, { verdict: GuestVerdict; at: number }>();

  constructor(
    private readonly db: Db,
    private readonly ttlMs = 60 * 60 * 1000,
  ) {}

  async verdict(client: WebClient, slackUserId: string): Promise<GuestVerdict> {
    const row = memberBySlackId(this.db, slackUserId);
    if (row?.isRestricted) return 'guest';
    const hit = this.cache.get(slackUserId);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.verdict;
    let verdict: GuestVerdict;
    try {
      const res = await client.users.info({ user: slackUserId });
      const u = res.user as { is_restricted?: boolean; is_ultra_restricted?: boolean } | undefined;
      verdict = u?.is_restricted || u?.is_ultra_restricted ? 'guest' : 'member';
    } catch {
      // Slack unreachable or user unknown: a mapped team member is trusted, anyone else is not.
      verdict = row ? 'member' : 'unknown';
      return verdict; // not cached: ask again next time
    }
    this.cache.set(slackUserId, { verdict, at: Date.now() });
    return verdict;
  }

  forget(slackUserId?: string): void {
    if (slackUserId) this.cache.delete(slackUserId);
    else this.cache.clear();
  }
}
