/** Alert facts read a usage source without a logins column as "no login data", never as "no login for N days". */
import { describe, expect, it } from 'vitest';
import { loadAccountFacts } from '../../src/alerts/facts';
import { addDays } from '../../src/lib/dates';
import { testDb } from '../support/db';
import { addAccount } from '../scoring/seed';
import { putScore } from '../support/scores';

const AS_OF = '2026-06-30';
const opts = { asOf: AS_OF, dropWindowDays: 14, signalWindowDays: 90 };

function withUsage(logins: number | null) {
  const db = testDb();
  addAccount(db, { id: 'a', signupDate: '2025-01-01' });
  const ins = db.$client.prepare('INSERT INTO usage_daily (account_id, day, key_events, logins) VALUES (?, ?, 5, ?)');
  for (let i = 0; i < 60; i++) ins.run('a', addDays(AS_OF, -i), logins);
  putScore(db, { accountId: 'a', asOf: AS_OF, score: 60 });
  return loadAccountFacts(db, 'a', opts)!;
}

describe('alert facts with a missing logins column', () => {
  it('has no login facts when logins are NULL', () => {
    const f = withUsage(null);
    expect(f.daysSinceLogin).toBeNull();
    expect(f.usage).toBeNull();
  });

  it('reads real zeros as real: no login in 60 days', () => {
    const f = withUsage(0);
    expect(f.daysSinceLogin).toBe(59);
    expect(f.usage).toEqual({ recent: 0, previous: 0 });
  });
});
