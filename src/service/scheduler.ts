import cron, { type ScheduledTask } from 'node-cron';
import { singleFlight } from './single-flight';

export interface Logger {
  info(msg: string): void;
  error(msg: string): void;
}

export interface ScheduledJob {
  name: string;
  expression: string;
  /** Run now, outside the schedule (still never overlapping a scheduled run). */
  runNow(): Promise<boolean>;
  nextRun(): Date | null;
}

/** Reports each run that ran: job name, outcome and duration (the service passes Prometheus' observeJob). */
export type ObserveRun = (job: string, outcome: 'ok' | 'error', seconds: number) => void;

/** Cron jobs in one time zone, each guarded so a run never overlaps the previous one. */
export class Scheduler {
  private readonly tasks: ScheduledTask[] = [];
  readonly jobs: ScheduledJob[] = [];

  constructor(
    private readonly timezone: string,
    private readonly log: Logger,
    private readonly observe: ObserveRun = () => {},
  ) {}

  add(name: string, expression: string, job: () => Promise<unknown> | unknown): ScheduledJob {
    if (!cron.validate(expression)) throw new Error(`schedule for ${name}: invalid cron expression "${expression}"`);
    const guarded = singleFlight(async () => job());
    const tick = async () => {
      const started = Date.now();
      try {
        const r = await guarded();
        if (!r.ran) this.log.info(`[${name}] previous run still in progress; skipped this trigger`);
        else {
          this.log.info(`[${name}] done in ${Date.now() - started} ms`);
          this.observe(name, 'ok', (Date.now() - started) / 1000);
        }
        return r.ran;
      } catch (e) {
        this.observe(name, 'error', (Date.now() - started) / 1000);
        this.log.error(`[${name}] failed: ${(e as Error).message}`);
        return false;
      }
    };
    const task = cron.createTask(expression, () => tick(), { timezone: this.timezone, name, noOverlap: true });
    this.tasks.push(task);
    const handle: ScheduledJob = { name, expression, runNow: tick, nextRun: () => task.getNextRuns(1)[0] ?? null };
    this.jobs.push(handle);
    return handle;
  }

  async start(): Promise<void> {
    for (const t of this.tasks) await t.start();
  }

  async stop(): Promise<void> {
    for (const t of this.tasks) await t.destroy();
  }
}
