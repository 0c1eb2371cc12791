import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load';
import { digestJob, runDueDigests } from '../../src/digests/job';
import { CronSpecError, dueDigest, nextRun, previousRun } from '../../src/digests/schedule';
import { fixedClock } from '../../src/lib/clock';
import { testDb } from '../support/db';
import { addScore, seedRevenueHistory } from '../metrics/fixtures';

const MONDAY_9 = '0 9 * * 1';
const iso = (d: Date | null) => d?.toISOString() ?? null;

describe('digest schedule across DST changes', () => {
  it('America/New_York: clocks fall back on Sunday 2026-11-01, Monday 09:00 moves from 13:00Z to 14:00Z', () => {
    expect(iso(nextRun(MONDAY_9, 'America/New_York', new Date('2026-10-20T00:00:00Z')))).toBe('2026-10-26T13:00:00.000Z'); // EDT
    expect(iso(nextRun(MONDAY_9, 'America/New_York', new Date('2026-10-26T13:00:00Z')))).toBe('2026-11-02T14:00:00.000Z'); // EST
    expect(iso(previousRun(MONDAY_9, 'America/New_York', new Date('2026-11-02T14:00:00Z')))).toBe('2026-11-02T14:00:00.000Z');
    expect(iso(previousRun(MONDAY_9, 'America/New_York', new Date('2026-11-02T13:59:59Z')))).toBe('2026-10-26T13:00:00.000Z');
  });

  it('Europe/Berlin: clocks spring forward on Sunday 2026-03-29, Monday 09:00 moves from 08:00Z to 07:00Z', () => {
    expect(iso(nextRun(MONDAY_9, 'Europe/Berlin', new Date('2026-03-23T08:00:00Z')))).toBe('2026-03-30T07:00:00.000Z'); // CEST
    expect(iso(previousRun(MONDAY_9, 'Europe/Berlin', new Date('2026-03-30T06:59:00Z')))).toBe('2026-03-23T08:00:00.000Z'); // CET
  });

  it('which week is due: 13:30Z on 2026-11-02 is 08:30 in New York, so W45 is not due yet (a UTC-offset-naive scheduler would say 09:30)', () => {
    expect(dueDigest(MONDAY_9, 'America/New_York', new Date('2026-11-02T13:30:00Z'))).toEqual({
      week: '2026-W44',
      scheduledAt: new Date('2026-10-26T13:00:00Z'),
    });
    expect(dueDigest(MONDAY_9, 'America/New_York', new Date('2026-11-02T14:00:00Z'))?.week).toBe('2026-W45');
    expect(dueDigest(MONDAY_9, 'Europe/Berlin', new Date('2026-03-30T07:00:00Z'))?.week).toBe('2026-W14');
  });

  it('a wall-clock time that repeats when clocks fall back fires once; one skipped when they spring forward does not fire', () => {
    const first = nextRun('30 1 * * *', 'America/New_York', new Date('2026-11-01T04:00:00Z'));
    expect(iso(first)).toBe('2026-11-01T05:30:00.000Z'); // 01:30 EDT
    expect(iso(nextRun('30 1 * * *', 'America/New_York', first!))).toBe('2026-11-02T06:30:00.000Z'); // not 01:30 EST the same night
    expect(iso(nextRun('30 2 * * *', 'America/New_York', new Date('2026-03-08T05:00:00Z')))).toBe('2026-03-09T06:30:00.000Z');
  });

  it('rejects an invalid cron expression with its reason', () => {
    expect(() => nextRun('61 9 * * 1', 'UTC', new Date())).toThrow(CronSpecError);
  });
});

describe('digest job with an injectable clock', () => {
  it("runs the current week once however often it triggers; catch-up only after this week's scheduled time", () => {
    const db = testDb();
    seedRevenueHistory(db);
    addScore(db, 'a', '2026-11-02', 40);
    const config = parseConfig({ timezone: 'America/New_York', digests: { charts: false } });
    const clock = fixedClock('2026-11-02T13:59:00Z'); // 08:59 Monday in New York
    expect(runDueDigests(db, { config, clock })).toBeNull();
    clock.set('2026-11-02T14:00:00Z');
    const r = runDueDigests(db, { config, clock });
    expect(r).toMatchObject({ week: '2026-W45', asOf: '2026-11-02', leadership: 'posted' });
    const job = digestJob(db, { config, clock });
    clock.advance(3_600_000);
    expect(job().leadership).toBe('skipped-already-sent');
    expect(runDueDigests(db, { config, clock })?.leadership).toBe('skipped-already-sent');
    const n = db.$client.prepare(`select count(*) as n from outbox where idempotency_key = 'digest:2026-W45:leadership'`).get() as { n: number };
    expect(n.n).toBe(1);
  });
});
