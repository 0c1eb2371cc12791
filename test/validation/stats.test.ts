import { describe, expect, it } from 'vitest';
import { auc, clusterBootstrap, decilesWithin, groupRows, liftAt, pooledAuc, rocPoints } from '../../src/validation/stats';

describe('AUC', () => {
  it('is 1 for a perfect ranking, 0 for an inverted one', () => {
    expect(auc([1, 2, 3, 4], [0, 0, 1, 1])).toBe(1);
    expect(auc([1, 2, 3, 4], [1, 1, 0, 0])).toBe(0);
  });

  it('matches the textbook example (scikit-learn roc_auc_score gives 0.75)', () => {
    expect(auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBe(0.75);
  });

  it('counts a tied positive/negative pair as half', () => {
    // pairs: (pos 1, neg 1) tie ½, (pos 1, neg 2) 0, (pos 2, neg 1) 1, (pos 2, neg 2) tie ½ → 2 / 4
    expect(auc([1, 1, 2, 2], [0, 1, 0, 1])).toBe(0.5);
    // all tied: ½ whatever the labels
    expect(auc([3, 3, 3, 3, 3], [1, 0, 0, 1, 0])).toBe(0.5);
    // one pos tied with one of two negs, above the other: (1 + ½) / 2
    expect(auc([1, 2, 2], [0, 0, 1])).toBe(0.75);
  });

  it('is undefined without both classes', () => {
    expect(auc([1, 2, 3], [0, 0, 0])).toBeNull();
    expect(auc([1, 2, 3], [1, 1, 1])).toBeNull();
  });

  it('pooled within dates counts only pairs from the same date', () => {
    // Each date ranks perfectly; across dates date B's churner (2) is less risky than date A's non-churner (5).
    const risk = [5, 6, 1, 2];
    const label = [0, 1, 0, 1];
    expect(auc(risk, label)).toBe(0.75);
    expect(pooledAuc(groupRows(risk, label, ['A', 'A', 'B', 'B']))).toBe(1);
    // A date without a churner adds no pairs.
    expect(pooledAuc(groupRows([5, 6, 1, 2, 9], [0, 1, 0, 1, 0], ['A', 'A', 'B', 'B', 'C']))).toBe(1);
  });

  it('weights count like repeated rows', () => {
    const risk = [1, 2, 2, 3, 4];
    const label = [0, 1, 0, 0, 1];
    const g = groupRows(risk, label, ['d', 'd', 'd', 'd', 'd']);
    const weighted = pooledAuc(g, [2, 1, 3, 1, 2]);
    const repeated = auc([1, 1, 2, 2, 2, 2, 3, 4, 4], [0, 0, 1, 0, 0, 0, 0, 1, 1]);
    expect(weighted).toBeCloseTo(repeated!, 12);
  });
});

describe('lift in the riskiest tenth', () => {
  it('is the churn rate of the top 10% over the base rate', () => {
    const risk = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
    expect(liftAt(groupRows(risk, [1, 0, 0, 0, 0, 0, 0, 0, 0, 0], Array(10).fill('d')), 0.1)).toBe(10);
    expect(liftAt(groupRows(risk, [0, 0, 0, 0, 0, 0, 0, 0, 0, 1], Array(10).fill('d')), 0.1)).toBe(0);
    expect(liftAt(groupRows(risk, Array(10).fill(0), Array(10).fill('d')), 0.1)).toBeNull();
  });

  it('takes a tie group straddling the cut-off in proportion', () => {
    // top 3 tied with one churner; 10% of 10 rows = 1 row = ⅓ of the group → ⅓ churner in 1 row; base 1/10
    const risk = [9, 9, 9, 6, 5, 4, 3, 2, 1, 0];
    const label = [0, 1, 0, 0, 0, 0, 0, 0, 0, 0];
    expect(liftAt(groupRows(risk, label, Array(10).fill('d')), 0.1)).toBeCloseTo(10 / 3, 12);
    // the order of tied rows does not matter
    expect(liftAt(groupRows(risk, [1, 0, 0, 0, 0, 0, 0, 0, 0, 0], Array(10).fill('d')), 0.1)).toBeCloseTo(10 / 3, 12);
  });

  it('takes the riskiest tenth of each date, then pools', () => {
    // date A: 10 rows, churner on top; date B: 10 rows, churner at the bottom → 1 churner in 2 top rows; base 2/20
    const risk = [...Array.from({ length: 10 }, (_, i) => 10 - i), ...Array.from({ length: 10 }, (_, i) => 100 - i)];
    const label = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
    const key = [...Array(10).fill('A'), ...Array(10).fill('B')];
    expect(liftAt(groupRows(risk, label, key), 0.1)).toBe(5);
  });
});

describe('deciles within a date', () => {
  it('puts the riskiest tenth in decile 0 and tied rows together', () => {
    const risk = Array.from({ length: 20 }, (_, i) => i);
    const d = decilesWithin(groupRows(risk, Array(20).fill(0), Array(20).fill('d')), 20);
    expect([...d]).toEqual([9, 9, 8, 8, 7, 7, 6, 6, 5, 5, 4, 4, 3, 3, 2, 2, 1, 1, 0, 0]);
    const tied = decilesWithin(groupRows([1, 1, 1, 1, 0], [0, 0, 0, 0, 0], Array(5).fill('d')), 5);
    expect(new Set([...tied].slice(0, 4)).size).toBe(1);
  });
});

describe('cluster bootstrap', () => {
  const risk = [0.2, 0.9, 0.4, 0.7, 0.1, 0.6, 0.3, 0.8, 0.5, 0.45, 0.35, 0.65];
  const label = [0, 1, 0, 1, 0, 0, 0, 1, 1, 0, 1, 0];
  const g = groupRows(risk, label, Array(12).fill('d'));
  const cluster = Int32Array.from({ length: 12 }, (_, i) => i);

  it('is reproducible with a seed and brackets the point estimate', () => {
    const a = clusterBootstrap(cluster, 12, (w) => pooledAuc(g, w), { reps: 400, seed: 3 })!;
    const b = clusterBootstrap(cluster, 12, (w) => pooledAuc(g, w), { reps: 400, seed: 3 })!;
    expect(a).toEqual(b);
    const draws = (seed: number) => {
      const out: number[][] = [];
      clusterBootstrap(cluster, 12, (w) => (out.push([...w]), 0), { reps: 5, seed });
      return out;
    };
    expect(draws(3)).toEqual(draws(3));
    expect(draws(4)).not.toEqual(draws(3));
    const point = pooledAuc(g)!;
    expect(a.low).toBeLessThan(point);
    expect(a.high).toBeGreaterThan(point);
    expect(a.high - a.low).toBeGreaterThan(0.1); // 12 rows: a wide interval
  });

  it('collapses to the value when every resample agrees', () => {
    const perfect = groupRows([1, 2, 3, 4, 5, 6], [0, 0, 0, 1, 1, 1], Array(6).fill('d'));
    expect(clusterBootstrap(Int32Array.from([0, 1, 2, 3, 4, 5]), 6, (w) => pooledAuc(perfect, w), { reps: 200 })).toEqual({ low: 1, high: 1 });
  });

  it('draws an account’s rows together', () => {
    // two rows per account: an account's weight is shared by both rows
    const seen: number[][] = [];
    clusterBootstrap(Int32Array.from([0, 0, 1, 1]), 2, (w) => (seen.push([...w]), 0), { reps: 20 });
    for (const w of seen) {
      expect(w[0]).toBe(w[1]);
      expect(w[2]).toBe(w[3]);
      expect(w[0] + w[2]).toBe(2);
    }
  });
});

describe('ROC points', () => {
  it('walks from (0,0) to (1,1) one tie group at a time', () => {
    expect(rocPoints([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1], [0, 1, 2, 3])).toEqual([
      [0, 0],
      [0, 0.5],
      [0.5, 0.5],
      [0.5, 1],
      [1, 1],
    ]);
  });
});
