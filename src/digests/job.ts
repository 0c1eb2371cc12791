/**
 * What the service schedules: the digest job (for Scheduler.add with config.digests.schedule) and a
 * start-up catch-up that posts this week's digest if its scheduled time passed while the process was down.
 */
import type { Db } from '../../db';
import { type Clock, systemClock } from '../lib/clock';
import { todayIn } from '../lib/dates';
import { type RunDigestsOptions, type RunDigestsResult, runDigests } from './run';
import { dueDigest } from './schedule';
import { isoWeek } from './week';

export type DigestJobOptions = Omit<RunDigestsOptions, 'now' | 'week'> & { clock?: Clock };

/** The scheduled job: builds and enqueues the digests for the current week (a repeat trigger is a no-op). */
export function digestJob(db: Db, opts: DigestJobOptions): () => RunDigestsResult {
  const clock = opts.clock ?? systemClock;
  return () => runDigests(db, { ...opts, now: clock() });
}

/**
 * If this week's scheduled run time has passed (e.g. the service was down on Monday 09:00), run it now.
 * Returns null when nothing is due this week yet. digest_log makes it safe to call on every start.
 */
export function runDueDigests(db: Db, opts: DigestJobOptions): RunDigestsResult | null {
  const now = (opts.clock ?? systemClock)();
  const due = dueDigest(opts.config.digests.schedule, opts.config.timezone, now);
  if (!due || due.week !== isoWeek(todayIn(opts.config.timezone, now))) return null;
  return runDigests(db, { ...opts, now, week: due.week });
}
