/** The scheduled jobs the online service runs; each is a plain function so the offline cycle and tests share them. */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db';
import { type EvaluateResult, evaluateAlerts } from '../alerts/evaluate';
import { type EscalationResult, escalationTick } from '../alerts/escalation';
import type { AppConfig } from '../config/schema';
import type { Clock } from '../lib/clock';
import { todayIn } from '../lib/dates';
import type { Playbook } from '../playbooks/schema';
import { runScoring, type ScoringSummary } from '../scoring/run';

export interface JobDeps {
  db: Db;
  config: AppConfig;
  playbooks: Playbook[];
  clock: Clock;
  /** new outbox rows exist: wake the delivery worker */
  kick?: () => void;
}

/** Score everyone as of today (in the configured zone), then evaluate alert rules on the fresh scores. */
export function scoringJob(
  d: JobDeps,
  onProgress?: (done: number, total: number) => void,
): { scoring: ScoringSummary; alerts: EvaluateResult } {
  const asOf = todayIn(d.config.timezone, d.clock());
  const scoring = runScoring(d.db, { asOf, config: d.config.scoring, clock: d.clock, onProgress });
  const alerts = evaluateAlerts(d.db, { config: d.config, playbooks: d.playbooks, now: d.clock(), asOf });
  d.kick?.();
  return { scoring, alerts };
}

export function escalationJob(d: JobDeps): EscalationResult {
  const r = escalationTick(d.db, { config: d.config, now: d.clock() });
  if (r.escalated || r.unsnoozed) d.kick?.();
  return r;
}

/** True when today's scores are missing (first start, or the service was down at the scheduled time). */
export function scoresStale(d: Pick<JobDeps, 'db' | 'config' | 'clock'>): boolean {
  const asOf = todayIn(d.config.timezone, d.clock());
  const row = d.db.get<{ n: number }>(sql`select count(*) as n from health_scores where as_of = ${asOf}`);
  return !row || row.n === 0;
}
