/** The scheduled jobs the online service runs; each is a plain function so the offline cycle, workers and tests share them. */
import type { Db } from '../../db';
import type { EvaluateResult } from '../alerts/evaluate';
import { type EscalationResult, escalationTick } from '../alerts/escalation';
import { sendDueSummaries } from '../attention/summary';
import type { AppConfig } from '../config/schema';
import type { Clock } from '../lib/clock';
import { todayIn } from '../lib/dates';
import type { Playbook } from '../playbooks/schema';
import type { ScoringSummary } from '../scoring/run';
import { type PruneResult, pruneScoreHistory, scoresOn } from '../scoring/store';
import { runDailyPass } from '../jobs/daily-pass';
import { beginJobRun, failJobRun, finishJobRun, jobRun, recordJobStep } from '../jobs/runs';

export interface JobDeps {
  db: Db;
  config: AppConfig;
  playbooks: Playbook[];
  clock: Clock;
  /** new outbox rows exist: wake the delivery worker */
  kick?: () => void;
}

/** job_runs name of the daily scoring-and-evaluation run (key: the as-of date). */
export const SCORING_JOB = 'scoring';

export interface ScoringJobResult {
  scoring: ScoringSummary;
  alerts: EvaluateResult;
  /** the step an interrupted run for this date had reached, when this run finished it */
  resumedFrom: string | null;
  /** score history thinned per scoring.retention */
  retention: PruneResult;
}

/**
 * Score everyone as of today (in the configured zone), then evaluate alert rules on the fresh scores.
 * The run is recorded in job_runs step by step. Both steps are idempotent (scores of a date are replaced;
 * one live alert per account and rule), so finishing an interrupted run means running it again: the
 * alerts a crash left unopened are opened, the ones already open are not opened twice.
 */
export function scoringJob(d: JobDeps, onProgress?: (done: number, total: number) => void): ScoringJobResult {
  const asOf = todayIn(d.config.timezone, d.clock());
  const { resumedFrom } = beginJobRun(d.db, SCORING_JOB, asOf, d.clock());
  try {
    // One streaming pass scores and evaluates each chunk of accounts; scores and alert changes commit together.
    const { scoring, alerts } = runDailyPass(d.db, { asOf, config: d.config, playbooks: d.playbooks, clock: d.clock, onProgress });
    recordJobStep(d.db, SCORING_JOB, asOf, 'scored');
    // Sundays look at all older history (catching up after missed days); other days at the last weeks only.
    const full = new Date(`${asOf}T00:00:00Z`).getUTCDay() === 0;
    const retention = pruneScoreHistory(d.db, { asOf, ...d.config.scoring.retention, full });
    finishJobRun(d.db, SCORING_JOB, asOf, d.clock());
    d.kick?.();
    return { scoring, alerts, resumedFrom, retention };
  } catch (e) {
    try {
      failJobRun(d.db, SCORING_JOB, asOf, d.clock(), (e as Error).message);
    } catch {
      // the database may be what failed (busy): the row stays 'running' and still reads as unfinished
    }
    throw e;
  }
}

export function escalationJob(d: JobDeps): EscalationResult {
  const r = escalationTick(d.db, { config: d.config, now: d.clock() });
  // Baseline and daily summaries ride the escalation tick (they read the attention ledger and the groups).
  const s = sendDueSummaries(d.db, { config: d.config, now: d.clock() });
  if (r.escalated || r.unsnoozed || s.sent) d.kick?.();
  return r;
}

/** True when today's scoring-and-evaluation run started and did not finish (it failed, or its process died). */
export function scoringInterrupted(d: Pick<JobDeps, 'db' | 'config' | 'clock'>): boolean {
  const run = jobRun(d.db, SCORING_JOB, todayIn(d.config.timezone, d.clock()));
  return run !== undefined && run.status !== 'done';
}

/**
 * True when today's scoring-and-evaluation run is owed: it never ran (first start, or the service was down
 * at the scheduled time) or a run for today started and did not finish (killed, or failed).
 */
export function scoringDue(d: Pick<JobDeps, 'db' | 'config' | 'clock'>): boolean {
  const asOf = todayIn(d.config.timezone, d.clock());
  const run = jobRun(d.db, SCORING_JOB, asOf);
  if (run) return run.status !== 'done';
  // No record (e.g. scores written by `bellwether score` or before job_runs existed): only missing scores are owed.
  return scoresOn(d.db, asOf) === 0;
}
