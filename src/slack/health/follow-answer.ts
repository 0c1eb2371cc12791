/** `/health follow|unfollow …`: a person (or a named channel) follows an account or a segment. */
import { noticeBlocks } from '../../../blocks/lookup-answers';
import type { MessagePayload } from '../../../blocks/types';
import { stmt } from '../../accounts/statements';
import { follow, unfollow } from '../../attention/store';
import { escapeMrkdwn } from '../../lib/mrkdwn';
import type { SlackDeps } from '../deps';
import type { HealthIntent } from './parse';

export function followAnswer(deps: SlackDeps, userId: string, intent: Extract<HealthIntent, { kind: 'follow' }>): MessagePayload {
  const { target } = intent;
  let key: string;
  let label: string;
  if (target.kind === 'account') {
    const a = stmt(deps.db, 'select id, name from accounts where id = ? or lower(name) = lower(?) order by id = ? desc limit 1').get(target.name, target.name, target.name) as
      | { id: string; name: string }
      | undefined;
    if (!a) return noticeBlocks(`No account is called “${escapeMrkdwn(target.name)}”. Use its slug or exact name, e.g. \`/health follow acme-corp\`.`);
    key = a.id;
    label = `*${escapeMrkdwn(a.name)}*`;
  } else {
    const s = stmt(deps.db, 'select segment from accounts where lower(segment) = lower(?) limit 1').get(target.name) as { segment: string } | undefined;
    if (!s) {
      const known = (stmt(deps.db, 'select distinct segment from accounts where segment is not null order by segment limit 20').all() as { segment: string }[]).map((r) => escapeMrkdwn(r.segment));
      return noticeBlocks(`No accounts are in a segment called “${escapeMrkdwn(target.name)}”.${known.length ? ` Segments: ${known.join(', ')}.` : ''}`);
    }
    key = s.segment;
    label = `the *${escapeMrkdwn(s.segment)}* segment`;
  }
  const follower = intent.channel ?? userId;
  const whoText = intent.channel ? (intent.channel.startsWith('#') ? escapeMrkdwn(intent.channel) : `<#${intent.channel}>`) : 'You';
  const changed = intent.on ? follow(deps.db, follower, target.kind, key, deps.clock()) : unfollow(deps.db, follower, target.kind, key);
  deps.logger.info(`${intent.on ? 'follow' : 'unfollow'} ${target.kind} ${key} → ${follower} by ${userId}`);
  if (intent.on) return noticeBlocks(changed ? `${whoText} now follow${intent.channel ? 's' : ''} ${label}: alert messages about it go there too.` : `${whoText} already follow${intent.channel ? 's' : ''} ${label}.`);
  return noticeBlocks(changed ? `${whoText} no longer follow${intent.channel ? 's' : ''} ${label}.` : `${whoText} did not follow ${label}.`);
}
