/**
 * The outbox worker (Alertmanager-style pipeline): claim → prepare → pace → send → classify → record.
 * Channels are worked in parallel "lanes"; within a lane rows go one at a time in id order, paced.
 * The outbox table is the truth: a crash at any point leaves rows pending (resent) or sending (checked in Slack
 * for the metadata-stamped outbox id before any resend), so every message is delivered once.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db';
import type { DeliveryConfig } from '../config/sections/delivery';
import { type Clock, systemClock } from '../lib/clock';
import { backoffMs, classifyError } from './classify';
import { onOutboxEnqueued } from './kick';
import { ChannelPacer } from './pacer';
import { prepare } from './prepare';
import {
  type OutboxRow,
  claim,
  dueChannels,
  dueInChannel,
  hasPending,
  holdChannel,
  markFailed,
  markSent,
  release,
  staleSending,
  takeOver,
} from './rows';
import type { Transport } from './transport';

export interface DrainOptions {
  config: Partial<DeliveryConfig>;
  clock?: Clock;
  /** injectable wait (tests pass one that advances a fixed clock) */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** stop after this many rows were processed */
  maxBatch?: number;
  /** 'empty': keep going (waiting for backoffs) until no pending row is left; default: until nothing is due now */
  until?: 'empty';
  workerId?: string;
  log?: (line: string) => void;
}

export interface DrainResult {
  sent: number;
  failed: number;
  retried: number;
  /** rows found already delivered after a crash (not resent) */
  recovered: number;
  /** chat.updates dropped because a newer one for the same message exists */
  superseded: number;
}

const DEFAULTS: DeliveryConfig = {
  perChannelIntervalMs: 1000,
  maxAttempts: 8,
  backoffBaseMs: 1000,
  backoffMaxMs: 15 * 60 * 1000,
  staleClaimMs: 2 * 60 * 1000,
  maxConcurrentChannels: 50,
  pollIntervalMs: 1000,
  maxInFlightPerChannel: 1,
};

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const LANE_FETCH = 50;

/** State that outlives one drain (pacing memory, worker id), shared by the long-running worker's iterations. */
class Drainer {
  readonly cfg: DeliveryConfig;
  readonly clock: Clock;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
  readonly workerId: string;
  readonly pacer: ChannelPacer;
  readonly log: (line: string) => void;
  stopping = false;

  constructor(
    readonly db: Db,
    readonly transport: Transport,
    opts: DrainOptions,
  ) {
    this.cfg = { ...DEFAULTS, ...opts.config };
    // Offline there is no Slack rate limit to respect: the outbox file takes every line at once.
    if (transport.kind === 'file') this.cfg.perChannelIntervalMs = 0;
    this.clock = opts.clock ?? systemClock;
    this.sleep = opts.sleep ?? realSleep;
    this.random = opts.random ?? Math.random;
    this.workerId = opts.workerId ?? `w-${process.pid}-${randomUUID().slice(0, 8)}`;
    this.pacer = new ChannelPacer(this.cfg.perChannelIntervalMs, this.clock, this.sleep);
    this.log = opts.log ?? ((l) => process.stderr.write(`${l}\n`));
  }

  private now() {
    return this.clock();
  }

  /** Stage: recover rows another (crashed) worker left in 'sending'. */
  async recoverStale(res: DrainResult): Promise<void> {
    const now = this.now();
    for (const row of staleSending(this.db, this.workerId, new Date(now.getTime() - this.cfg.staleClaimMs).toISOString())) {
      if (!takeOver(this.db, row, this.workerId, now.toISOString())) continue;
      if (row.method !== 'chat.postMessage') {
        // chat.update / views.publish are idempotent: simply send again.
        release(this.db, row, now.toISOString(), 'recovered after crash: resending', true);
        continue;
      }
      const prep = prepare(this.db, row, now.getTime());
      if (prep.kind !== 'send') {
        release(this.db, row, now.toISOString(), 'recovered after crash', true);
        continue;
      }
      try {
        const found = await this.transport.findPosted(String(prep.args.channel ?? ''), row.id, prep.args.thread_ts as string | undefined);
        if (found) {
          markSent(this.db, row, { ...found, recovered: true }, this.now().toISOString());
          res.recovered += 1;
        } else {
          release(this.db, row, this.now().toISOString(), 'recovered after crash: not in Slack, resending', true);
        }
      } catch (e) {
        // Cannot tell whether it was delivered: keep it claimed (a later sweep asks again) rather than risk a duplicate.
        this.log(`outbox #${row.id}: crash-recovery check failed (${classifyError(e).reason}); will check again`);
      }
    }
  }

  /** One row through prepare → pace → send → classify → record. */
  async process(row: OutboxRow, res: DrainResult): Promise<void> {
    const key = row.channel ?? '';
    const prep = prepare(this.db, row, this.now().getTime());
    if (prep.kind === 'skip') {
      markSent(this.db, row, { skipped: prep.reason }, this.now().toISOString());
      res.superseded += 1;
      return;
    }
    if (prep.kind === 'fail') return this.fail(row, prep.reason, res);
    if (prep.kind === 'defer') {
      release(this.db, row, new Date(prep.untilMs).toISOString(), prep.reason, true);
      return;
    }
    try {
      const result = await this.transport.call(row.method, prep.args);
      markSent(this.db, row, { ...result }, this.now().toISOString());
      res.sent += 1;
    } catch (e) {
      const f = classifyError(e);
      if (f.kind === 'permanent') return this.fail(row, f.reason, res);
      const now = this.now();
      if (f.kind === 'ratelimited') {
        this.pacer.blockFor(key, f.retryAfterMs);
        const until = new Date(now.getTime() + f.retryAfterMs).toISOString();
        release(this.db, row, until, `${f.reason} (retry after ${f.retryAfterMs} ms)`, true);
        holdChannel(this.db, key, until);
        res.retried += 1;
        return;
      }
      if (row.attempts >= this.cfg.maxAttempts) return this.fail(row, `gave up after ${row.attempts} attempts: ${f.reason}`, res);
      const wait = backoffMs(row.attempts, this.cfg.backoffBaseMs, this.cfg.backoffMaxMs, this.random);
      release(this.db, row, new Date(now.getTime() + wait).toISOString(), `${f.reason} (attempt ${row.attempts}, retry in ${wait} ms)`, false);
      res.retried += 1;
    }
  }

  private fail(row: OutboxRow, reason: string, res: DrainResult) {
    markFailed(this.db, row, reason);
    res.failed += 1;
    this.log(`outbox #${row.id} ${row.method} to ${row.channel ?? '-'} failed: ${reason}`);
  }

  /**
   * A lane works one channel until it has nothing due (or the batch budget is spent). Sends start on the pacing
   * schedule; with maxInFlightPerChannel > 1 a slow response does not hold back the next paced send.
   */
  async lane(key: string, res: DrainResult, budget: { left: number }): Promise<void> {
    const inflight = new Set<Promise<void>>();
    const max = Math.max(1, this.cfg.maxInFlightPerChannel);
    const interval = key ? this.cfg.perChannelIntervalMs : 0;
    // Window guard: the (N+1)th send may not start until 1 s after the Nth-previous one *finished*, so even when
    // request latency varies, no more than N calls ever reach Slack within any one-second window.
    const n = interval > 0 ? Math.max(1, Math.round(1000 / interval)) : 0;
    const windowMs = n * interval;
    const recent: { done: Promise<void>; end: number }[] = [];
    this.pacer.stagger(key, this.random());
    try {
      outer: while (!this.stopping && budget.left > 0) {
        const ids = dueInChannel(this.db, key, this.now().toISOString(), LANE_FETCH);
        if (!ids.length) break;
        let progressed = false;
        for (const id of ids) {
          if (this.stopping || budget.left <= 0) break outer;
          while (inflight.size >= max) await Promise.race(inflight);
          if (n && recent.length >= n) {
            const past = recent[recent.length - n];
            await past.done;
            const wait = past.end + windowMs - this.now().getTime();
            if (wait > 0) await this.sleep(wait);
          }
          // A channel blocked by Retry-After ends the lane (the dispatcher comes back); normal pacing waits here,
          // before the claim, so no row is held while we wait.
          if (this.blocked(key)) break outer;
          await this.pacer.wait(key);
          const row = claim(this.db, id, this.workerId, this.now().toISOString());
          if (!row) continue;
          budget.left -= 1;
          progressed = true;
          this.pacer.sent(key, this.now().getTime());
          const p: Promise<void> = this.process(row, res).finally(() => inflight.delete(p));
          inflight.add(p);
          if (n) {
            const entry = { done: Promise.resolve(), end: Number.POSITIVE_INFINITY };
            entry.done = p.then(
              () => void (entry.end = this.now().getTime()),
              () => void (entry.end = this.now().getTime()),
            );
            recent.push(entry);
            if (recent.length > n) recent.shift();
          }
        }
        if (!progressed) break;
      }
    } finally {
      await Promise.all(inflight);
    }
  }

  private blocked(key: string): boolean {
    return this.pacer.delay(key) > this.cfg.perChannelIntervalMs;
  }

  async drain(opts: Pick<DrainOptions, 'maxBatch' | 'until'>): Promise<DrainResult> {
    const res: DrainResult = { sent: 0, failed: 0, retried: 0, recovered: 0, superseded: 0 };
    const budget = { left: opts.maxBatch ?? Number.POSITIVE_INFINITY };
    await this.recoverStale(res);
    const lanes = new Map<string, Promise<void>>();
    let lastSweep = this.now().getTime();
    for (;;) {
      if (this.stopping || budget.left <= 0) break;
      let blockedMs = Number.POSITIVE_INFINITY;
      for (const key of dueChannels(this.db, this.now().toISOString(), this.cfg.maxConcurrentChannels * 4)) {
        if (lanes.size >= this.cfg.maxConcurrentChannels) break;
        if (lanes.has(key)) continue;
        if (this.blocked(key)) {
          blockedMs = Math.min(blockedMs, this.pacer.delay(key));
          continue;
        }
        lanes.set(
          key,
          this.lane(key, res, budget).finally(() => lanes.delete(key)),
        );
      }
      if (lanes.size > 0) {
        // A channel held by Retry-After is picked up again as soon as it frees, not only when another lane ends.
        const wake = opts.until === 'empty' && Number.isFinite(blockedMs) ? [this.sleep(Math.min(blockedMs, this.cfg.pollIntervalMs))] : [];
        await Promise.race([...lanes.values(), ...wake]);
        continue;
      }
      if (opts.until !== 'empty') break;
      const state = hasPending(this.db);
      if (state.pending === 0 && state.sending === 0) break;
      // Nothing due: wait for the next backoff / Retry-After, or for orphaned claims to go stale.
      const nowMs = this.now().getTime();
      if (nowMs - lastSweep >= Math.min(this.cfg.staleClaimMs, 1000)) {
        await this.recoverStale(res);
        lastSweep = nowMs;
      }
      const nextDue = state.nextAt ? Date.parse(state.nextAt) - nowMs : Number.POSITIVE_INFINITY;
      const wait = Math.min(nextDue > 0 ? nextDue : Number.POSITIVE_INFINITY, blockedMs, this.cfg.pollIntervalMs);
      await this.sleep(Math.max(1, wait));
    }
    await Promise.all(lanes.values());
    return res;
  }
}

/** Send what is due (or, with until: 'empty', everything) and return what happened. */
export async function drainOutbox(db: Db, transport: Transport, opts: DrainOptions): Promise<DrainResult> {
  return new Drainer(db, transport, opts).drain(opts);
}

export interface OutboxWorker {
  stop(): Promise<void>;
  /** new rows were enqueued: look now instead of at the next poll */
  kick(): void;
}

/** The long-running worker for the service: drains, then sleeps until kicked or the poll interval passes. */
export function startOutboxWorker(db: Db, transport: Transport, opts: Omit<DrainOptions, 'until' | 'maxBatch'>): OutboxWorker {
  const d = new Drainer(db, transport, opts);
  let wake: (() => void) | null = null;
  let kicked = false;
  const unsubscribe = onOutboxEnqueued(() => {
    kicked = true;
    wake?.();
  });
  const loop = (async () => {
    while (!d.stopping) {
      kicked = false;
      try {
        await d.drain({});
      } catch (e) {
        d.log(`outbox worker: ${(e as Error).message}`);
      }
      if (d.stopping) break;
      if (kicked) continue;
      await new Promise<void>((r) => {
        wake = r;
        const t = setTimeout(r, d.cfg.pollIntervalMs);
        t.unref?.();
      });
      wake = null;
    }
  })();
  return {
    kick() {
      kicked = true;
      wake?.();
    },
    async stop() {
      d.stopping = true;
      unsubscribe();
      wake?.();
      await loop;
    },
  };
}
