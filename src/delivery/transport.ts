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
  /**
   * The same for a file upload: the file this outbox row shared into `channel` (found by the outbox id stamped into
   * its file name, see uploadFilename), if it got there. `sinceMs` bounds the search (the row's creation time).
   */
  findUploaded(channel: string, outboxId: number, sinceMs: number): Promise<{ channel: string; file_ids: string[] } | null>;
}

/** Methods whose outcome can be checked in Slack after an unknown result (the others are simply sent again). */
export const CHECKABLE_METHODS = new Set(['chat.postMessage', 'files.uploadV2']);

/** An upload's file name carries its outbox id (`chart.png` → `chart.o42.png`), so recovery can find the file. */
export function uploadFilename(filename: string, outboxId: number): string {
  const dot = filename.lastIndexOf('.');
  return dot > 0 ? `${filename.slice(0, dot)}.o${outboxId}${filename.slice(dot)}` : `${filename}.o${outboxId}`;
}

export function isUploadOf(filename: string | undefined, outboxId: number): boolean {
  return !!filename && new RegExp(`\\.o${outboxId}(\\.[^.]*)?$`).test(filename);
}

/** Methods the pipeline knows how to send (anything else fails permanently with a clear reason). */
export const SUPPORTED_METHODS = new Set(['chat.postMessage', 'chat.update', 'chat.postEphemeral', 'views.publish', 'files.uploadV2']);
