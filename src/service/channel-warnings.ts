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
  const settings: { key: string; channel: string; needs: string }[] = [
    { key: 'digests.leadershipChannel', channel: config.digests.leadershipChannel, needs: `the digest chart uploads (files.uploadV2 takes only a channel id) and ${recovery}` },
    { key: 'alerts.escalationChannel', channel: config.alerts.escalationChannel, needs: recovery },
  ];
  return settings
    .filter((s) => !isChannelId(s.channel))
    .map((s) => `warning: ${s.key} is "${s.channel}", not a channel id (C…). Messages still post by name, but ${s.needs} need the id.`);
}
