/** Seed a stored score through the scores store (numbers only; no components or drivers unless given). */
import type { Db } from '../../db';
import { writeScores } from '../../src/scoring/store';
import type { Driver, Tier } from '../../src/scoring/types';

export function putScore(
  db: Db,
  s: { accountId: string; asOf: string; score: number; tier?: Tier; drivers?: Driver[]; coverage?: number; expansion?: number },
): void {
  writeScores(db, [{ tier: 'Neutral', drivers: [], coverage: 1, expansion: 0, ...s, components: {}, onboarding: false }]);
}
