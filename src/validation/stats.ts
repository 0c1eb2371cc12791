/**
 * Ranking statistics for validating a risk score against outcomes: AUC (Mann–Whitney, ties count half),
 * AUC pooled within dates, lift in the riskiest fraction, and a seeded cluster bootstrap interval.
 *
 * Convention: `risk` is higher for riskier rows (pass −score for a health score). `weight` lets the
 * bootstrap repeat rows without copying them.
 */
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

export interface Concordance {
  /** concordant pairs (positive riskier than negative) + half the tied pairs */
  concordant: number;
  /** positive × negative pairs */
  pairs: number;
}

/**
 * Concordance of one group of rows. `order` lists row indexes sorted by risk ascending (computed once and
 * reused across bootstrap draws); `w` weighs each row (default 1).
 */
export function concordance(risk: ArrayLike<number>, label: ArrayLike<number>, order: ArrayLike<number>, w?: ArrayLike<number>): Concordance {
  let negBelow = 0;
  let negTotal = 0;
  let posTotal = 0;
  let concordant = 0;
  let i = 0;
  while (i < order.length) {
    // One tie group: rows with equal risk.
    let j = i;
    let pos = 0;
    let neg = 0;
    while (j < order.length && risk[order[j]] === risk[order[i]]) {
      const k = order[j];
      const wk = w ? w[k] : 1;
      if (label[k]) pos += wk;
      else neg += wk;
      j++;
    }
    concordant += pos * negBelow + 0.5 * pos * neg;
    negBelow += neg;
    negTotal += neg;
    posTotal += pos;
    i = j;
  }
  return { concordant, pairs: posTotal * negTotal };
}

/** Row indexes sorted by risk ascending. */
export function riskOrder(risk: ArrayLike<number>, rows?: readonly number[]): number[] {
  const idx = rows ? rows.slice() : Array.from({ length: risk.length }, (_, i) => i);
  return idx.sort((a, b) => risk[a] - risk[b]);
}

/** AUC of one group; null when it has no positive or no negative. */
export function auc(risk: ArrayLike<number>, label: ArrayLike<number>): number | null {
  const c = concordance(risk, label, riskOrder(risk));
  return c.pairs > 0 ? c.concordant / c.pairs : null;
}

/** Rows split by a group key (the as-of date), each with its risk order. */
export interface Grouped {
  risk: ArrayLike<number>;
  label: ArrayLike<number>;
  groups: number[][];
}

export function groupRows(risk: ArrayLike<number>, label: ArrayLike<number>, key: readonly string[], keep?: (i: number) => boolean): Grouped {
  const by = new Map<string, number[]>();
  for (let i = 0; i < key.length; i++) {
    if (keep && !keep(i)) continue;
    const g = by.get(key[i]);
    if (g) g.push(i);
    else by.set(key[i], [i]);
  }
  return { risk, label, groups: [...by.values()].map((rows) => riskOrder(risk, rows)) };
}

/**
 * AUC pooled within groups: concordance counted only over pairs from the same group (same date), so a
 * date with more churn does not pass for discrimination. null when no group has both classes.
 */
export function pooledAuc(g: Grouped, w?: ArrayLike<number>): number | null {
  let c = 0;
  let p = 0;
  for (const order of g.groups) {
    const r = concordance(g.risk, g.label, order, w);
    c += r.concordant;
    p += r.pairs;
  }
  return p > 0 ? c / p : null;
}

/**
 * Churn rate in the riskiest `fraction` of each group, pooled, divided by the overall churn rate.
 * Ties at the cut-off enter in proportion (a tie group straddling it counts by the share that fits), so the
 * answer does not depend on the order of tied rows. null when nothing churned.
 */
export function liftAt(g: Grouped, fraction: number): number | null {
  let topRows = 0;
  let topPos = 0;
  let allRows = 0;
  let allPos = 0;
  for (const order of g.groups) {
    const n = order.length;
    let room = fraction * n;
    allRows += n;
    for (const k of order) allPos += g.label[k] ? 1 : 0;
    // Walk from the riskiest end, one tie group at a time.
    let j = n - 1;
    while (j >= 0 && room > 0) {
      let i = j;
      let pos = 0;
      while (i >= 0 && g.risk[order[i]] === g.risk[order[j]]) {
        if (g.label[order[i]]) pos++;
        i--;
      }
      const size = j - i;
      const take = Math.min(1, room / size);
      topRows += take * size;
      topPos += take * pos;
      room -= take * size;
      j = i;
    }
  }
  if (allPos === 0 || topRows === 0) return null;
  return topPos / topRows / (allPos / allRows);
}

/**
 * Decile (0 = riskiest tenth) of each row within its group, by mid-rank so tied rows share a decile.
 * Returns −1 for rows not in any group.
 */
export function decilesWithin(g: Grouped, n: number): Int8Array {
  const out = new Int8Array(n).fill(-1);
  for (const order of g.groups) {
    const m = order.length;
    let j = m - 1;
    let rankFromTop = 0;
    while (j >= 0) {
      let i = j;
      while (i >= 0 && g.risk[order[i]] === g.risk[order[j]]) i--;
      const size = j - i;
      const mid = rankFromTop + size / 2; // mid-rank of the tie group from the riskiest end
      const d = Math.min(9, Math.floor((mid / m) * 10));
      for (let k = i + 1; k <= j; k++) out[order[k]] = d;
      rankFromTop += size;
      j = i;
    }
  }
  return out;
}

export interface Interval {
  low: number;
  high: number;
}

/**
 * Percentile bootstrap interval of a statistic, resampling clusters (accounts) with replacement: an
 * account's rows at different dates are not independent, so they are drawn together. Seeded (pure-rand
 * xoroshiro128+): the same data and seed give the same interval.
 */
export function clusterBootstrap(
  cluster: Int32Array,
  clusters: number,
  stat: (weights: Float64Array) => number | null,
  opts: { reps?: number; seed?: number; level?: number } = {},
): Interval | null {
  const reps = opts.reps ?? 1000;
  const level = opts.level ?? 0.95;
  if (clusters === 0) return null;
  const rng = xoroshiro128plus(opts.seed ?? 1);
  const mult = new Float64Array(clusters);
  const w = new Float64Array(cluster.length);
  const values: number[] = [];
  for (let r = 0; r < reps; r++) {
    mult.fill(0);
    for (let k = 0; k < clusters; k++) mult[uniformInt(rng, 0, clusters - 1)]++;
    for (let i = 0; i < cluster.length; i++) w[i] = mult[cluster[i]];
    const v = stat(w);
    if (v != null) values.push(v);
  }
  if (values.length < reps / 2) return null;
  values.sort((a, b) => a - b);
  const q = (p: number) => values[Math.min(values.length - 1, Math.max(0, Math.round(p * (values.length - 1))))];
  return { low: q((1 - level) / 2), high: q(1 - (1 - level) / 2) };
}

/** Points of the ROC curve (false-positive rate, true-positive rate), pooled over all rows, riskiest first. */
export function rocPoints(risk: ArrayLike<number>, label: ArrayLike<number>, rows: readonly number[]): [number, number][] {
  const order = riskOrder(risk, rows).reverse();
  let P = 0;
  for (const k of order) P += label[k] ? 1 : 0;
  const N = order.length - P;
  const pts: [number, number][] = [[0, 0]];
  if (P === 0 || N === 0) return pts;
  let tp = 0;
  let fp = 0;
  let j = 0;
  while (j < order.length) {
    let i = j;
    while (i < order.length && risk[order[i]] === risk[order[j]]) {
      if (label[order[i]]) tp++;
      else fp++;
      i++;
    }
    pts.push([fp / N, tp / P]);
    j = i;
  }
  return pts;
}
