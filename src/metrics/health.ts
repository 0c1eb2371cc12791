/** Reading stored health scores (written by the scorer) as of a day. */
import type { Db } from '../../db';
import { parseJsonOr } from '../lib/json';
import { type Driver, TIERS, type Tier } from '../scoring/types';

export interface ScoreRow {
  accountId: string;
  asOf: string;
  score: number;
  tier: Tier;
  drivers: Driver[];
}

/** A malformed row must not break a digest: unreadable JSON or entries without an id are dropped. */
function parseDrivers(raw: unknown): Driver[] {
  const v = parseJsonOr<unknown>(raw, []);
  return Array.isArray(v) ? (v as Driver[]).filter((d) => d && typeof d.id === 'string') : [];
}

/** Latest score of each account dated on or before `day`. */
export function latestScores(db: Db, day: string): Map<string, ScoreRow> {
  const rows = db.$client
    .prepare(
      `select h.account_id as accountId, h.as_of as asOf, h.score, h.tier, h.drivers
         from health_scores h
         join (select account_id, max(as_of) as m from health_scores where as_of <= ? group by account_id) x
           on x.account_id = h.account_id and x.m = h.as_of`,
    )
    .all(day) as Array<Omit<ScoreRow, 'drivers'> & { drivers: unknown }>;
  const out = new Map<string, ScoreRow>();
  for (const r of rows) {
    if (!(TIERS as readonly string[]).includes(r.tier)) continue;
    out.set(r.accountId, { ...r, drivers: parseDrivers(r.drivers) });
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
