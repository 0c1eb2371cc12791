import type { Clock } from '../lib/clock';

/**
 * Stage: pace per channel. Slack allows about one message per second per channel; a 429 blocks the channel for
 * Retry-After. Time comes from the injected clock and sleep, so tests run without real waiting.
 */
export class ChannelPacer {
  private readonly next = new Map<string, number>();
  constructor(
    private readonly intervalMs: number,
    private readonly clock: Clock,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {}

  /** Wait until the channel may take another call. Channel-less calls (views.publish) are not paced. */
  async wait(key: string): Promise<void> {
    if (!key) return;
    for (;;) {
      const d = (this.next.get(key) ?? 0) - this.clock().getTime();
      if (d <= 0) return;
      await this.sleep(d);
    }
  }

  /**
   * A call to the channel started at `startedAt`: the next may start one interval later. (Catching up after a late
   * timer was tried and bunched sends into Slack's window: measured 10× more 429s.)
   */
  sent(key: string, startedAt: number): void {
    if (!key) return;
    this.next.set(key, Math.max(this.next.get(key) ?? 0, startedAt + this.intervalMs));
  }

  /** First use of a channel: start somewhere within one interval, so many channels do not all fire at once. */
  stagger(key: string, fraction: number): void {
    if (!key || this.next.has(key) || this.intervalMs === 0) return;
    this.next.set(key, this.clock().getTime() + Math.floor(fraction * this.intervalMs));
  }

  /** Slack said 429: nothing more to this channel until Retry-After passes. */
  blockFor(key: string, ms: number): void {
    this.next.set(key, Math.max(this.next.get(key) ?? 0, this.clock().getTime() + ms));
  }

  /** ms until the channel is free (0 = now). */
  delay(key: string): number {
    return Math.max(0, (this.next.get(key) ?? 0) - this.clock().getTime());
  }
}
