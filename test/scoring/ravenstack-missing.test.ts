/**
 * Missing is NULL, never 0, on real data: RavenStack's feature usage has no active-user or integration
 * column, so those are stored NULL, and no driver or sub-score may read them as "no active seats" or
 * "no integrations". Coverage says what is missing; data that ended long ago is called stale.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load';
import { importFile, loadMapping } from '../../src/import';
import { accountCardBlocks } from '../../blocks/account-card';
import { loadAccountCardView } from '../../src/accounts/card-view';
import { addDays } from '../../src/lib/dates';
import { dataFreshness } from '../../src/scoring/freshness';
import { runScoring } from '../../src/scoring/run';
import { testDb } from '../support/db';
import { sharedPath } from '../support/shared';
import { RAVENSTACK_MAPS, RAVENSTACK_STEPS } from '../support/ravenstack';

const DATA = sharedPath('data/ravenstack');
const MAPS = RAVENSTACK_MAPS;
const STEPS = RAVENSTACK_STEPS;
const config = parseConfig({}).scoring;

describe('RavenStack: columns the files do not have are missing, not zero', () => {
  const db = testDb();
  for (const [kind, file, map] of STEPS) {
    const r = importFile(db, kind, join(DATA, `${file}.csv`), { mapping: loadMapping(join(MAPS, `${map}.yml`)), now: new Date('2025-01-01T00:00:00Z') });
    if (!r.ok) throw new Error(r.message);
  }
  const end = db.$client.prepare('SELECT MAX(day) FROM usage_daily').pluck().get() as string;

  it('stores the absent usage columns as NULL and the present ones as numbers', () => {
    const c = (sql: string) => db.$client.prepare(sql).pluck().get() as number;
    expect(c('SELECT count(*) FROM usage_daily')).toBeGreaterThan(1000);
    expect(c('SELECT count(*) FROM usage_daily WHERE active_users IS NOT NULL OR integrations IS NOT NULL')).toBe(0);
    expect(c('SELECT count(*) FROM usage_daily WHERE logins IS NULL OR key_events IS NULL OR features_used IS NULL')).toBe(0);
  });

  it('no account gets seat_underuse or onboarding_at_risk from a column that is not there; coverage says so', () => {
    const s = runScoring(db, { asOf: end, config, keepScores: true });
    const scores = s.scores!;
    expect(scores.length).toBeGreaterThan(100);
    const drivers = new Set(scores.flatMap((x) => x.drivers.map((d) => d.id)));
    expect(drivers.has('seat_underuse')).toBe(false);
    expect(drivers.has('onboarding_at_risk')).toBe(false);
    // Neither sub-score is computed from a missing column.
    for (const x of scores) {
      expect(x.components.engagement.parts?.seatUse).toBeUndefined();
      expect(x.components.engagement.parts?.integrations).toBeUndefined();
    }
    // Accounts with usage lose the seat-use and integration weight from coverage (never 100%).
    const withUsage = scores.filter((x) => x.components.usage.score != null);
    expect(withUsage.length).toBeGreaterThan(50);
    for (const x of withUsage) expect(x.coverage).toBeLessThan(1);
    // The signals still there do fire (the data is read, not ignored).
    expect(drivers.has('support_overload') || drivers.has('usage_decline') || drivers.has('low_events')).toBe(true);
  });

  it('the card shows usage without claiming "0 active users"', () => {
    const id = db.$client
      .prepare('SELECT account_id FROM usage_daily WHERE day > ? GROUP BY account_id ORDER BY count(*) DESC LIMIT 1')
      .pluck()
      .get(addDays(end, -60)) as string;
    const view = loadAccountCardView(db, id, new Date(`${end}T12:00:00Z`))!;
    const usage = JSON.stringify(accountCardBlocks(view, { shared: false }).blocks.find((b) => b.block_id === 'card_usage'));
    expect(usage).toContain('weekly key events');
    expect(usage).not.toContain('active users');
  });

  it('scoring long after the data ended: usage is stale and coverage drops', () => {
    const later = '2026-11-20';
    const usage = dataFreshness(db, later, config).find((f) => f.source === 'usage')!;
    expect(usage).toMatchObject({ latest: end, stale: true, toleranceDays: 2 });
    expect(usage.ageDays).toBeGreaterThan(600);
    const fresh = runScoring(db, { asOf: end, config });
    const stale = runScoring(db, { asOf: later, config });
    expect(stale.coverage).toBeLessThan(fresh.coverage - 0.2);
    expect(stale.freshness!.filter((f) => f.stale).map((f) => f.source)).toEqual(expect.arrayContaining(['usage', 'tickets']));
  });
});
