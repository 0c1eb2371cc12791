/**
 * Synthetic scoring data for the benchmarks (bench:score, bench:slack-busy): accounts with 90 days of daily
 * usage each (9M usage rows at 100k accounts), tickets and NPS, generated deterministically.
 */
import type { Db } from '../../db';
import { mulberry32 } from '../../src/demo/prng';
import { addDays } from '../../src/lib/dates';

export const AS_OF = '2026-06-30';
export const DAYS = 90;

const DAY_LIST = Array.from({ length: DAYS }, (_, i) => addDays(AS_OF, i - DAYS + 1));
const ROWS_PER_STMT = DAYS; // one account's 90 days per INSERT statement

/** Append accounts [from, to) with usage, tickets and NPS. Fast path: multi-row prepared INSERTs, 2k accounts per transaction. */
export function generate(db: Db, from: number, to: number): void {
  const c = db.$client;
  const rand = mulberry32(from + 1); // deterministic: every run generates the same data
  const insAccount = c.prepare(
    `INSERT INTO accounts (id, name, segment, arr, signup_date, renewal_date, renewal_status, seats_licensed, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, '2026-06-30T00:00:00Z')`,
  );
  const insUsage = c.prepare(
    `INSERT INTO usage_daily (account_id, day, active_users, logins, key_events, features_used, integrations) VALUES ${Array(ROWS_PER_STMT)
      .fill('(?,?,?,?,?,?,?)')
      .join(',')}`,
  );
  const insTicket = c.prepare('INSERT INTO tickets (id, account_id, opened_at, closed_at, priority, csat) VALUES (?, ?, ?, ?, ?, ?)');
  const insNps = c.prepare('INSERT INTO nps_responses (id, account_id, responded_at, score) VALUES (?, ?, ?, ?)');
  const segments = ['Starter', 'Growth', 'Pro', 'Enterprise'];
  const priorities = ['low', 'medium', 'high', 'urgent'];
  const params: (string | number)[] = new Array(ROWS_PER_STMT * 7);
  const batch = c.transaction((lo: number, hi: number) => {
    for (let i = lo; i < hi; i++) {
      const id = `acct-${String(i).padStart(6, '0')}`;
      const seats = 5 + Math.floor(rand() * 95);
      const onboarding = rand() < 0.08;
      const signup = onboarding ? addDays(AS_OF, -Math.floor(rand() * 89)) : addDays(AS_OF, -(120 + Math.floor(rand() * 1500)));
      insAccount.run(id, `Account ${i}`, segments[i % 4], Math.round(5_000 + rand() * 200_000), signup, addDays(AS_OF, Math.floor(rand() * 365)), seats);
      // usage shape: steady, declining, growing, or gone quiet part-way
      const shape = rand();
      const level = 0.2 + rand() * 0.8;
      const quietFrom = shape > 0.92 ? Math.floor(rand() * DAYS) : DAYS;
      for (let d = 0; d < DAYS; d++) {
        const trend = shape < 0.6 ? 1 : shape < 0.8 ? 1.5 - d / DAYS : 0.6 + d / DAYS;
        const active = d >= quietFrom ? 0 : Math.round(seats * level * trend * (0.6 + rand() * 0.4));
        const o = d * 7;
        params[o] = id;
        params[o + 1] = DAY_LIST[d];
        params[o + 2] = active;
        params[o + 3] = active + Math.floor(rand() * 3);
        params[o + 4] = Math.floor(active * rand() * 0.5);
        params[o + 5] = Math.min(20, Math.floor(active / 2) + Math.floor(rand() * 4));
        params[o + 6] = Math.floor(level * 5);
      }
      insUsage.run(params);
      const nTickets = Math.floor(rand() * 5);
      for (let t = 0; t < nTickets; t++) {
        const opened = DAY_LIST[Math.floor(rand() * DAYS)];
        const closed = rand() < 0.7 ? addDays(opened, 1 + Math.floor(rand() * 10)) : null;
        insTicket.run(
          `${id}-t${t}`,
          id,
          `${opened}T10:00:00Z`,
          closed && `${closed}T10:00:00Z`,
          priorities[Math.floor(rand() * 4)],
          closed ? 1 + Math.floor(rand() * 5) : null,
        );
      }
      const nNps = Math.floor(rand() * 3);
      for (let n = 0; n < nNps; n++) insNps.run(`${id}-n${n}`, id, DAY_LIST[Math.floor(rand() * DAYS)], Math.floor(rand() * 11));
    }
  });
  for (let lo = from; lo < to; lo += 2000) {
    batch(lo, Math.min(to, lo + 2000));
    if ((lo + 2000 - from) % 10000 === 0 || lo + 2000 >= to) process.stderr.write(`\r  generated ${Math.min(to, lo + 2000).toLocaleString()} accounts`);
  }
  process.stderr.write('\n');
}
