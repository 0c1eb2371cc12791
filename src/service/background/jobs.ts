/**
 * The work the service runs off Bolt's event loop. Each entry takes its own database connection and
 * structured-clonable input, so the same function runs in a worker thread or inline (in-memory databases,
 * which a worker cannot share).
 */
import type { Db } from '../../../db';
import { ingestBody, type IngestReply } from '../../api/ingest-body';
import type { AppConfig } from '../../config/schema';
import { runDueDigests } from '../../digests/job';
import { type RunDigestsResult, runDigests } from '../../digests/run';
import { fixedClock } from '../../lib/clock';
import type { Playbook } from '../../playbooks/schema';
import { type ScoringJobResult, scoringJob } from '../jobs';

interface JobContext {
  config: AppConfig;
  /** the service clock's reading when the job was started; the job's clock stays there */
  nowIso: string;
}

export const BACKGROUND_JOBS = {
  /** the daily scoring-and-evaluation run (job_runs key: today) */
  scoring(db: Db, i: JobContext & { playbooks: Playbook[] }): Omit<ScoringJobResult, 'scoring'> & { scoring: Omit<ScoringJobResult['scoring'], 'scores'> } {
    const { scoring, alerts, resumedFrom, retention } = scoringJob({ db, config: i.config, playbooks: i.playbooks, clock: fixedClock(i.nowIso) });
    const { scores: _kept, ...summary } = scoring; // scores are only kept on request; never cloned back
    return { scoring: summary, alerts, resumedFrom, retention };
  },
  /** this week's digests; `catchUp` only when the scheduled time passed while the service was down */
  digests(db: Db, i: JobContext & { playbooks: Playbook[]; outboxFile: string; catchUp: boolean }): RunDigestsResult | null {
    const opts = { config: i.config, outboxFile: i.outboxFile, playbooks: i.playbooks, clock: fixedClock(i.nowIso) };
    return i.catchUp ? runDueDigests(db, opts) : runDigests(db, { ...opts, now: new Date(i.nowIso) });
  },
  /** an ingest API request body: JSON parse, validation and the all-or-nothing import */
  ingest(db: Db, i: { kind: string; body: Uint8Array; timeZone: string; nowIso: string }): IngestReply {
    return ingestBody(db, i.kind, Buffer.from(i.body.buffer, i.body.byteOffset, i.body.byteLength), { timeZone: i.timeZone, now: new Date(i.nowIso) });
  },
};

export type BackgroundJobs = typeof BACKGROUND_JOBS;
export type BackgroundJobName = keyof BackgroundJobs;
export type JobInput<N extends BackgroundJobName> = Parameters<BackgroundJobs[N]>[1];
export type JobOutput<N extends BackgroundJobName> = ReturnType<BackgroundJobs[N]>;
