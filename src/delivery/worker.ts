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
import { backoffMs, classifyError, noAnswer } from './classify';
import { onOutboxEnqueued } from './kick';
import { ChannelPacer } from './pacer';
import { prepare } from './prepare';
import { type OutboxRow, claim, dueChannels, dueInChannel, hasPending, holdChannel, markFailed, markSent, release, staleSending, takeOver } from './store/rows';
import { countDelivery, countRateLimited } from '../observability/metrics';
import { CHECKABLE_METHODS, type Transport } from './transport';

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
  requestTimeoutMs: 10_000,
  stopGraceMs: 5000,
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
  /** delivery checks that failed in a row, per outbox id (their backoff) */
  private readonly checkFailures = new Map<number, number>();
  /** bumped by nudge(): lanes compare it to notice new rows */
  private epoch = 0;
  private nudgeWaiter: { promise: Promise<void>; resolve: () => void } | null = null;
  private resolveStop!: () => void;
  readonly stopSignal = new Promise<void>((r) => (this.resolveStop = r));

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

  /**
   * Stage: recover rows another (crashed) worker left in 'sending'. A post or upload may or may not have reached
   * Slack: it goes back to pending marked unsure, and is checked in Slack (with backoff, as often as it takes) before
   * any resend, in its channel's lane. chat.update / views.publish are idempotent: simply sent again.
   */
  async recoverStale(res: DrainResult): Promise<void> {
    const now = this.now();
    for (const row of staleSending(this.db, this.workerId, new Date(now.getTime() - this.cfg.staleClaimMs).toISOString())) {
      if (!takeOver(this.db, row, this.workerId, now.toISOString())) continue;
      const unsure = CHECKABLE_METHODS.has(row.method);
      release(
        this.db,
        row,
        now.toISOString(),
        unsure ? 'recovered after crash: checking Slack before resending' : 'recovered after crash: resending',
        true,
        unsure || undefined,
      );
      res.retried += 1;
    }
  }

  /** Did an earlier attempt of this row reach Slack? Throws when Slack cannot tell us (then: check again later). */
  private async delivered(row: OutboxRow, args: Record<string, unknown>): Promise<Record<string, unknown> | null> {
    if (row.method === 'files.uploadV2') {
      const created = Date.parse(row.createdAt);
      return this.transport.findUploaded(String(args.channel_id ?? row.channel ?? ''), row.id, Number.isFinite(created) ? created : 0);
    }
    return this.transport.findPosted(String(args.channel ?? ''), row.id, args.thread_ts as string | undefined);
  }

  /** One row through prepare → (check, if unsure) → pace → send → classify → record. */
  async process(row: OutboxRow, res: DrainResult): Promise<void> {
    const key = row.channel ?? '';
    const prep = prepare(this.db, row, this.now().getTime());
    if (prep.kind === 'skip') {
      await this.record(row, () => markSent(this.db, row, { skipped: prep.reason }, this.now().toISOString()));
      res.superseded += 1;
      countDelivery(row.method, 'superseded');
      return;
    }
    if (prep.kind === 'fail') return this.fail(row, prep.reason, res);
    if (prep.kind === 'defer') {
      await this.record(row, () => release(this.db, row, new Date(prep.untilMs).toISOString(), prep.reason, true));
      countDelivery(row.method, 'deferred');
      return;
    }
    if (row.unsure && CHECKABLE_METHODS.has(row.method)) {
      let found: Record<string, unknown> | null;
      try {
        found = await this.delivered(row, prep.args);
      } catch (e) {
        // Slack could not tell us: never resend blind; ask again with backoff, for as long as it takes.
        const n = (this.checkFailures.get(row.id) ?? 0) + 1;
        this.checkFailures.set(row.id, n);
        const wait = backoffMs(n, this.cfg.backoffBaseMs, this.cfg.backoffMaxMs, this.random);
        const reason = `delivery check failed (${classifyError(e).reason}); checking again in ${wait} ms`;
        this.log(`outbox #${row.id}: ${reason}`);
        await this.record(row, () => release(this.db, row, new Date(this.now().getTime() + wait).toISOString(), reason, true));
        return;
      }
      this.checkFailures.delete(row.id);
      if (found) return this.recovered(row, found, res);
      // Not in Slack: the earlier attempt never landed. This claim is the next real attempt.
      if (row.attempts > this.cfg.maxAttempts) return this.fail(row, `gave up after ${row.attempts - 1} attempts (none reached Slack)`, res);
    }
    let result: Record<string, unknown>;
    try {
      result = { ...(await this.transport.call(row.method, prep.args)) };
    } catch (e) {
      const f = classifyError(e);
      if (f.kind === 'permanent') return this.fail(row, f.reason, res);
      const now = this.now();
      if (f.kind === 'ratelimited') {
        countRateLimited(row.method);
        countDelivery(row.method, 'ratelimited');
        this.pacer.blockFor(key, f.retryAfterMs);
        const until = new Date(now.getTime() + f.retryAfterMs).toISOString();
        await this.record(row, () => {
          release(this.db, row, until, `${f.reason} (retry after ${f.retryAfterMs} ms)`, true);
          holdChannel(this.db, key, until);
        });
        res.retried += 1;
        return;
      }
      // Timeout, 5xx, network error: Slack may have done it. A post or upload is checked before it goes again.
      const unsure = CHECKABLE_METHODS.has(row.method);
      countDelivery(row.method, unsure ? 'unknown' : 'retried');
      if (row.attempts >= this.cfg.maxAttempts && !(unsure && noAnswer(e))) {
        // Last attempt: give up only once Slack confirms it does not have the message. (A call with no answer at all
        // might still land: it goes back as unsure and is checked after requestTimeoutMs, then given up if absent.)
        const found = unsure ? await this.delivered(row, prep.args).catch(() => undefined) : null;
        if (found) return this.recovered(row, found, res);
        if (found === null) return this.fail(row, `gave up after ${row.attempts} attempts: ${f.reason}`, res);
      }
      let wait = backoffMs(row.attempts, this.cfg.backoffBaseMs, this.cfg.backoffMaxMs, this.random);
      // Without an answer the request may still reach Slack late: check only once it has surely landed or died.
      if (unsure && noAnswer(e)) wait = Math.max(wait, this.cfg.requestTimeoutMs);
      const reason = `${f.reason} (attempt ${row.attempts}, ${unsure ? 'outcome unknown, will check' : 'retry'} in ${wait} ms)`;
      await this.record(row, () => release(this.db, row, new Date(now.getTime() + wait).toISOString(), reason, false, unsure));
      res.retried += 1;
      return;
    }
    // Slack has it. From here on the row is never sent again, whatever the database says: only the bookkeeping retries.
    await this.record(row, () => markSent(this.db, row, result, this.now().toISOString()));
    res.sent += 1;
    countDelivery(row.method, 'sent');
  }

  private async recovered(row: OutboxRow, found: Record<string, unknown>, res: DrainResult): Promise<void> {
    await this.record(row, () => markSent(this.db, row, { ...found, recovered: true }, this.now().toISOString()));
    res.recovered += 1;
    countDelivery(row.method, 'recovered');
  }

  /**
   * Recording an outcome (sent, failed, back to pending): retried with backoff (e.g. SQLITE_BUSY during a long
   * import) until it sticks, so a row is never left 'sending' by a live worker and a post is never sent again because
   * its bookkeeping failed. If the worker stops first, the row stays 'sending' and the next start checks Slack.
   */
  private async record(row: OutboxRow, write: () => void): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        write();
        return;
      } catch (e) {
        if (this.stopping) {
          this.log(`outbox #${row.id}: recording its outcome failed at shutdown (${(e as Error).message}); the next start checks Slack`);
          return;
        }
        const wait = backoffMs(attempt, 50, 5000, this.random);
        this.log(`outbox #${row.id}: recording its outcome failed (${(e as Error).message}); retrying in ${wait} ms (not resending)`);
        await realSleep(wait);
      }
    }
  }

  private async fail(row: OutboxRow, reason: string, res: DrainResult): Promise<void> {
    await this.record(row, () => markFailed(this.db, row, reason));
    res.failed += 1;
    countDelivery(row.method, 'failed');
    this.log(`outbox #${row.id} ${row.method} to ${row.channel ?? '-'} failed: ${reason}`);
  }

  /**
   * A lane works one channel until it has nothing due (or the batch budget is spent). Sends start on the pacing
   * schedule; with maxInFlightPerChannel > 1 a slow response does not hold back the next paced send.
   * A kick (a click's update was enqueued) makes the lane look again before its next claim, so the update goes next.
   */
  async lane(key: string, res: DrainResult, budget: { left: number }, interactive = false): Promise<void> {
    const inflight = new Set<Promise<void>>();
    const max = Math.max(1, this.cfg.maxInFlightPerChannel);
    const interval = key ? this.cfg.perChannelIntervalMs : 0;
    // Window guard: the (N+1)th send may not start until 1 s after the Nth-previous one *finished*, so even when
    // request latency varies, no more than N calls ever reach Slack within any one-second window.
    const n = interval > 0 ? Math.max(1, Math.round(1000 / interval)) : 0;
    const windowMs = n * interval;
    const recent: { done: Promise<void>; end: number }[] = [];
    // Spread first sends over one interval so many channels do not fire at once; a click's update does not wait for that.
    if (!interactive) this.pacer.stagger(key, this.random());
    try {
      outer: while (!this.stopping && budget.left > 0) {
        const epoch = this.epoch;
        const ids = dueInChannel(this.db, key, this.now().toISOString(), LANE_FETCH);
        if (!ids.length) break;
        let progressed = false;
        for (const id of ids) {
          if (this.stopping || budget.left <= 0) break outer;
          while (inflight.size >= max && !this.stopping) await Promise.race([...inflight, this.stopSignal]);
          if (n && recent.length >= n) {
            const past = recent[recent.length - n];
            await Promise.race([past.done, this.stopSignal]);
            if (this.stopping) break outer;
            const wait = past.end + windowMs - this.now().getTime();
            if (wait > 0) await this.sleep(wait);
          }
          if (this.stopping) break outer;
          // A channel blocked by Retry-After ends the lane (the dispatcher comes back); normal pacing waits here,
          // before the claim, so no row is held while we wait.
          if (this.blocked(key)) break outer;
          await this.pacer.wait(key);
          if (this.epoch !== epoch) {
            progressed = true;
            continue outer; // something new was enqueued (a click's update?): it may belong first
          }
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
      await this.settle(inflight);
    }
  }

  /** Wait for calls in flight; once stopping, at most stopGraceMs (a hung call must not block shutdown). */
  private async settle(inflight: Iterable<Promise<void>>): Promise<void> {
    const all = Promise.all(inflight).then(() => undefined);
    await Promise.race([all, this.stopSignal]);
    if (!this.stopping) return;
    let t: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((r) => {
      t = setTimeout(r, this.cfg.stopGraceMs);
      t.unref?.();
    });
    await Promise.race([all, grace]);
    clearTimeout(t);
  }

  private blocked(key: string): boolean {
    return this.pacer.delay(key) > this.cfg.perChannelIntervalMs;
  }

  /** Something was enqueued: lanes look again before their next claim, the dispatcher looks for new channels. */
  nudge(): void {
    this.epoch += 1;
    this.nudgeWaiter?.resolve();
    this.nudgeWaiter = null;
  }

  /** One shared promise per nudge (so a long quiet spell does not pile up waiters). */
  private nudged(): Promise<void> {
    if (!this.nudgeWaiter) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      this.nudgeWaiter = { promise, resolve };
    }
    return this.nudgeWaiter.promise;
  }

  /** Stop claiming; calls in flight get stopGraceMs to finish. */
  requestStop(): void {
    this.stopping = true;
    this.resolveStop();
    this.nudge();
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
      for (const ch of dueChannels(this.db, this.now().toISOString(), this.cfg.maxConcurrentChannels * 4)) {
        // A click's update gets its lane even when every lane is busy with backlog (channels are sorted priority first).
        if (lanes.size >= this.cfg.maxConcurrentChannels && !ch.priority) break;
        if (lanes.has(ch.key)) continue;
        if (this.blocked(ch.key)) {
          blockedMs = Math.min(blockedMs, this.pacer.delay(ch.key));
          continue;
        }
        lanes.set(
          ch.key,
          this.lane(ch.key, res, budget, ch.priority > 0).finally(() => lanes.delete(ch.key)),
        );
      }
      if (lanes.size > 0) {
        // Look again when a lane ends, when something is enqueued (a new channel starts its lane at once), at the
        // poll interval (backoffs that came due elsewhere), and as soon as a channel held by Retry-After frees.
        const wake = opts.until === 'empty' && Number.isFinite(blockedMs) ? [this.sleep(Math.min(blockedMs, this.cfg.pollIntervalMs))] : [];
        let t: NodeJS.Timeout | undefined;
        const poll = new Promise<void>((r) => {
          t = setTimeout(r, this.cfg.pollIntervalMs);
          t.unref?.();
        });
        await Promise.race([...lanes.values(), ...wake, this.nudged(), poll]);
        clearTimeout(t);
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
      await Promise.race([this.sleep(Math.max(1, wait)), this.stopSignal]);
    }
    await this.settle(lanes.values());
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
    d.nudge();
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
      // While draining, the dispatcher and lanes notice at once (a new channel gets its lane, a click's update goes next).
      kicked = true;
      d.nudge();
      wake?.();
    },
    async stop() {
      d.requestStop();
      unsubscribe();
      wake?.();
      await loop;
    },
  };
}
