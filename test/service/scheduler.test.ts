import { describe, expect, it } from 'vitest';
import { Scheduler } from '../../src/service/scheduler';
import { singleFlight } from '../../src/service/single-flight';

describe('singleFlight', () => {
  it('skips a trigger that arrives while the previous run is in flight', async () => {
    let release!: () => void;
    let runs = 0;
    const job = singleFlight(async () => {
      runs += 1;
      await new Promise<void>((r) => {
        release = r;
      });
      return runs;
    });
    const first = job();
    const second = await job();
    expect(second).toEqual({ ran: false });
    expect(job.busy).toBe(true);
    release();
    expect(await first).toEqual({ ran: true, result: 1 });
    expect(job.skipped).toBe(1);
    expect(job.busy).toBe(false);
    const third = job();
    release();
    expect(await third).toEqual({ ran: true, result: 2 });
  });

  it('frees the slot after a failure', async () => {
    let fail = true;
    const job = singleFlight(async () => {
      if (fail) throw new Error('boom');
      return 'ok';
    });
    await expect(job()).rejects.toThrow('boom');
    fail = false;
    expect(await job()).toEqual({ ran: true, result: 'ok' });
  });
});

describe('Scheduler', () => {
  it('reports every run that ran, with its outcome, to the observer (the /metrics job counters)', async () => {
    const seen: [string, string][] = [];
    const s = new Scheduler('UTC', { info: () => {}, error: () => {} }, (job, outcome, seconds) => {
      expect(seconds).toBeGreaterThanOrEqual(0);
      seen.push([job, outcome]);
    });
    let fail = false;
    const j = s.add('scoring', '0 6 * * *', () => {
      if (fail) throw new Error('database is locked');
    });
    expect(await j.runNow()).toBe(true);
    fail = true;
    expect(await j.runNow()).toBe(false);
    expect(seen).toEqual([
      ['scoring', 'ok'],
      ['scoring', 'error'],
    ]);
  });

  it('computes next runs in the configured time zone and rejects bad expressions', async () => {
    const logs: string[] = [];
    const s = new Scheduler('America/New_York', { info: (m) => logs.push(m), error: (m) => logs.push(m) });
    const job = s.add('scoring', '0 6 * * *', () => undefined);
    const next = job.nextRun();
    expect(next).not.toBeNull();
    // 06:00 in New York is 10:00 or 11:00 UTC depending on DST.
    expect([10, 11]).toContain(next!.getUTCHours());
    expect(next!.getUTCMinutes()).toBe(0);
    expect(() => s.add('bad', 'every tuesday', () => undefined)).toThrow(/bad: invalid cron expression/);
    expect(await job.runNow()).toBe(true);
    expect(logs.some((l) => l.startsWith('[scoring] done'))).toBe(true);
    await s.stop();
  });
});
