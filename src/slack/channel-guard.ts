/**
 * Nothing private leaves the team: cards, digests and alerts are never posted into an externally shared
 * (Slack Connect) conversation unless the admin lists it in slack.allowExternalChannels.
 * Slack says whether a conversation is shared in conversations.info (is_ext_shared, is_shared); answers are
 * cached for slack.externalCheckCacheMinutes so a busy channel costs one lookup per TTL.
 */
import { ChannelDirectory, resolveChannelConfig } from '../delivery/channel-names';
import { WebClient } from '@slack/web-api';
import { configuredChannels } from '../config/channels';
import { ConfigError } from '../config/load';
import type { AppConfig } from '../config/schema';
import type { Clock } from '../lib/clock';

/** The one Web API call the guard needs (a WebClient fits). */
export interface ConversationsInfoClient {
  conversations: { info(args: { channel: string }): Promise<{ channel?: { is_ext_shared?: boolean; is_shared?: boolean; is_org_shared?: boolean } }> };
}

export type ChannelCheck = { ok: true; allowedExternal: boolean } | { ok: false; reason: 'external' } | { ok: false; reason: 'unchecked'; error: string };

export interface ChannelGuardOptions {
  /** channel ids or #names that may be externally shared */
  allow: string[];
  cacheMinutes: number;
  clock: Clock;
}

export class ExternalChannelGuard {
  private readonly cache = new Map<string, { external: boolean; at: number }>();
  private readonly allow: Set<string>;

  constructor(
    private readonly client: ConversationsInfoClient,
    private readonly opts: ChannelGuardOptions,
  ) {
    this.allow = new Set(opts.allow.map((c) => c.trim().toLowerCase()));
  }

  /** Listed by the admin under any of its names (id, or #name). */
  isAllowed(...names: (string | undefined)[]): boolean {
    return names.some((n) => n !== undefined && this.allow.has(n.trim().toLowerCase()));
  }

  /** Is the conversation shared outside the workspace? Throws when Slack cannot say (the caller refuses). */
  async isExternal(channel: string): Promise<boolean> {
    const now = this.opts.clock().getTime();
    const hit = this.cache.get(channel);
    if (hit && now - hit.at < this.opts.cacheMinutes * 60_000) return hit.external;
    const r = await this.client.conversations.info({ channel });
    // is_shared covers shared with another workspace or organisation; is_ext_shared, Slack Connect.
    const external = Boolean(r.channel?.is_ext_shared || r.channel?.is_shared);
    this.cache.set(channel, { external, at: now });
    return external;
  }

  /** May the bot post into `channel` (with `alsoKnownAs`, e.g. its #name)? Fails closed when Slack cannot say. */
  async check(channel: string, ...alsoKnownAs: (string | undefined)[]): Promise<ChannelCheck> {
    let external: boolean;
    try {
      external = await this.isExternal(channel);
    } catch (e) {
      return { ok: false, reason: 'unchecked', error: slackError(e) };
    }
    if (!external) return { ok: true, allowedExternal: false };
    return this.isAllowed(channel, ...alsoKnownAs) ? { ok: true, allowedExternal: true } : { ok: false, reason: 'external' };
  }
}

export function channelGuardFor(client: ConversationsInfoClient, config: AppConfig, clock: Clock): ExternalChannelGuard {
  return new ExternalChannelGuard(client, { allow: config.slack.allowExternalChannels, cacheMinutes: config.slack.externalCheckCacheMinutes, clock });
}

function slackError(e: unknown): string {
  const data = (e as { data?: { error?: string } }).data;
  return data?.error ?? (e as Error).message ?? String(e);
}

/**
 * At online start-up: refuse a configured channel that is externally shared (and not allowed), naming the key.
 * `channels` are the configured channels with ids (checkConfiguredChannels resolves #names first; a #name that
 * reaches here cannot be checked by conversations.info and is skipped). Throws ConfigError listing every refused setting.
 */
export async function assertConfiguredChannelsInternal(
  guard: ExternalChannelGuard,
  channels: { key: string; channel: string; name?: string }[],
  log: (line: string) => void,
): Promise<void> {
  const issues: string[] = [];
  for (const c of channels) {
    // conversations.info takes only ids.
    if (c.channel.startsWith('#')) continue;
    const r = await guard.check(c.channel, c.name);
    if (r.ok && r.allowedExternal) log(`${c.key} (${c.channel}) is shared outside the workspace; allowed by slack.allowExternalChannels`);
    if (r.ok) continue;
    issues.push(
      r.reason === 'external'
        ? `${c.key}: ${c.channel} is shared outside the workspace (Slack Connect); Bellwether posts account health there only if slack.allowExternalChannels lists it`
        : `${c.key}: could not check whether ${c.channel} is shared outside the workspace (conversations.info: ${r.error})`,
    );
  }
  if (issues.length) throw new ConfigError(`Refusing to post account health to Slack: ${issues.join('; ')}`, issues);
}

/** Before posting to Slack with a bot token (online start-up, CLI delivery): check every configured channel. */
export async function checkConfiguredChannels(
  slack: { token: string; apiUrl?: string },
  config: AppConfig,
  clock: Clock,
  log: (line: string) => void,
  /** the caller's already-loaded channel directory (online start-up), so the list is not fetched twice */
  directory?: ChannelDirectory,
): Promise<void> {
  const client = new WebClient(slack.token, {
    ...(slack.apiUrl ? { slackApiUrl: slack.apiUrl } : {}),
    retryConfig: { retries: 2, factor: 2, minTimeout: 500 },
  });
  // #names first (conversations.info takes only ids); an unknown name is a ConfigError naming its key.
  const named = configuredChannels(config);
  const { config: withIds } = await resolveChannelConfig(config, directory ?? new ChannelDirectory(client));
  const channels = configuredChannels(withIds).map((c, i) => ({ ...c, ...(named[i].channel.startsWith('#') ? { name: named[i].channel } : {}) }));
  await assertConfiguredChannelsInternal(channelGuardFor(client, config, clock), channels, log);
}
