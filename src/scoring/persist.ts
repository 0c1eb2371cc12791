/** Writing scores: one transaction, one prepared upsert per row. Re-running a date replaces its rows. */
import type { Db } from '../../db';
import type { ScoredAccount } from './types';

const UPSERT_SQL = `
INSERT INTO health_scores (account_id, as_of, score, tier, components, drivers, coverage, expansion, quadrant, onboarding, computed_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT(account_id, as_of) DO UPDATE SET
  score = excluded.score, tier = excluded.tier, components = excluded.components, drivers = excluded.drivers,
  coverage = excluded.coverage, expansion = excluded.expansion, quadrant = excluded.quadrant,
  onboarding = excluded.onboarding, computed_at = excluded.computed_at`;

/** A prepared upsert bound to one computed-at stamp; call inside a transaction for speed. */
export function scoreWriter(db: Db, computedAt: string): (s: ScoredAccount) => void {
  const stmt = db.$client.prepare(UPSERT_SQL);
  return (s) => {
    stmt.run(
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
      computedAt,
    );
  };
}

/** Write one chunk of scores (the scoring pass calls only this, once per chunk). */
export function writeScores(write: (s: ScoredAccount) => void, scores: Iterable<ScoredAccount>): void {
  for (const s of scores) write(s);
}

export function startRun(db: Db, asOf: string, startedAt: string): number {
  const r = db.$client.prepare('INSERT INTO scoring_runs (as_of, started_at) VALUES (?, ?)').run(asOf, startedAt);
  return Number(r.lastInsertRowid);
}

export function finishRun(db: Db, id: number, finishedAt: string, accounts: number, durationMs: number): void {
  db.$client
    .prepare('UPDATE scoring_runs SET finished_at = ?, accounts = ?, duration_ms = ? WHERE id = ?')
    .run(finishedAt, accounts, durationMs, id);
}
