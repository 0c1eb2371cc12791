import type { AppConfig } from './schema';

/** Every channel the config names, by key: one list for the start-up warnings and the external-sharing guard. */
export function configuredChannels(config: AppConfig): { key: string; channel: string }[] {
  return [
    { key: 'digests.leadershipChannel', channel: config.digests.leadershipChannel },
    { key: 'alerts.escalationChannel', channel: config.alerts.escalationChannel },
  ];
}
