/** Biggest movers weighted by ARR at stake: |score change| × ARR, $0 accounts and sub-threshold moves left out. */
import { describe, expect, it } from 'vitest';
import { type ScoreRow, movers } from '../../src/metrics/health';
import { tierOf } from './fixtures';

const scoreMap = (day: string, scores: Record<string, number>) =>
  new Map<string, ScoreRow>(Object.entries(scores).map(([id, score]) => [id, { accountId: id, asOf: day, score, tier: tierOf(score), drivers: [] }]));

const ARR: Record<string, number> = { zero: 0, big: 800_000, mid: 200_000, small: 5_000, twinA: 100_000, twinB: 100_000, twinC: 50_000, wobble: 2_000_000 };
const info = (id: string) => (id in ARR ? { name: id, arr: ARR[id], ownerSlackId: null } : undefined);

const before = scoreMap('2026-11-16', { zero: 70, big: 60, mid: 60, small: 80, twinA: 50, twinB: 50, twinC: 50, wobble: 70, gone: 50 });
const now = scoreMap('2026-11-23', { zero: 40, big: 54, mid: 40, small: 40, twinA: 60, twinB: 60, twinC: 70, wobble: 68, gone: 10 });

describe('movers', () => {
  it('ranks by |change| × ARR: a $0 account is no mover, a large slide outranks a small account’s big swing', () => {
    const m = movers(now, before, info);
    // big 6 × 800k = 4.8M, wobble 2 × 2M = 4M, mid 20 × 200k = 4M (tie: larger change first), small 40 × 5k = 200k
    expect(m.drops.map((x) => [x.accountId, x.weight])).toEqual([
      ['big', 4_800_000],
      ['mid', 4_000_000],
      ['wobble', 4_000_000],
      ['small', 200_000],
    ]);
    expect(m.drops.some((x) => x.accountId === 'zero')).toBe(false);
    // `all` still holds every change (the "fell 10+ points" count), the $0 account included; unknown accounts never
    expect(m.all.map((x) => x.accountId).sort()).toEqual(['big', 'mid', 'small', 'twinA', 'twinB', 'twinC', 'wobble', 'zero']);
  });

  it('breaks exact ties by change, then account id, whatever the map order', () => {
    // twinA and twinB: +10 × 100k; twinC: +20 × 50k — all 1M
    const forward = movers(now, before, info).gains.map((x) => x.accountId);
    const reversed = movers(new Map([...now].reverse()), before, info).gains.map((x) => x.accountId);
    expect(forward).toEqual(['twinC', 'twinA', 'twinB']);
    expect(reversed).toEqual(forward);
  });

  it('leaves out moves under minPoints and keeps `limit` per direction', () => {
    const m = movers(now, before, info, { minPoints: 5, limit: 2 });
    expect(m.drops.map((x) => x.accountId)).toEqual(['big', 'mid']); // wobble's 2 points are noise
    expect(movers(now, before, info, { minPoints: 5 }).drops.map((x) => x.accountId)).toEqual(['big', 'mid', 'small']);
  });
});
