/**
 * The reason store's hot path (a live reason held again, read through the prepared per-connection reads):
 * severity, figures (JSON), positive flag, consecutive runs and clearing fields as written, read back alike.
 */
import { describe, expect, it } from 'vitest';
import { alertReasons } from '../../db/schema';
import { liveReasons, recordClear, recordHeld } from '../../src/alerts/group-store';
import type { Candidate } from '../../src/alerts/rules';
import { testDb } from '../support/db';
import { seedAccount } from './fixtures';

const cand = (over: Partial<Candidate> = {}): Candidate => ({
  rule: 'usage_decline',
  severity: 'medium',
  title: 'Usage down 40%',
  reason: 'Logins fell from 100 to 60.',
  numbers: { pct: 40, recent: 60, previous: 100 },
  drivers: ['usage_decline', 'inactive'],
  ...over,
});

describe('recordHeld', () => {
  it('a reason held again while clearing fires again with the new figures, and reads back as stored', () => {
    const db = testDb();
    seedAccount(db, 'acme');
    const first = recordHeld(db, 'acme', cand(), 2, '2026-11-20T10:00:00Z');
    expect(first.row).toMatchObject({ status: 'pending', heldRuns: 1, positive: false });
    // Clearing starts, then the rule holds again with new figures: the prepared path resets the clearing fields.
    recordHeld(db, 'acme', cand(), 2, '2026-11-21T10:00:00Z');
    recordClear(db, liveReasons(db, 'acme')[0], 7 * 86_400_000, new Date('2026-11-22T10:00:00Z'));
    expect(liveReasons(db, 'acme')[0]).toMatchObject({ status: 'clearing', clearSince: '2026-11-22T10:00:00.000Z' });
    const again = recordHeld(
      db,
      'acme',
      cand({ severity: 'high', title: 'Usage down 70%', numbers: { pct: 70, recent: 30, previous: 100 }, positive: true }),
      2,
      '2026-11-23T10:00:00Z',
    );
    const stored = db.select().from(alertReasons).all();
    expect(stored).toHaveLength(1);
    expect(again.row).toEqual(stored[0]);
    expect(stored[0]).toMatchObject({
      severity: 'high',
      status: 'firing',
      title: 'Usage down 70%',
      detail: { reason: 'Logins fell from 100 to 60.', numbers: { pct: 70, recent: 30, previous: 100 }, drivers: ['usage_decline', 'inactive'] },
      positive: true,
      heldRuns: 3,
      firstSeenAt: '2026-11-20T10:00:00Z',
      lastSeenAt: '2026-11-23T10:00:00Z',
      clearSince: null,
      clearedAt: null,
    });
    expect(again.before).toMatchObject({ status: 'clearing', heldRuns: 2 });
  });

  it('given the live row the caller already read, writes and returns exactly what it does after reading it itself', () => {
    const run = (passLive: boolean) => {
      const db = testDb();
      seedAccount(db, 'acme');
      const out = [];
      const days = ['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-24'];
      for (const [i, day] of days.entries()) {
        const live = liveReasons(db, 'acme').find((r) => r.rule === 'usage_decline');
        if (i === 2) {
          recordClear(db, live!, 0, new Date(`${day}T09:00:00Z`)); // cleared at once: the next hold starts fresh
          continue;
        }
        const c = cand({ severity: i === 3 ? 'high' : 'medium', numbers: { pct: 40 + i } });
        out.push(recordHeld(db, 'acme', c, 2, `${day}T10:00:00Z`, passLive ? live : undefined));
      }
      return { out, stored: db.select().from(alertReasons).all() };
    };
    const withLive = run(true);
    expect(withLive).toEqual(run(false));
    expect(withLive.out.map((o) => o.row.status)).toEqual(['pending', 'firing', 'pending']);
    expect(withLive.out[2].before).toBeNull(); // held again after clearing: a fresh reason
  });
});
