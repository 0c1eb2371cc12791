/**
 * The optimised extraction (merge-joined usage windows, NPS without a window function) and the fast writer
 * must not change a single score: compare against the original implementation kept in reference-features.ts,
 * on demo data plus crafted edge cases, at several as-of dates.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load';
import { generateDemo } from '../../src/demo/generate';
import { fixedClock } from '../../src/lib/clock';
import { addDays } from '../../src/lib/dates';
import { extractFeatures } from '../../src/scoring/features';
import { runScoring } from '../../src/scoring/run';
import { scoreAccount } from '../../src/scoring/score-account';
import { testDb } from '../support/db';
import { referenceExtractFeatures } from './reference-features';
import { addAccount, addNps, addRevenue, addSnapshot, addTicket, addUsage, expectedRow, scoreRows } from './seed';

const config = parseConfig({}).scoring;
const TODAY = '2026-11-23';
const opts = { signalWindowDays: config.signalWindowDays };

/** 300 demo accounts, plus accounts that exercise the edge paths of the extraction. */
function dataset() {
  const db = testDb();
  generateDemo(db, { accounts: 300, today: TODAY });
  // Two NPS answers on the same day: the tie is broken by response id, newest id first.
  addAccount(db, { id: 'zz-nps-tie', signupDate: '2024-01-01' });
  addUsage(db, 'zz-nps-tie', addDays(TODAY, -60), TODAY, () => ({ activeUsers: 3, logins: 2, keyEvents: 1 }));
  addNps(db, 'zz-nps-tie', '2026-11-01', 3);
  addNps(db, 'zz-nps-tie', '2026-11-01', 9);
  addNps(db, 'zz-nps-tie', '2026-10-01', 6);
  // Silent for months: last login long before the 30-day window (the look-back seek).
  addAccount(db, { id: 'zz-silent', signupDate: '2024-01-01', seatsLicensed: 10 });
  addUsage(db, 'zz-silent', addDays(TODAY, -200), TODAY, (d) => (d < addDays(TODAY, -150) ? { activeUsers: 4, logins: 5 } : { integrations: 1 }));
  // Never logged in, no signup date: tenure and recency both come from the first usage row.
  addAccount(db, { id: 'zz-never' });
  addUsage(db, 'zz-never', addDays(TODAY, -45), TODAY, () => ({ integrations: 2 }));
  // Usage only in the previous 30-day window; only in the last 30 days.
  addAccount(db, { id: 'zz-prev-only', signupDate: '2025-01-01' });
  addUsage(db, 'zz-prev-only', addDays(TODAY, -55), addDays(TODAY, -35), () => ({ activeUsers: 2, logins: 3, keyEvents: 2 }));
  addAccount(db, { id: 'zz-last-only', signupDate: '2025-01-01' });
  addUsage(db, 'zz-last-only', addDays(TODAY, -10), TODAY, () => ({ activeUsers: 2, logins: 3, keyEvents: 2 }));
  // Snapshot only (no daily rows), with a ticket count and NPS.
  addAccount(db, { id: 'zz-snapshot', signupDate: '2025-01-01' });
  addSnapshot(db, {
    accountId: 'zz-snapshot',
    asOf: addDays(TODAY, -3),
    logins30d: 40,
    featuresUsed: 9,
    activeSeats: 5,
    openTickets: 2,
    npsScore: 8,
    daysSinceLastLogin: 2,
  });
  // No data at all, and one ticket for an account with no usage.
  addAccount(db, { id: 'zz-empty', signupDate: '2025-01-01' });
  addAccount(db, { id: 'zz-ticket-only', signupDate: '2025-01-01' });
  addTicket(db, { accountId: 'zz-ticket-only', openedAt: `${addDays(TODAY, -5)}T09:00:00Z`, priority: 'urgent' });
  // Churned 10 days ago: still scored (inside the 30-day grace), with its churn date.
  addAccount(db, { id: 'zz-churned', signupDate: '2024-01-01', lifecycle: 'churned' });
  addUsage(db, 'zz-churned', addDays(TODAY, -80), addDays(TODAY, -10), () => ({ activeUsers: 1, logins: 1 }));
  addRevenue(db, 'zz-churned', addDays(TODAY, -10), 'churn', -10_000);
  // Attributes changed 50 and 10 days ago (through the same trigger any import goes through): each as-of date
  // must see the values of its own time.
  addAccount(db, { id: 'zz-history', signupDate: '2024-01-01', segment: 'Growth', seatsLicensed: 10, renewalDate: addDays(TODAY, 200) });
  addUsage(db, 'zz-history', addDays(TODAY, -90), TODAY, () => ({ activeUsers: 6, logins: 4, keyEvents: 3 }));
  const change = db.$client.prepare(
    'UPDATE accounts SET segment = @segment, seats_licensed = @seats, renewal_status = @status, renewal_date = @renewal, updated_at = @at WHERE id = @id',
  );
  change.run({ id: 'zz-history', segment: 'Enterprise', seats: 40, status: 'at_risk', renewal: addDays(TODAY, 60), at: `${addDays(TODAY, -50)}T15:00:00Z` });
  change.run({
    id: 'zz-history',
    segment: 'Enterprise',
    seats: 25,
    status: 'in_negotiation',
    renewal: addDays(TODAY, 60),
    at: `${addDays(TODAY, -10)}T15:00:00Z`,
  });
  // Ids that sort oddly (upper case, digits, non-ASCII) between the demo ones.
  for (const id of ['A-upper', '0-digit', 'émile', 'żółw']) {
    addAccount(db, { id, signupDate: '2025-06-01' });
    addUsage(db, id, addDays(TODAY, -70), TODAY, (d) => ({ activeUsers: 1, logins: d.endsWith('5') ? 0 : 1, keyEvents: 1 }));
  }
  return db;
}

describe('optimised scoring pass is equivalent to the reference implementation', () => {
  const db = dataset();
  const asOfs = [TODAY, addDays(TODAY, -1), addDays(TODAY, -40), addDays(TODAY, -85)];

  it.each(asOfs)('extracts exactly the reference features as of %s', (asOf) => {
    const ref = referenceExtractFeatures(db, asOf, opts);
    const got = extractFeatures(db, asOf, opts);
    expect(got.skipped).toBe(ref.skipped);
    expect(got.features.length).toBe(ref.features.length);
    expect(got.features.length).toBeGreaterThan(250);
    for (let i = 0; i < ref.features.length; i++) expect(got.features[i]).toEqual(ref.features[i]);
  });

  it.each([1, 7, 64])('streams the same features in chunks of %i accounts (chunk boundaries lose or repeat nothing)', (chunkSize) => {
    const ref = referenceExtractFeatures(db, TODAY, opts);
    const got = extractFeatures(db, TODAY, { ...opts, chunkSize });
    expect(got.skipped).toBe(ref.skipped);
    expect(got.features.map((f) => f.id)).toEqual(ref.features.map((f) => f.id));
    for (let i = 0; i < ref.features.length; i++) expect(got.features[i]).toEqual(ref.features[i]);
  });

  it('covers the edge paths the reference exercises (so the comparison above means something)', () => {
    const byId = new Map(referenceExtractFeatures(db, TODAY, opts).features.map((f) => [f.id, f]));
    expect(byId.get('zz-nps-tie')!.nps).toMatchObject({ latest: expect.any(Number), previous: expect.any(Number) });
    expect(byId.get('zz-silent')!.usage!.lastLoginDay).toBe(addDays(TODAY, -151));
    expect(byId.get('zz-never')!.usage).toMatchObject({ lastLoginDay: null, firstDay: addDays(TODAY, -45) });
    expect(byId.get('zz-prev-only')!.usage).toMatchObject({ logins30: 0, loginsPrev30: 3 * 21 });
    expect(byId.get('zz-snapshot')!.snapshot).not.toBeNull();
    expect(byId.get('zz-empty')!.usage).toBeNull();
    const history = (asOf: string) => referenceExtractFeatures(db, asOf, opts).features.find((f) => f.id === 'zz-history')!;
    expect(byId.get('zz-history')).toMatchObject({ segment: 'Enterprise', seatsLicensed: 25, renewalStatus: 'in_negotiation' });
    expect(history(addDays(TODAY, -40))).toMatchObject({ segment: 'Enterprise', seatsLicensed: 40, renewalStatus: 'at_risk', renewalDate: addDays(TODAY, 60) });
    expect(history(addDays(TODAY, -85))).toMatchObject({ segment: 'Growth', seatsLicensed: 10, renewalStatus: 'pending', renewalDate: addDays(TODAY, 200) });
    const features = [...byId.values()];
    expect(features.some((f) => f.signals.length > 0)).toBe(true);
    expect(features.some((f) => f.revenue?.churnedOn)).toBe(true);
    expect(features.some((f) => f.nps?.previous != null)).toBe(true);
    expect(features.some((f) => f.tickets && f.tickets.open.high + f.tickets.open.urgent > 0)).toBe(true);
    expect(features.some((f) => f.tenureDays != null && f.tenureDays < config.drivers.onboardingDays)).toBe(true);
  });

  it.each(asOfs)('runScoring as of %s stores exactly the scores the reference features give', (asOf) => {
    const computedAt = '2026-11-24T06:00:00.000Z';
    const summary = runScoring(db, { asOf, config, clock: fixedClock(computedAt), keepScores: true });
    const expected = referenceExtractFeatures(db, asOf, opts).features.map((f) => scoreAccount(f, config, asOf));
    expect(summary.scores).toEqual(expected);
    const rows = new Map(scoreRows(db, asOf).map((r) => [r.account_id as string, r]));
    expect(rows.size).toBe(expected.length);
    for (const s of expected) {
      expect(rows.get(s.accountId)).toEqual({ ...expectedRow(s), as_of: asOf });
    }
  });
});
