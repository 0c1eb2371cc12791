/**
 * Start-up resolution of configured channel names (`#cs-escalations`) to ids. Slack accepts a #name for posting,
 * but not for conversations.history (crash recovery), files.list or uploads, so the online service works with ids
 * only. Names come from one paged conversations.list, cached for the life of the process.
 */
import type { WebClient } from '@slack/web-api';
import { ConfigError } from '../config/load';
import { configuredChannels } from '../config/channels';
import type { AppConfig } from '../config/schema';

/** Why each channel setting must be an id, said in the start-up line that resolves it. */
const ID_NEEDED_FOR: Record<string, string> = {
  'digests.leadershipChannel': 'digest chart uploads (files.uploadV2), crash recovery (conversations.history) and the external-sharing check take only ids',
  'alerts.escalationChannel': 'crash recovery (conversations.history) and the external-sharing check take only ids',
};

const PAGE_LIMIT = 1000;
const MAX_PAGES = 100;

export class ChannelDirectory {
  private readonly byName = new Map<string, string>();
  private loaded = false;

  constructor(private readonly client: WebClient) {}

  /** Every channel the bot can see, name → id (public and private, archived left out). */
  async load(): Promise<number> {
    if (this.loaded) return this.byName.size;
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const r = (await this.client.conversations.list({
        types: 'public_channel,private_channel',
        exclude_archived: true,
        limit: PAGE_LIMIT,
        ...(cursor ? { cursor } : {}),
      })) as { channels?: { id?: string; name?: string }[]; response_metadata?: { next_cursor?: string } };
      for (const c of r.channels ?? []) if (c.id && c.name) this.byName.set(c.name, c.id);
      cursor = r.response_metadata?.next_cursor || undefined;
      if (!cursor) break;
    }
    this.loaded = true;
    return this.byName.size;
  }

  /** `#name` → id (undefined when unknown); anything else is already an id and is returned as is. */
  idOf(channel: string): string | undefined {
    return channel.startsWith('#') ? this.byName.get(channel.slice(1)) : channel;
  }
}

export interface ResolvedChannel {
  key: string;
  name: string;
  id: string;
  /** what needs the id rather than the name */
  why: string;
}

/** The start-up line for a resolved channel: where it went, and why a name would not do. */
export const resolvedLine = (r: ResolvedChannel): string => `${r.key}: ${r.name} is ${r.id} (${r.why})`;

/**
 * The config with every channel key holding an id. An unknown name stops start-up with an error naming the key.
 */
export async function resolveChannelConfig(config: AppConfig, dir: ChannelDirectory): Promise<{ config: AppConfig; resolved: ResolvedChannel[] }> {
  const names = configuredChannels(config)
    .map((c) => ({ key: c.key, value: c.channel }))
    .filter((c) => c.value.startsWith('#'));
  if (!names.length) return { config, resolved: [] };
  try {
    await dir.load();
  } catch (e) {
    const what = names.map((n) => `${n.key} (${n.value})`).join(', ');
    throw new ConfigError(`could not resolve ${what}: conversations.list failed`, [
      `${names[0].key}: conversations.list failed (${(e as Error).message}); the app needs channels:read and groups:read, or set channel ids (C…)`,
    ]);
  }
  const resolved: ResolvedChannel[] = [];
  const problems: string[] = [];
  for (const { key, value } of names) {
    const id = dir.idOf(value);
    if (id) resolved.push({ key, name: value, id, why: ID_NEEDED_FOR[key] ?? 'crash recovery takes only ids' });
    else
      problems.push(
        `${key}: channel "${value}" was not found (is the bot in it, and does it have channels:read/groups:read?); set the channel id (C…) or an existing #name`,
      );
  }
  if (problems.length) throw new ConfigError(`unknown channel in config: ${problems.map((p) => p.split(':')[0]).join(', ')}`, problems);
  const idFor = (key: string, current: string) => resolved.find((r) => r.key === key)?.id ?? current;
  return {
    config: {
      ...config,
      alerts: { ...config.alerts, escalationChannel: idFor('alerts.escalationChannel', config.alerts.escalationChannel) },
      digests: { ...config.digests, leadershipChannel: idFor('digests.leadershipChannel', config.digests.leadershipChannel) },
    },
    resolved,
  };
}
