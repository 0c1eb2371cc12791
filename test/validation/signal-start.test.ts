/** Backtest and calibrate dates start where the scored signal exists, and warn for explicit dates before it. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, createDb } from '../../db';
import { addDays } from '../../src/lib/dates';
import { signalStart, thinDates } from '../../src/validation/dates';
import { cliOn } from './run-cli';
import { CRAFTED, T, seedAccounts } from './fixtures';

const dir = mkdtempSync(join(tmpdir(), 'bw-signal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const dbPath = join(dir, 's.db');
{
  // usage from 2025-06-01 only, but an old customer's revenue goes back to 2023 (like the demo's contracts)
  const db = createDb(dbPath);
  seedAccounts(db, CRAFTED, { start: '2025-06-01', end: addDays(T, 150) });
  db.$client
    .prepare(`INSERT INTO accounts (id, name, arr, signup_date, updated_at) VALUES ('e-old', 'e-old', 5000, '2023-01-15', '2025-01-01T00:00:00Z')`)
    .run();
  db.$client.prepare(`INSERT INTO revenue_events (id, account_id, occurred_on, kind, arr_delta) VALUES ('e-new', 'e-old', '2023-01-15', 'new', 5000)`).run();
  closeDb(db);
}

const run = cliOn(dbPath);

describe('signal start', () => {
  it('is the first usage day plus the usage windows, and no earlier than tickets and NPS begin', () => {
    expect(signalStart({ usage: '2025-06-01', tickets: null, nps: null })).toBe('2025-07-31');
    expect(signalStart({ usage: '2025-06-01', tickets: '2025-05-01', nps: '2025-09-10' })).toBe('2025-09-10');
    expect(signalStart({ usage: null, tickets: '2025-05-01', nps: null })).toBe('2025-05-01');
    expect(signalStart({ usage: null, tickets: null, nps: null })).toBeNull();
    const thin = thinDates(['2025-05-31', '2025-06-30', '2025-08-31', '2025-09-30'], { usage: '2025-06-01', tickets: '2025-05-01', nps: '2025-09-10' });
    expect(thin.map((t) => t.message)).toEqual([
      '2025-05-31: no usage or NPS data yet — scored on ticket and financial data only',
      '2025-06-30: no NPS data yet — scored on usage, ticket and financial data only',
      '2025-08-31: no NPS data yet — scored on usage, ticket and financial data only',
    ]);
  });

  it('backtest: default dates start where usage has a full window, not at the oldest revenue', async () => {
    const r = await run('backtest', '--horizon', '90d', '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as { dates: string[]; thinDates: unknown[] };
    // data ends 2026-08-28; the last month-end 90 days before is 2026-04-30; usage starts 2025-06-01 (+60 = 2025-07-31)
    expect(json.dates[0]).toBe('2025-07-31');
    expect(json.dates[json.dates.length - 1]).toBe('2026-04-30');
    expect(json.thinDates).toEqual([]);
    expect(r.err).not.toContain('warning: 2025');
  });

  it('backtest: an explicit --from before the signal warns per date, in the text and in --json', async () => {
    const r = await run('backtest', '--from', '2025-05-01', '--to', '2025-08-29', '--every', '30d', '--json');
    expect(r.code).toBe(0);
    expect(r.err).toContain('warning: 2025-05-01: no usage data yet — scored on financial data only');
    expect(r.err).toContain('warning: 2025-05-31: no usage data yet — scored on financial data only');
    expect(r.err).toContain('warning: 2025-06-30: only 30 day(s) of usage data (its windows need 60) — usage trends are incomplete');
    const json = JSON.parse(r.out) as { thinDates: { date: string; missing: string[] }[] };
    expect(json.thinDates.map((t) => t.date)).toEqual(['2025-05-01', '2025-05-31', '2025-06-30', '2025-07-30']);
    expect(json.thinDates[0].missing).toEqual(['usage']);
    expect(r.err).not.toContain('warning: 2025-08-29');
  });

  it('calibrate: leaves dates before the signal out of training and says so', async () => {
    const r = await run('calibrate', '--from', '2025-05-31', '--to', '2026-04-30', '--every', '30d', '--out', join(dir, 'p.yml'));
    expect(r.out).toContain('Left out of training (the scored signal did not exist yet):');
    expect(r.out).toContain('warning: 2025-05-31: no usage data yet — scored on financial data only');
    const training = /Training dates: (\S+)/.exec(r.out)![1];
    expect(training >= '2025-07-31').toBe(true);
    expect(r.err).not.toMatch(/\] 2025-05-31:/); // never scored
  });

  it('calibrate: refuses plainly when no date is left', async () => {
    const r = await run('calibrate', '--from', '2025-04-01', '--to', '2025-05-31', '--every', '30d', '--out', join(dir, 'q.yml'));
    expect(r.code).toBe(1);
    expect(r.out).toContain('no date to fit on: all 3 date(s) come before the scored signal exists (listed above); pick later dates');
  });
});
