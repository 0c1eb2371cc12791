import { configuredChannels } from '../config/channels';
import type { AppConfig } from '../config/schema';

/** Is this a Slack conversation id (C…, G…, D…) rather than a #name? */
export const isChannelId = (channel: string): boolean => /^[CGD][A-Z0-9]{2,}$/.test(channel);

/**
 * Why each channel setting needs an id, said per setting. Messages accept a #name, but crash recovery looks a
 * message up with conversations.history (ids only) before re-sending it, and digest chart uploads
 * (files.uploadV2) take only an id, which only the leadership channel receives.
 */
export function channelSettingWarnings(config: AppConfig): string[] {
  const recovery = 'crash recovery (it checks conversations.history, which takes only an id, before re-sending a message that was in flight; with a name that check fails and the message stays unsent)';
  /** settings that receive more than messages, and what for */
  const extra: Record<string, string> = { 'digests.leadershipChannel': 'the digest chart uploads (files.uploadV2 takes only a channel id) and ' };
  return configuredChannels(config)
    .filter((s) => !isChannelId(s.channel))
    .map((s) => `warning: ${s.key} is "${s.channel}", not a channel id (C…). Messages still post by name, but ${extra[s.key] ?? ''}${recovery} need the id, and so does the start-up check that it is not shared outside the workspace (conversations.info).`);
}
