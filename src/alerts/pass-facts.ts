/**
 * Alert facts for one chunk of the daily pass, built from what the scoring pass already computed (the fresh
 * score, and the usage and account values it read: PassFacts) plus set-based reads bounded to the chunk's
 * account-id range: the score peak of the drop window (the scores store's peakScoresInRange) and the signals
 * the rules look at. Equivalent to loadAccountFacts per account (test/alerts/daily-pass.test.ts), without re-reading usage history.
 */
import type { Db } from '../../db';
import { addDays, daysBetween } from '../lib/dates';
import type { ScoredChunk } from '../scoring/run';
import { peakScoresInRange } from '../scoring/store';
import type { AccountFacts } from './facts';

export interface ChunkFactsOptions {
  dropWindowDays: number;
  signalWindowDays: number;
}

/** Unresolved signals within the rule window, newest first per account (the same filter as loadAccountFacts). */
const SIGNALS_SQL = `
SELECT account_id, kind, occurred_at, detail FROM signals
WHERE account_id > @lo AND account_id <= @hi AND resolved_at IS NULL AND +occurred_at >= @from AND substr(occurred_at, 1, 10) <= @asOf
ORDER BY account_id, occurred_at DESC`;

/** Accounts of the chunk with a live alert group or a reason not yet cleared: the only ones a run without holds can change. */
const LIVE_SQL = `
SELECT account_id FROM alert_reasons WHERE account_id > @lo AND account_id <= @hi AND status != 'cleared'
UNION SELECT account_id FROM alerts WHERE account_id > @lo AND account_id <= @hi AND status != 'resolved'`;

export interface ChunkFacts {
  /** facts of every account the chunk scored */
  facts: Map<string, AccountFacts>;
  /** accounts with live alert state (others, when no rule holds, are unchanged without a transaction) */
  live: Set<string>;
}

export function chunkFacts(db: Db, chunk: ScoredChunk, opts: ChunkFactsOptions): ChunkFacts {
  const c = db.$client;
  const range = { lo: chunk.lo, hi: chunk.hi };
  const asOf = chunk.asOf;
  const peaks = peakScoresInRange(db, range, addDays(asOf, -opts.dropWindowDays), asOf);
  const signals = new Map<string, AccountFacts['signals']>();
  for (const [id, kind, occurredAt, detail] of c
    .prepare(SIGNALS_SQL)
    .raw()
    .all({ ...range, asOf, from: addDays(asOf, -opts.signalWindowDays) }) as [string, string, string, string | null][]) {
    const list = signals.get(id) ?? [];
    list.push({ kind, occurredAt, detail });
    signals.set(id, list);
  }
  const live = new Set(c.prepare(LIVE_SQL).pluck().all(range) as string[]);

  const facts = new Map<string, AccountFacts>();
  for (const e of chunk.entries) {
    const s = chunk.scores.get(e.id);
    if (!s || !e.facts) continue;
    const f = e.facts;
    facts.set(e.id, {
      account: { id: e.id, ...f.account },
      asOf,
      score: s.score,
      tier: s.tier,
      expansion: s.expansion ?? 0,
      drivers: s.drivers,
      windowPeak: peaks.get(e.id) ?? null,
      usage: f.logins,
      // With usage rows but never a login, count from the start of the data rather than reporting "no data".
      daysSinceLogin: f.lastLoginDay ? daysBetween(f.lastLoginDay, asOf) : f.firstLoginDataDay ? daysBetween(f.firstLoginDataDay, asOf) : null,
      signals: signals.get(e.id) ?? [],
    });
  }
  return { facts, live };
}
