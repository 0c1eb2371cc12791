/**
 * The daily pass: scoring and alert evaluation in one streaming pass over the same features. Each keyset
 * chunk of accounts is extracted, scored and written, then evaluated from the facts the scoring pass already
 * holds (src/alerts/pass-facts.ts). Each chunk's scores and alert changes commit together in one transaction,
 * so the write lock is held one chunk at a time (clicks and imports are not kept waiting for the whole pass);
 * after a crash, re-running the date (job_runs) replaces its scores and evaluation stays idempotent (one live
 * group per account and rule), exactly as when scoring and evaluation were two steps. Accounts are evaluated
 * in id order, as evaluateAlerts does, so attention budgets spend the same way.
 */
import type { Db } from '../../db';
import { chunkFacts } from '../alerts/pass-facts';
import { alertEvaluator, type EvaluateResult } from '../alerts/evaluate';
import { loadAccountFacts } from '../alerts/facts';
import type { AppConfig } from '../config/schema';
import type { Clock } from '../lib/clock';
import type { Playbook } from '../playbooks/schema';
import { runScoring, type ScoredChunk, type ScoringSummary } from '../scoring/run';
import { hasScoreOnOrBefore } from '../scoring/store';

/** Change lines the pass keeps for its result (the rest are counted): bounded, whatever the size of the book. */
export const MAX_CHANGE_LINES = 1000;

export interface DailyPassOptions {
  asOf: string;
  config: AppConfig;
  playbooks: Playbook[];
  clock: Clock;
  onProgress?: (done: number, total: number) => void;
  /** accounts per chunk (default the scoring pass's) */
  chunkSize?: number;
}

export interface DailyPassResult {
  scoring: ScoringSummary;
  alerts: EvaluateResult;
  /** time spent evaluating alerts (inside the pass), ms */
  evaluateMs: number;
}

export function runDailyPass(db: Db, opts: DailyPassOptions): DailyPassResult {
  const rules = opts.config.alerts.rules;
  const factsOpts = { dropWindowDays: rules.healthDrop.days, signalWindowDays: rules.criticalSignal.withinDays, scoring: opts.config.scoring };
  const ev = alertEvaluator(db, { config: opts.config, playbooks: opts.playbooks, now: opts.clock(), maxChangeLines: MAX_CHANGE_LINES });
  let evaluateMs = 0;

  const evaluateChunk = (chunk: ScoredChunk) => {
    const t0 = performance.now();
    const { facts, live } = chunkFacts(db, chunk, factsOpts);
    for (const e of chunk.entries) {
      const f = facts.get(e.id);
      if (f) {
        ev.account(e.id, f, live.has(e.id));
        continue;
      }
      // Not scored today (churned long ago, not signed up yet): evaluated on its latest earlier score, if any.
      if (!hasScoreOnOrBefore(db, e.id, chunk.asOf)) continue;
      const isLive = live.has(e.id);
      // A churned account raises nothing, so without live alert state its facts cannot change anything.
      if (!isLive && e.stored?.lifecycle === 'churned') ev.unchanged();
      else ev.account(e.id, loadAccountFacts(db, e.id, { asOf: chunk.asOf, ...factsOpts }), isLive);
    }
    evaluateMs += performance.now() - t0;
  };

  const scoring = runScoring(db, {
    asOf: opts.asOf,
    config: opts.config.scoring,
    clock: opts.clock,
    onProgress: opts.onProgress,
    chunkSize: opts.chunkSize,
    withFacts: true,
    usageRollups: true,
    commit: 'chunk',
    onChunk: evaluateChunk,
  });
  return { scoring, alerts: ev.finish(), evaluateMs: Math.round(evaluateMs) };
}
