/** Reading stored health scores (written by the scorer) as of a day. */
import type { Db } from '../../db';
import type { ScoringConfig } from '../config/sections/scoring';
import { defaultScoring, latestScoresOn } from '../scoring/store';
import { type Driver, TIERS, type Tier } from '../scoring/types';

export interface ScoreRow {
  accountId: string;
  asOf: string;
  score: number;
  tier: Tier;
  drivers: Driver[];
}

/**
 * Latest score of each account dated on or before `day`. Drivers' words are rendered with `scoring`
 * (the built-in config when not given: only quoted thresholds could differ).
 */
export function latestScores(db: Db, day: string, scoring: ScoringConfig = defaultScoring()): Map<string, ScoreRow> {
  const out = new Map<string, ScoreRow>();
  for (const [id, s] of latestScoresOn(db, day, scoring)) {
    if (!(TIERS as readonly string[]).includes(s.tier)) continue;
    out.set(id, { accountId: id, asOf: s.asOf, score: s.score, tier: s.tier, drivers: s.drivers });
  }
  return out;
}

export interface Mover {
  accountId: string;
  name: string;
  from: number;
  to: number;
  change: number;
  tier: Tier;
  arr: number;
  ownerSlackId: string | null;
}

/** Largest score drops and gains between two score maps (accounts scored at both dates only). */
export function movers(
  now: Map<string, ScoreRow>,
  before: Map<string, ScoreRow>,
  info: (id: string) => { name: string; arr: number; ownerSlackId: string | null } | undefined,
  limit = 5,
): { drops: Mover[]; gains: Mover[]; all: Mover[] } {
  const all: Mover[] = [];
  for (const [id, s] of now) {
    const b = before.get(id);
    const i = info(id);
    if (!b || !i || b.asOf === s.asOf) continue;
    const change = Math.round((s.score - b.score) * 10) / 10;
    if (change === 0) continue;
    all.push({ accountId: id, name: i.name, from: b.score, to: s.score, change, tier: s.tier, arr: i.arr, ownerSlackId: i.ownerSlackId });
  }
  const byId = (a: Mover, b: Mover) => (a.accountId < b.accountId ? -1 : 1);
  const drops = all.filter((m) => m.change < 0).sort((a, b) => a.change - b.change || b.arr - a.arr || byId(a, b)).slice(0, limit);
  const gains = all.filter((m) => m.change > 0).sort((a, b) => b.change - a.change || b.arr - a.arr || byId(a, b)).slice(0, limit);
  return { drops, gains, all };
}
