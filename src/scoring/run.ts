/**
 * A scoring run: stream features for all accounts as of a date in keyset chunks (set-based SQL per chunk),
 * score and write each chunk as it arrives, all in one transaction (upsert on account + as-of), and record the
 * run in scoring_runs. Memory stays flat as accounts grow; `onChunk` lets the daily pass evaluate alerts on
 * the same chunk (src/jobs/daily-pass.ts).
 */
import type { Db } from '../../db';
import type { ScoringConfig } from '../config/sections/scoring';
import { type Clock, systemClock } from '../lib/clock';
import { addDays, daysBetween, isCalendarDay } from '../lib/dates';
import { accountCount, type FeatureChunk, runFreshness, streamFeatures } from './features';
import { type SourceFreshness, staleSources } from './freshness';
import { finishRun, startRun, writeScores } from './store';
import { scoreAccount } from './score-account';
import { AT_RISK_TIERS, type ScoredAccount, TIERS, type Tier } from './types';

export interface ScoringSummary {
  asOf: string;
  /** accounts scored */
  accounts: number;
  /** accounts not scored: not signed up yet, or churned 30+ days before the as-of date */
  skipped: number;
  tiers: Record<Tier, number>;
  /** ARR of accounts in the At-Risk or Critical tier */
  atRiskArr: number;
  /** mean data coverage, 0–1 */
  coverage: number;
  durationMs: number;
  /** where the time went: SQL feature extraction, in-memory scoring, writing rows */
  phases: { extractMs: number; scoreMs: number; writeMs: number };
  /** each data source's latest date at the as-of date and whether it is older than its tolerance */
  freshness?: SourceFreshness[];
  scores?: ScoredAccount[];
}

export interface RunOptions {
  asOf: string;
  config: ScoringConfig;
  clock?: Clock;
  onProgress?: (done: number, total: number) => void;
  /** return every account's score in the summary (the CLI's --json needs them; the scheduled job does not) */
  keepScores?: boolean;
  /** accounts per chunk (default FEATURE_CHUNK) */
  chunkSize?: number;
  /** compute PassFacts for each scored account (what alert evaluation reads besides the score) */
  withFacts?: boolean;
  /** read usage windows from the usage rollups where they are as of the date (the daily pass) */
  usageRollups?: boolean;
  /** called inside the transaction that wrote the chunk's rows, with its features and scores */
  onChunk?: (chunk: ScoredChunk) => void;
  /**
   * 'run' (default): every row of the run commits together. 'chunk': each chunk (its scores and whatever
   * onChunk writes) commits on its own, so the write lock is held for one chunk at a time; re-running the
   * date after a crash replaces its scores (the daily pass relies on that).
   */
  commit?: 'run' | 'chunk';
}

/** A chunk as scored: its entries in id order, each with its score when it was scored. */
export interface ScoredChunk extends FeatureChunk {
  asOf: string;
  scores: Map<string, ScoredAccount>;
}

export function runScoring(db: Db, opts: RunOptions): ScoringSummary {
  if (!isCalendarDay(opts.asOf)) throw new Error(`asOf must be a date YYYY-MM-DD, got "${opts.asOf}"`);
  const clock = opts.clock ?? systemClock;
  const t0 = performance.now();
  const runId = startRun(db, opts.asOf, clock().toISOString());
  const featureOpts = {
    signalWindowDays: opts.config.signalWindowDays,
    staleAfterDays: opts.config.staleAfterDays,
    chunkSize: opts.chunkSize,
    withFacts: opts.withFacts,
    usageRollups: opts.usageRollups,
  };
  const freshness = runFreshness(db, opts.asOf, featureOpts);
  const visit = accountCount(db);
  opts.onProgress?.(0, visit);

  // Extract, score and write chunk by chunk (one transaction per run, or per chunk with commit: 'chunk'):
  // nothing held grows with the number of accounts.
  const tiers = Object.fromEntries(TIERS.map((t) => [t, 0])) as Record<Tier, number>;
  let atRiskArr = 0;
  let coverage = 0;
  let extractMs = 0;
  let scoreMs = 0;
  let writeMs = 0;
  let total = 0;
  let skipped = 0;
  let visited = 0;
  const kept: ScoredAccount[] | undefined = opts.keepScores ? [] : undefined;
  const perChunk = opts.commit === 'chunk';
  const chunkTx = db.$client.transaction((chunk: FeatureChunk) => {
    const b = performance.now();
    const scores = new Map<string, ScoredAccount>();
    for (const e of chunk.entries) {
      if (e.features) scores.set(e.id, scoreAccount(e.features, opts.config, opts.asOf));
      else skipped++;
    }
    const c = performance.now();
    writeScores(db, [...scores.values()]);
    for (const s of scores.values()) {
      tiers[s.tier]++;
      if (AT_RISK_TIERS.includes(s.tier)) atRiskArr += s.arr;
      coverage += s.coverage;
      kept?.push(s);
    }
    total += scores.size;
    visited += chunk.entries.length;
    scoreMs += c - b;
    writeMs += performance.now() - c;
    opts.onChunk?.({ ...chunk, asOf: opts.asOf, scores });
  });
  const pass = () => {
    const stream = streamFeatures(db, opts.asOf, featureOpts, staleSources(freshness));
    for (;;) {
      const a = performance.now();
      const next = stream.next();
      if (next.done) break;
      extractMs += performance.now() - a;
      chunkTx(next.value);
      opts.onProgress?.(visited, visit);
    }
  };
  if (perChunk) pass();
  else db.$client.transaction(pass)();
  if (visited === 0) opts.onProgress?.(0, 0);

  const durationMs = Math.round(performance.now() - t0);
  finishRun(db, runId, clock().toISOString(), total, durationMs);
  return {
    asOf: opts.asOf,
    accounts: total,
    skipped,
    tiers,
    atRiskArr,
    coverage: total ? Math.round((coverage / total) * 1000) / 1000 : 0,
    durationMs,
    phases: { extractMs: Math.round(extractMs), scoreMs: Math.round(scoreMs), writeMs: Math.round(writeMs) },
    freshness,
    scores: kept,
  };
}

export interface BackfillOptions {
  from: string;
  to: string;
  /** step between as-of dates, in days (≥ 1) */
  everyDays: number;
  config: ScoringConfig;
  clock?: Clock;
  /** called after each date is scored */
  onProgress?: (done: number, total: number, summary: ScoringSummary) => void;
}

/** The as-of dates a backfill visits: from, from + every, … up to and including `to`. */
export function backfillDates(from: string, to: string, everyDays: number): string[] {
  if (!isCalendarDay(from)) throw new Error(`from must be a date YYYY-MM-DD, got "${from}"`);
  if (!isCalendarDay(to)) throw new Error(`to must be a date YYYY-MM-DD, got "${to}"`);
  if (to < from) throw new Error(`from (${from}) must not be after to (${to})`);
  if (!Number.isInteger(everyDays) || everyDays < 1) throw new Error(`every must be a whole number of days ≥ 1, got ${everyDays}`);
  const n = Math.floor(daysBetween(from, to) / everyDays) + 1;
  return Array.from({ length: n }, (_, i) => addDays(from, i * everyDays));
}

/** Score history for a range of dates; each date is an ordinary run (re-running replaces, never duplicates). */
export function backfill(db: Db, opts: BackfillOptions): ScoringSummary[] {
  const dates = backfillDates(opts.from, opts.to, opts.everyDays);
  return dates.map((asOf, i) => {
    const summary = runScoring(db, { asOf, config: opts.config, clock: opts.clock });
    opts.onProgress?.(i + 1, dates.length, summary);
    return summary;
  });
}
