/**
 * Who else hears about an account (followers) and who stands in for an away person (their delegate).
 * Both act on the recipient list the alert code computed; they never change the alert's frozen chain.
 */
import type { Db } from '../../db';
import { accountById } from '../accounts/store';
import type { Recipient } from '../alerts/chain';
import type { AlertsConfig } from '../config/sections/alerts';
import { zonedParts } from '../lib/zoned-time';
import { zoneOrUtc } from '../alerts/working-hours';
import { isSlackUserId, memberTimeZone } from '../team/slack-user';
import { getSettings, storedFollowers } from './store';

/**
 * Extra recipients of an account's alert messages: people and channels following the account or its segment
 * (stored follows plus `alerts.follows` in config).
 */
export function followersOf(db: Db, accountId: string, cfg: Pick<AlertsConfig, 'follows'>): Recipient[] {
  const acc = accountById(db, accountId);
  const segment = acc?.segment ?? null;
  const ids = new Set(storedFollowers(db, accountId, segment));
  for (const f of cfg.follows) if (f.account === accountId || (segment !== null && f.segment === segment)) ids.add(f.channel);
  return [...ids].map((id) => (isSlackUserId(id) ? { role: 'follower', id, tz: memberTimeZone(db, id) } : { role: 'channel', id, tz: null }));
}

/**
 * Replace every away person (away_until on or after their local today, with a delegate) by their delegate,
 * who inherits the role. Duplicates collapse to the first occurrence.
 */
export function routeAway(db: Db, recipients: Recipient[], now: Date, defaults: { summaryTime: string; timezone: string }): Recipient[] {
  const out: Recipient[] = [];
  const seen = new Set<string>();
  for (const r of recipients) {
    let to = r;
    if (isSlackUserId(r.id)) {
      const s = getSettings(db, r.id, defaults.summaryTime);
      const today = zonedParts(now, zoneOrUtc(r.tz ?? defaults.timezone)).date;
      if (s.awayUntil && s.delegateId && s.awayUntil >= today && s.delegateId !== r.id) {
        to = { ...r, id: s.delegateId, email: undefined, tz: memberTimeZone(db, s.delegateId) };
      }
    }
    if (seen.has(to.id)) continue;
    seen.add(to.id);
    out.push(to);
  }
  return out;
}
