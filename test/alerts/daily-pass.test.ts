/**
 * The daily pass (one streaming pass: score, write, evaluate per chunk) against the previous two-step run
 * (runScoring, then evaluateAlerts reading facts per account): same scores, same alert groups, reasons,
 * events and outbox rows, day after day on a demo book, and the same facts for every scored account.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, closeDb, createDb } from '../../db';
import { evaluateAlerts } from '../../src/alerts/evaluate';
import { loadAccountFacts } from '../../src/alerts/facts';
import { chunkFacts } from '../../src/alerts/pass-facts';
import { parseConfig } from '../../src/config/load';
import { generateDemo } from '../../src/demo/generate';
import { runDailyPass } from '../../src/jobs/daily-pass';
import { fixedClock } from '../../src/lib/clock';
import { addDays } from '../../src/lib/dates';
import { loadPlaybooks } from '../../src/playbooks/load';
import { runScoring, type ScoredChunk } from '../../src/scoring/run';
import { rebuildUsageRollups } from '../../src/usage/rollups';
import { addAccount, addSignal, addUsage } from '../scoring/seed';

const TODAY = '2026-11-23';
const config = parseConfig({ alerts: { workingHours: { enabled: false } } });
const playbooks = loadPlaybooks();
const DAYS = [6, 5, 4, 3, 2, 1, 0].map((n) => addDays(TODAY, -n));
let dir: string;
let seeded: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bw-daily-pass-'));
  seeded = join(dir, 'seed.db');
  const db = createDb(seeded);
  generateDemo(db, { accounts: 250, today: TODAY, seed: 7 });
  // Edge paths of the usage facts: never a login (logins 0), no logins column at all, last login long ago,
  // churned with a live alert state, and a signal the rules read.
  addAccount(db, { id: 'zz-never', signupDate: '2025-01-01', renewalDate: addDays(TODAY, 40) });
  addUsage(db, 'zz-never', addDays(TODAY, -80), TODAY, () => ({ activeUsers: 2, logins: 0, keyEvents: 3 }));
  addAccount(db, { id: 'zz-nologins', signupDate: '2025-01-01' });
  const noLogins = db.$client.prepare(`INSERT INTO usage_daily (account_id, day, active_users, logins, key_events) VALUES ('zz-nologins', ?, 2, NULL, 3)`);
  for (let d = addDays(TODAY, -80); d <= TODAY; d = addDays(d, 1)) noLogins.run(d);
  addAccount(db, { id: 'zz-silent', signupDate: '2024-01-01' });
  addUsage(db, 'zz-silent', addDays(TODAY, -200), addDays(TODAY, -150), () => ({ activeUsers: 3, logins: 4 }));
  addUsage(db, 'zz-silent', addDays(TODAY, -149), TODAY, () => ({ activeUsers: 0, logins: 0 }));
  addAccount(db, { id: 'zz-signal', signupDate: '2024-01-01' });
  addUsage(db, 'zz-signal', addDays(TODAY, -80), TODAY, () => ({ activeUsers: 5, logins: 6, keyEvents: 2 }));
  addSignal(db, 'zz-signal', 'cancellation_requested', `${addDays(TODAY, -3)}T09:00:00Z`, 'wants out');
  // The edge rows above went in raw: give them usage rollups too, so the pass as of TODAY reads every account's.
  rebuildUsageRollups(db.$client);
  closeDb(db);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function copy(name: string): Db {
  const file = join(dir, `${name}.db`);
  copyFileSync(seeded, file);
  return createDb(file);
}

const dump = (db: Db, sql: string) => db.$client.prepare(sql).all();
const state = (db: Db) => ({
  scores: dump(db, 'select * from health_scores order by account_id, as_of'),
  alerts: dump(db, 'select * from alerts order by id'),
  reasons: dump(db, 'select * from alert_reasons order by id'),
  events: dump(db, 'select * from alert_events order by id'),
  outbox: dump(db, 'select * from outbox order by id'),
  ledger: dump(db, 'select * from attention_ledger order by 1'),
});

describe('the daily pass is equivalent to scoring then evaluating', () => {
  it('writes the same scores and makes the same alert changes, day after day (chunks of 37 accounts)', () => {
    const before = copy('before');
    const after = copy('after');
    let changes = 0;
    for (const day of DAYS) {
      const clock = fixedClock(`${day}T10:00:00Z`);
      runScoring(before, { asOf: day, config: config.scoring, clock });
      const old = evaluateAlerts(before, { config, playbooks, now: clock(), asOf: day });
      const cur = runDailyPass(after, { asOf: day, config, playbooks, clock, chunkSize: 37 });
      expect(cur.alerts).toEqual(old);
      changes += old.opened + old.resolved + old.updated + old.raised;
    }
    const s = state(after);
    expect(s).toEqual(state(before));
    // The comparison means something: groups opened and changed, reasons held and cleared, copies queued.
    expect(changes).toBeGreaterThan(20);
    expect(s.alerts.length).toBeGreaterThan(20);
    expect(s.outbox.length).toBeGreaterThan(20);
    expect(s.scores.length).toBeGreaterThan(250 * DAYS.length * 0.5);
    closeDb(before);
    closeDb(after);
  });

  it('builds, for every scored account, exactly the facts loadAccountFacts reads per account', () => {
    const db = copy('facts');
    const opts = { dropWindowDays: config.alerts.rules.healthDrop.days, signalWindowDays: config.alerts.rules.criticalSignal.withinDays };
    // Score history first, so the drop window has peaks to find.
    for (const day of DAYS.slice(0, -1)) runScoring(db, { asOf: day, config: config.scoring, clock: fixedClock(`${day}T10:00:00Z`) });
    const chunks: ScoredChunk[] = [];
    let compared = 0;
    runScoring(db, {
      asOf: TODAY,
      config: config.scoring,
      clock: fixedClock(`${TODAY}T10:00:00Z`),
      chunkSize: 50,
      withFacts: true,
      onChunk: (c) => {
        chunks.push(c);
        const { facts } = chunkFacts(db, c, opts);
        for (const [id, f] of facts) {
          expect(f).toEqual(loadAccountFacts(db, id, { asOf: TODAY, ...opts }));
          compared++;
        }
      },
    });
    expect(chunks.length).toBeGreaterThan(4);
    expect(compared).toBeGreaterThan(200);
    const all = new Map(chunks.flatMap((c) => [...chunkFacts(db, c, opts).facts]));
    expect(all.get('zz-never')!.daysSinceLogin).toBe(80);
    expect(all.get('zz-nologins')).toMatchObject({ usage: null, daysSinceLogin: null });
    expect(all.get('zz-silent')!.daysSinceLogin).toBe(150);
    expect(all.get('zz-signal')!.signals).toEqual([{ kind: 'cancellation_requested', occurredAt: `${addDays(TODAY, -3)}T09:00:00Z`, detail: 'wants out' }]);
    expect([...all.values()].some((f) => f.windowPeak && f.windowPeak.score > f.score)).toBe(true);
    closeDb(db);
  });
});
