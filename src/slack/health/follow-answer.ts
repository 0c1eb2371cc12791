/** `/health follow|unfollow …`: a person (or a named channel) follows an account or a segment. */
import { noticeBlocks } from '../../../blocks/lookup-answers';
import type { MessagePayload } from '../../../blocks/types';
import { accountByIdOrName } from '../../accounts/store';
import { knownSegments, matchSegment } from '../../accounts/segments';
import { follow, unfollow } from '../../attention/store';
import { escapeMrkdwn } from '../../lib/mrkdwn';
import type { SlackDeps } from '../deps';
import type { HealthIntent } from './parse';

export function followAnswer(deps: SlackDeps, userId: string, intent: Extract<HealthIntent, { kind: 'follow' }>): MessagePayload {
  const { target } = intent;
  let key: string;
  let label: string;
  if (target.kind === 'account') {
    const a = accountByIdOrName(deps.db, target.name);
    if (!a) return noticeBlocks(`No account is called “${escapeMrkdwn(target.name)}”. Use its slug or exact name, e.g. \`/health follow acme-corp\`.`);
    key = a.id;
    label = `*${escapeMrkdwn(a.name)}*`;
  } else {
    const segments = knownSegments(deps.db);
    const segment = matchSegment(segments, target.name);
    if (!segment) {
      const known = segments.slice(0, 20).map((s) => escapeMrkdwn(s));
      return noticeBlocks(`No accounts are in a segment called “${escapeMrkdwn(target.name)}”.${known.length ? ` Segments: ${known.join(', ')}.` : ''}`);
    }
    key = segment;
    label = `the *${escapeMrkdwn(segment)}* segment`;
  }
  const follower = intent.channel ?? userId;
  const whoText = intent.channel ? (intent.channel.startsWith('#') ? escapeMrkdwn(intent.channel) : `<#${intent.channel}>`) : 'You';
  const changed = intent.on ? follow(deps.db, follower, target.kind, key, deps.clock()) : unfollow(deps.db, follower, target.kind, key);
  deps.logger.info(`${intent.on ? 'follow' : 'unfollow'} ${target.kind} ${key} → ${follower} by ${userId}`);
  if (intent.on)
    return noticeBlocks(
      changed
        ? `${whoText} now follow${intent.channel ? 's' : ''} ${label}: alert messages about it go there too.`
        : `${whoText} already follow${intent.channel ? 's' : ''} ${label}.`,
    );
  return noticeBlocks(changed ? `${whoText} no longer follow${intent.channel ? 's' : ''} ${label}.` : `${whoText} did not follow ${label}.`);
}
