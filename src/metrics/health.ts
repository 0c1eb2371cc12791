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
  /** ARR at stake in the move: |score change| × ARR (what movers are ranked by) */
  weight: number;
}

export interface MoverOptions {
  /** movers listed per direction (default 5) */
  limit?: number;
  /** score changes smaller than this are noise, not moves (default 0: any change) */
  minPoints?: number;
}

/**
 * Biggest movers between two score maps (accounts scored at both dates only), weighted by ARR at stake: ranked by
 * |score change| × ARR, so a $0 account is no mover and a small account's big swing does not outrank a large
 * account's real slide. Ties: the larger change, then account id. `all` keeps every score change (for counts
 * such as "fell 10+ points"), whatever the ARR.
 */
export function movers(
  now: Map<string, ScoreRow>,
  before: Map<string, ScoreRow>,
  info: (id: string) => { name: string; arr: number; ownerSlackId: string | null } | undefined,
  opts: MoverOptions = {},
): { drops: Mover[]; gains: Mover[]; all: Mover[] } {
  const limit = opts.limit ?? 5;
  const minPoints = opts.minPoints ?? 0;
  const all: Mover[] = [];
  for (const [id, s] of now) {
    const b = before.get(id);
    const i = info(id);
    if (!b || !i || b.asOf === s.asOf) continue;
    const change = Math.round((s.score - b.score) * 10) / 10;
    if (change === 0) continue;
    all.push({
      accountId: id,
      name: i.name,
      from: b.score,
      to: s.score,
      change,
      tier: s.tier,
      arr: i.arr,
      ownerSlackId: i.ownerSlackId,
      weight: Math.abs(change) * Math.max(0, i.arr),
    });
  }
  const ranked = all
    .filter((m) => m.weight > 0 && Math.abs(m.change) >= minPoints)
    .sort((a, b) => b.weight - a.weight || Math.abs(b.change) - Math.abs(a.change) || (a.accountId < b.accountId ? -1 : 1));
  const drops = ranked.filter((m) => m.change < 0).slice(0, limit);
  const gains = ranked.filter((m) => m.change > 0).slice(0, limit);
  return { drops, gains, all };
}
