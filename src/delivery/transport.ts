/** Where outbox rows end up: Slack's Web API, or (offline) a JSON-lines file. */
export interface SendResult {
  channel?: string;
  ts?: string;
  [k: string]: unknown;
}

export interface Transport {
  readonly kind: 'slack' | 'file';
  /** Perform one Web API call. Throws on failure (the classify stage decides retry vs permanent). */
  call(method: string, args: Record<string, unknown>): Promise<SendResult>;
  /**
   * Crash recovery: the message this outbox row posted, if it reached Slack before the crash (found by the
   * outbox_id carried in message metadata). `threadTs` searches a thread instead of the channel.
   */
  findPosted(channel: string, outboxId: number, threadTs?: string): Promise<{ channel: string; ts: string } | null>;
}

/** Methods the pipeline knows how to send (anything else fails permanently with a clear reason). */
export const SUPPORTED_METHODS = new Set(['chat.postMessage', 'chat.update', 'chat.postEphemeral', 'views.publish', 'files.uploadV2']);
