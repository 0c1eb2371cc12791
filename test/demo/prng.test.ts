import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed, mulberry32 } from '../../src/demo/prng';

describe('seeded PRNG', () => {
  it('repeats its sequence for the same seed and differs for another seed', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const sa = Array.from({ length: 50 }, a);
    expect(Array.from({ length: 50 }, b)).toEqual(sa);
    expect(Array.from({ length: 50 }, c)).not.toEqual(sa);
    for (const x of sa) expect(x >= 0 && x < 1).toBe(true);
  });

  it('derives distinct seeds per stream and account', () => {
    const seeds = new Set<number>();
    for (let i = 0; i < 1000; i++) for (const s of ['usage', 'tickets']) seeds.add(deriveSeed(42, s, i));
    expect(seeds.size).toBe(2000);
    expect(deriveSeed(42, 'usage', 1)).toBe(deriveSeed(42, 'usage', 1));
  });

  it('produces the distributions the generator relies on', () => {
    const rng = createRng(7);
    const n = 20_000;
    let sum = 0;
    let ints = 0;
    const buckets = [0, 0, 0];
    const logs: number[] = [];
    for (let i = 0; i < n; i++) {
      sum += rng.normal(10, 2);
      const k = rng.int(1, 3);
      buckets[k - 1]++;
      if (k < 1 || k > 3) ints++;
      logs.push(rng.lognormal(1000, 0.5));
    }
    expect(sum / n).toBeGreaterThan(9.9);
    expect(sum / n).toBeLessThan(10.1);
    expect(ints).toBe(0);
    for (const b of buckets) expect(Math.abs(b / n - 1 / 3)).toBeLessThan(0.02);
    logs.sort((x, y) => x - y);
    expect(logs[n / 2]).toBeGreaterThan(950); // median of a lognormal is its median parameter
    expect(logs[n / 2]).toBeLessThan(1050);
    let p = 0;
    for (let i = 0; i < n; i++) p += rng.poisson(3);
    expect(p / n).toBeGreaterThan(2.9);
    expect(p / n).toBeLessThan(3.1);
    const w = { a: 0, b: 0 };
    for (let i = 0; i < n; i++)
      w[
        rng.weighted([
          ['a', 3],
          ['b', 1],
        ] as const)
      ]++;
    expect(w.a / n).toBeGreaterThan(0.72);
    expect(w.a / n).toBeLessThan(0.78);
  });
});
