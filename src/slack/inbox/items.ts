import type { AlertClick } from '../../alerts/actions';

/** "Share in channel": what the click asked for, saved before the ack (the guard check and enqueue come after). */
export interface ShareRequest {
  kind: 'share';
  accountId: string;
  channel: string;
  /** the conversation's #name, for the admin's allow list */
  channelName?: string;
  /** Slack's action_ts: a retried delivery of the same click shares once */
  actionTs: string;
}

/** What the inbox holds: alert clicks and share requests (rows saved before shares existed are alert clicks). */
export type InboxItem = AlertClick | ShareRequest;

/** One line for logs: which alert or account the item is about. */
export function describeItem(item: InboxItem): string {
  return item.kind === 'share' ? `share ${item.accountId} → ${item.channel}` : `alert #${item.alertId} ${item.kind}`;
}
