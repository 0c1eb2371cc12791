/**
 * The scores store: compact rows round-trip (every driver kind and variant, components without data),
 * JSON-era rows migrate (migration 0014 + the driver conversion), and the hand-written statements (trends, the
 * daily pass's chunk peaks and score-exists seek) answer exactly what the query-builder references do.
 */
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, describe, expect, it } from 'vitest';
import { type Db, MIGRATIONS_DIR, schema } from '../../db';
import { parseConfig } from '../../src/config/load';
import { addDays } from '../../src/lib/dates';
import { DRIVER_ACTIONS, DRIVER_IDS, type DriverFigures, type DriverId, VARIANT, renderReason } from '../../src/scoring/driver-text';
import { extractFeatures } from '../../src/scoring/features';
import { decodeDrivers, encodeDrivers, renderDrivers } from '../../src/scoring/score-codec';
import { scoreAccount } from '../../src/scoring/score-account';
import {
  convertLegacyScoreDrivers,
  hasScoreOnOrBefore,
  latestScore,
  peakScore,
  peakScoresInRange,
  scoredAccountIds,
  trendRowReference,
  trendRows,
  writeScores,
} from '../../src/scoring/store';
import type { Driver } from '../../src/scoring/types';
import { testDb } from '../support/db';
import { migrationFolders } from '../support/migrations';
import { addAccount, addNps, addRevenue, addSignal, addTicket, addUsage, expectedRow, scoreRows } from './seed';

const config = parseConfig({}).scoring;
const AS_OF = '2026-06-30';
const ctx = { asOf: AS_OF, score: 41, thresholds: config.drivers };

/** One driver of every kind, in every variant its template has (nulls, fractions and negatives included). */
const CASES: Array<{ id: DriverId; severity: Driver['severity']; f: DriverFigures; detail?: string }> = [
  { id: 'low_events', severity: 'high', f: { variant: 0, figures: [1] } },
  { id: 'low_events', severity: 'high', f: { variant: 0, figures: [0] } },
  { id: 'usage_decline', severity: 'critical', f: { variant: 0, figures: [72, 310, 87] } },
  { id: 'inactive', severity: 'high', f: { variant: VARIANT.inactiveSinceLast, figures: [35] } },
  { id: 'inactive', severity: 'warning', f: { variant: VARIANT.inactiveNoLogin, figures: [15] } },
  { id: 'inactive', severity: 'warning', f: { variant: VARIANT.plain, figures: [21] } },
  { id: 'support_overload', severity: 'high', f: { variant: 0, figures: [3, 7, 1] } },
  { id: 'support_overload', severity: 'high', f: { variant: VARIANT.supportPriorityUnknown, figures: [12] } },
  { id: 'detractor', severity: 'high', f: { variant: 0, figures: [3, null] } },
  { id: 'detractor', severity: 'high', f: { variant: 0, figures: [-40, 10] } },
  { id: 'detractor', severity: 'warning', f: { variant: VARIANT.npsDrop, figures: [6.5, 9] } },
  { id: 'onboarding_at_risk', severity: 'high', f: { variant: 0, figures: [40, 0] } },
  { id: 'renewal_at_risk', severity: 'critical', f: { variant: 0, figures: [1] } },
  { id: 'renewal_at_risk', severity: 'high', f: { variant: 0, figures: [88] } },
  { id: 'seat_underuse', severity: 'warning', f: { variant: 0, figures: [3, 40] } },
  { id: 'seat_underuse', severity: 'warning', f: { variant: 0, figures: [2.5, 7] } },
  { id: 'champion_departed', severity: 'high', f: { variant: VARIANT.signalWithDetail, figures: [4] }, detail: 'Jo left <for> Rival: "bad fit"' },
  { id: 'competitor_mentioned', severity: 'high', f: { variant: VARIANT.plain, figures: [0] } },
  { id: 'payment_failed', severity: 'high', f: { variant: VARIANT.plain, figures: [60] } },
  { id: 'cancellation_requested', severity: 'critical', f: { variant: VARIANT.signalWithDetail, figures: [2] }, detail: 'wants out\nby Q3' },
];

const driverOf = (c: (typeof CASES)[number], points: number): Driver => ({
  id: c.id,
  severity: c.severity,
  reason: renderReason(c.id, c.f, { ...ctx, detail: c.detail }),
  action: DRIVER_ACTIONS[c.id],
  points,
});

describe('compact driver encoding', () => {
  it('covers every driver kind', () => {
    expect(new Set(CASES.map((c) => c.id))).toEqual(new Set(DRIVER_IDS));
  });

  it('reads back every kind and variant from its words alone: same id, severity, points, figures and words', () => {
    const drivers = CASES.map((c, i) => driverOf(c, i === 0 ? 0 : i * 1.7 - 3.4 + 0.1 * i));
    const points = drivers.map((d) => Math.round(d.points * 10) / 10);
    drivers.forEach((d, i) => (d.points = points[i]));
    const packed = decodeDrivers(encodeDrivers(drivers, AS_OF));
    expect(packed.map((p) => [p.id, p.severity, p.points, p.figures])).toEqual(CASES.map((c, i) => [c.id, c.severity, points[i], c.f]));
    const details = new Map(CASES.filter((c) => c.detail).map((c) => [`${c.id} ${addDays(AS_OF, -(c.f.figures[0] as number))}`, c.detail!]));
    const rendered = renderDrivers(packed, AS_OF, ctx.score, { config, signalDetail: (kind, day) => details.get(`${kind} ${day}`) ?? null });
    expect(rendered).toEqual(drivers);
  });

  it('packs a driver in a few bytes and an account without drivers in none', () => {
    // kind, severity+variant, points 12.3, count, then 72 / 310 / 87: 2 + 2 + 1 + 2 + 2 + 2
    expect(encodeDrivers([driverOf(CASES[2], 12.3)], AS_OF)!.length).toBe(11);
    expect(encodeDrivers([driverOf(CASES[3], 1.5)], AS_OF)!.length).toBe(6); // 2 + 1 (15 tenths) + 1 + 2 (35 days)
    expect(encodeDrivers([], AS_OF)).toBeNull();
  });

  it('keeps a driver whose words do not follow its template as its label, and leaves out unknown kinds', () => {
    const unknown: string[] = [];
    const packed = decodeDrivers(
      encodeDrivers(
        [
          { id: 'usage_decline', severity: 'high', reason: 'key events fell a lot', action: '', points: 5 },
          { id: 'moon_phase', severity: 'warning', reason: 'waning', action: '', points: 1 },
        ],
        AS_OF,
        (id) => unknown.push(id),
      ),
    );
    expect(unknown).toEqual(['moon_phase']);
    expect(packed).toEqual([{ id: 'usage_decline', severity: 'high', points: 5, figures: { variant: VARIANT.unread, figures: [] } }]);
    expect(renderDrivers(packed, AS_OF, 50, { config, signalDetail: () => null })[0].reason).toBe('usage declining');
  });

  it('refuses a blob it cannot read instead of inventing drivers', () => {
    expect(() => decodeDrivers(Buffer.from([200, 0, 0, 0]))).toThrow(/unknown driver code/);
    expect(() => decodeDrivers(Buffer.from([1, 16]))).toThrow(/truncated/);
  });
});

describe('score rows', () => {
  it('store components without data as NULL and render weights from the segment’s config', () => {
    const db = testDb();
    addAccount(db, { id: 'a', signupDate: '2024-01-01', segment: 'Enterprise' });
    const cfg = parseConfig({ scoring: { segments: { enterprise: { weights: { usage: 20, engagement: 40, support: 20, financial: 20 } } } } }).scoring;
    writeScores(db, [
      {
        accountId: 'a',
        asOf: AS_OF,
        score: 63,
        tier: 'Neutral',
        coverage: 0.6,
        expansion: 0.35,
        onboarding: true,
        components: {
          usage: { score: null, contribution: 0 },
          engagement: { score: 70.4, contribution: 42.3 },
          support: { score: null, contribution: 0 },
          financial: { score: 51.7, contribution: 20.7 },
        },
        drivers: [],
      },
    ]);
    const s = latestScore(db, 'a', cfg)!;
    expect(s).toMatchObject({ score: 63, tier: 'Neutral', coverage: 0.6, expansion: 0.35, onboarding: true, quadrant: 'Stable Base', drivers: [] });
    expect(s.components).toEqual({
      usage: { score: null, weight: 20, effectiveWeight: 0, contribution: 0 },
      engagement: { score: 70.4, weight: 40, effectiveWeight: 66.7, contribution: 42.3 },
      support: { score: null, weight: 20, effectiveWeight: 0, contribution: 0 },
      financial: { score: 51.7, weight: 20, effectiveWeight: 33.3, contribution: 20.7 },
    });
  });
});

function seedHistory(db: Db): void {
  addAccount(db, { id: 'steady', seatsLicensed: 20, signupDate: '2024-01-01', renewalDate: '2026-12-31', arr: 50_000 });
  addAccount(db, { id: 'fading', seatsLicensed: 20, signupDate: '2024-01-01', renewalDate: '2026-08-15', arr: 80_000, segment: 'Enterprise' });
  addAccount(db, { id: 'newbie', seatsLicensed: 10, signupDate: addDays(AS_OF, -20), renewalDate: '2027-06-01', arr: 9_000 });
  addUsage(db, 'steady', addDays(AS_OF, -89), AS_OF, () => ({ activeUsers: 12, logins: 10, keyEvents: 5, featuresUsed: 11, integrations: 3 }));
  addUsage(db, 'fading', addDays(AS_OF, -89), AS_OF, (d) =>
    d <= addDays(AS_OF, -40)
      ? { activeUsers: 10, logins: 8, keyEvents: 3, featuresUsed: 6, integrations: 2 }
      : d <= addDays(AS_OF, -20)
        ? { activeUsers: 2, logins: 1, keyEvents: 0, featuresUsed: 2, integrations: 2 }
        : { integrations: 2 },
  );
  addUsage(db, 'newbie', addDays(AS_OF, -20), AS_OF, () => ({ activeUsers: 4, logins: 2, keyEvents: 1, featuresUsed: 5, integrations: 1 }));
  addTicket(db, { accountId: 'fading', openedAt: '2026-06-10T09:00:00Z', priority: 'high' });
  addTicket(db, { accountId: 'fading', openedAt: '2026-06-20T09:00:00Z', priority: 'urgent' });
  addNps(db, 'fading', '2026-03-01', 8);
  addNps(db, 'fading', '2026-06-01', 4);
  addRevenue(db, 'fading', '2026-05-20', 'contraction', -10_000);
  addSignal(db, 'fading', 'competitor_mentioned', '2026-06-25T10:00:00Z', 'evaluating Rival');
  addSignal(db, 'fading', 'payment_failed', '2026-06-28T10:00:00Z');
}

describe('migration 0014 compact_scores', () => {
  const { firstMigrations, cleanup } = migrationFolders();
  afterEach(cleanup);

  it('turns JSON-era rows into compact rows that read exactly as before; odd drivers are kept as labels or left out', () => {
    const sqlite = new Database(':memory:');
    sqlite.pragma('foreign_keys = ON');
    const db = drizzle(sqlite, { schema }) as Db;
    migrate(db, { migrationsFolder: firstMigrations(14) });
    seedHistory(db);
    const dates = [addDays(AS_OF, -30), addDays(AS_OF, -7), AS_OF];
    const ins = sqlite.prepare(
      `insert into health_scores (account_id, as_of, score, tier, components, drivers, coverage, expansion, quadrant, onboarding, computed_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '2026-07-01T06:00:00Z')`,
    );
    const scored = dates.flatMap((d) => extractFeatures(db, d, { signalWindowDays: config.signalWindowDays }).features.map((f) => scoreAccount(f, config, d)));
    for (const s of scored) {
      ins.run(
        s.accountId,
        s.asOf,
        s.score,
        s.tier,
        JSON.stringify(s.components),
        JSON.stringify(s.drivers),
        s.coverage,
        s.expansion,
        s.quadrant,
        s.onboarding ? 1 : 0,
      );
    }
    // rows the old schema allowed: empty components, malformed drivers, text from another version, unknown kinds
    ins.run('steady', '2026-01-01', 61, 'Neutral', '{}', 'not json', 1, 0, 'Stable Base', 0);
    ins.run(
      'steady',
      '2026-01-02',
      58,
      'Neutral',
      '{}',
      JSON.stringify([
        { id: 'inactive', severity: 'high', reason: 'silent for ages', points: 7 },
        { id: 'moon_phase', reason: 'x' },
      ]),
      0.75,
      0.2,
      'Stable Base',
      0,
    );

    migrate(db, { migrationsFolder: MIGRATIONS_DIR });
    const lines: string[] = [];
    const conv = convertLegacyScoreDrivers(db, (l) => lines.push(l), 2);
    expect(conv).toMatchObject({ unread: 1, unknown: 1 });
    expect(conv!.rows).toBe(scored.filter((s) => s.drivers.length).length + 1);
    expect(lines.at(-1)).toMatch(/1 kept as a label only, 1 of unknown kinds left out/);
    expect(sqlite.prepare("select name from sqlite_master where name = 'health_scores_legacy_drivers'").get()).toBeUndefined();
    expect(convertLegacyScoreDrivers(db)).toBeNull(); // once done, opening again does nothing

    expect(scored.some((s) => s.drivers.some((d) => d.id === 'competitor_mentioned'))).toBe(true);
    const rows = scoreRows(db, undefined, config);
    const byKey = new Map(rows.map((r) => [`${r.account_id} ${r.as_of}`, r]));
    for (const s of scored) {
      expect(byKey.get(`${s.accountId} ${s.asOf}`)).toEqual(expectedRow(s));
    }
    expect(byKey.get('steady 2026-01-01')).toMatchObject({ score: 61, coverage: 1, drivers: [] });
    expect(byKey.get('steady 2026-01-02')).toMatchObject({
      coverage: 0.75,
      expansion: 0.2,
      drivers: [{ id: 'inactive', severity: 'high', reason: 'no recent login', action: DRIVER_ACTIONS.inactive, points: 7 }],
    });
    expect(byKey.get('steady 2026-01-02')!.components).toEqual({}); // stored without a breakdown: still none
  });
});

describe('trend rows (hand-written SQL)', () => {
  it('answer exactly what the query-builder reference does, for every account and window edge', () => {
    const db = testDb();
    const ids = ['a', 'b', 'c', 'd', 'e'];
    for (const id of ids) addAccount(db, { id, signupDate: '2024-01-01' });
    // deterministic irregular histories: gaps, rows exactly on the window edges, one account never scored
    let x = 7;
    const rnd = () => (x = (x * 48271) % 2147483647) / 2147483647;
    const rows: Parameters<typeof writeScores>[1][number][] = [];
    for (const id of ids.slice(0, 4)) {
      for (let d = 0; d < 120; d++) {
        if (rnd() < 0.55) continue;
        rows.push({
          accountId: id,
          asOf: addDays(AS_OF, -d),
          score: Math.floor(rnd() * 100),
          tier: 'Neutral',
          coverage: 1,
          expansion: 0,
          onboarding: false,
          components: {},
          drivers: [],
        });
      }
    }
    writeScores(db, rows);
    for (const asOf of [AS_OF, addDays(AS_OF, -3), addDays(AS_OF, -50), addDays(AS_OF, -119), addDays(AS_OF, 5)]) {
      const dates = { asOf, d7: addDays(asOf, -7), d14: addDays(asOf, -14), d30: addDays(asOf, -30), d60: addDays(asOf, -60) };
      const all = trendRows(db, 'all', dates);
      expect(all).toHaveLength(ids.length);
      for (const r of all) expect(r).toEqual(trendRowReference(db, r.accountId, dates));
      expect(trendRows(db, ['c', 'zz'], dates)).toEqual([trendRowReference(db, 'c', dates)]);
    }
    expect(trendRowReference(db, 'e', { asOf: AS_OF, d7: AS_OF, d14: AS_OF, d30: AS_OF, d60: AS_OF })).toEqual({
      accountId: 'e',
      scoredOn: null,
      score: null,
      s7: null,
      s30: null,
    });
  });
});

describe("the daily pass's hand-written reads (chunk peaks, score exists)", () => {
  it('answer exactly what peakScore and scoredAccountIds (query builder) do, for every account, range and window edge', () => {
    const db = testDb();
    const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
    for (const id of ids) addAccount(db, { id, signupDate: '2024-01-01' });
    let x = 11;
    const rnd = () => (x = (x * 48271) % 2147483647) / 2147483647;
    const rows: Parameters<typeof writeScores>[1][number][] = [];
    for (const id of ids.slice(0, 5)) {
      for (let d = 0; d < 60; d++) {
        if (rnd() < 0.5) continue;
        // few distinct scores, so equal peaks on different days (the tie-break) happen
        rows.push({
          accountId: id,
          asOf: addDays(AS_OF, -d),
          score: 40 + Math.floor(rnd() * 4) * 10,
          tier: 'Neutral',
          coverage: 1,
          expansion: 0,
          onboarding: false,
          components: {},
          drivers: [],
        });
      }
    }
    writeScores(db, rows);
    let ties = 0;
    for (const before of [AS_OF, addDays(AS_OF, -20), addDays(AS_OF, 1), addDays(AS_OF, -59)]) {
      const from = addDays(before, -14);
      for (const range of [
        { lo: '', hi: 'f' },
        { lo: 'a', hi: 'c' },
        { lo: 'c', hi: 'e' },
      ]) {
        const peaks = peakScoresInRange(db, range, from, before);
        for (const id of ids) {
          const inRange = id > range.lo && id <= range.hi;
          expect(peaks.get(id) ?? null).toEqual(inRange ? peakScore(db, id, from, before) : null);
          if (inRange && rows.filter((r) => r.accountId === id && r.asOf >= from && r.asOf < before && r.score === peaks.get(id)?.score).length > 1) ties++;
        }
      }
      const scored = new Set(scoredAccountIds(db, before));
      for (const id of ids) expect(hasScoreOnOrBefore(db, id, before)).toBe(scored.has(id));
    }
    expect(ties).toBeGreaterThan(0);
    expect(hasScoreOnOrBefore(db, 'a', addDays(AS_OF, -200))).toBe(false);
  });
});
