import type { AppEnv } from '../../config/schema';
import type { Transport } from '../transport';
import { createFileTransport } from './file';
import { createDeliveryWebClient, createSlackTransport } from './slack';

export { createFileTransport } from './file';
export { createDeliveryWebClient, createSlackTransport } from './slack';

/** Slack when a bot token is configured, else the offline outbox file (same pipeline either way). */
export function createTransportFromEnv(env: AppEnv, outboxFilePath: string, requestTimeoutMs?: number): Transport {
  if (env.SLACK_BOT_TOKEN) return createSlackTransport(createDeliveryWebClient(env.SLACK_BOT_TOKEN, env.SLACK_API_URL, requestTimeoutMs));
  return createFileTransport(outboxFilePath);
}
