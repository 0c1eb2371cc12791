/**
 * The fitting steps of `calibrate`, on backtest rows (pure, in memory):
 * - component weights: an exhaustive search over every weight vector on a 5-point grid within the config's
 *   constraints (sum 100, each 0–40), maximising the AUC pooled within dates. Three degrees of freedom on
 *   a grid of a few hundred points: exact, deterministic, and needs no optimiser. A candidate must beat the
 *   current weights by MIN_AUC_GAIN, else the current weights stay (noise is not worth a change).
 * - tier thresholds: carried over to the new scores by share of rows (matchShares); when the tiers' churn
 *   rates are then out of order (a worse tier churning significantly less than a better one) or a tier keeps
 *   less than MIN_TIER_SHARE of the rows, the 5-point threshold set closest to the carried-over one that fixes both.
 */
import type { ComponentWeights, ScoringConfig } from '../config/sections/scoring';
import { weightsFor } from '../scoring/score-account';
import { tierFor } from '../scoring/tiers';
import { COMPONENTS, TIERS } from '../scoring/types';
import { byDate } from './measure';
import type { BacktestRow } from './score-dates';
import { pooledAuc } from './stats';

export const WEIGHT_STEP = 5;
export const MAX_WEIGHT = 40;
/** AUC a new weight vector must gain on the training dates before it replaces the current one. */
export const MIN_AUC_GAIN = 0.005;
/** Tiers with fewer training rows than this do not take part in the ordering check. */
export const MIN_TIER_ROWS = 20;

type Tiers = ScoringConfig['tiers'];

/** Every weight vector on the grid within the constraints. */
export function weightGrid(step = WEIGHT_STEP, max = MAX_WEIGHT): ComponentWeights[] {
  const out: ComponentWeights[] = [];
  for (let u = 0; u <= max; u += step)
    for (let e = 0; e <= max; e += step)
      for (let s = 0; s <= max; s += step) {
        const f = 100 - u - e - s;
        if (f >= 0 && f <= max) out.push({ usage: u, engagement: e, support: s, financial: f });
      }
  return out;
}

/**
 * The score a row gets under other weights: the weighted mean of its component scores that have data
 * (what scoreAccount computes before rounding). A row with no component data keeps its score.
 */
export function reweigh(r: BacktestRow, w: ComponentWeights): number {
  let sw = 0;
  let s = 0;
  COMPONENTS.forEach((c, k) => {
    const v = r.components[k];
    if (v != null && w[c] > 0) {
      sw += w[c];
      s += w[c] * v;
    }
  });
  return sw > 0 ? s / sw : r.score;
}

const dist = (a: ComponentWeights, b: ComponentWeights) => COMPONENTS.reduce((d, c) => d + Math.abs(a[c] - b[c]), 0);

export interface WeightFit {
  weights: ComponentWeights;
  auc: number | null;
  currentAuc: number | null;
  /** the weights the fit started from */
  current: ComponentWeights;
  changed: boolean;
  /** why a better vector was not taken: it failed calibrate's check on the newer training dates, or it is still near chance */
  rejected?: 'noise' | 'chance';
}

/** Best weights for these rows (see the module comment); `current` wins ties and small gains. */
export function fitWeights(rows: readonly BacktestRow[], current: ComponentWeights): WeightFit {
  const aucOf = (w: ComponentWeights) =>
    pooledAuc(
      byDate(
        rows,
        rows.map((r) => reweigh(r, w)),
      ),
    );
  const currentAuc = aucOf(current);
  let best = current;
  let bestAuc = currentAuc ?? -1;
  for (const w of weightGrid()) {
    const a = aucOf(w);
    if (a == null) continue;
    if (a > bestAuc + 1e-12 || (Math.abs(a - bestAuc) <= 1e-12 && dist(w, current) < dist(best, current))) {
      best = w;
      bestAuc = a;
    }
  }
  const changed = currentAuc == null ? bestAuc >= 0 : bestAuc - currentAuc >= MIN_AUC_GAIN;
  return { weights: changed ? best : current, auc: changed ? bestAuc : currentAuc, currentAuc, current, changed };
}

/** Account-dates and churners per integer score 0–100 (scores are whole numbers). */
interface Histogram {
  n: number[];
  k: number[];
}

function histogram(scores: readonly number[], labels: readonly number[]): Histogram {
  const h = { n: new Array<number>(101).fill(0), k: new Array<number>(101).fill(0) };
  scores.forEach((s, i) => {
    const b = Math.max(0, Math.min(100, Math.round(s)));
    h.n[b]++;
    h.k[b] += labels[i];
  });
  return h;
}

function ordered(h: Histogram, t: Tiers): boolean {
  const rows = new Map<string, [number, number]>(TIERS.map((x) => [x, [0, 0]]));
  for (let s = 0; s <= 100; s++) {
    if (!h.n[s]) continue;
    const c = rows.get(tierFor(s, t))!;
    c[0] += h.n[s];
    c[1] += h.k[s];
  }
  // TIERS runs Thriving → Critical: each tier must not churn less than the better tier before it, beyond
  // noise (a one-sided two-proportion z-test at 97.5%: 0.1% vs 0.2% on a few thousand rows is not disorder).
  let prev: [number, number] | null = null;
  for (const tier of TIERS) {
    const cur = rows.get(tier)!;
    if (cur[0] < MIN_TIER_ROWS) continue;
    if (prev && significantlyLower(cur, prev)) return false;
    prev = cur;
  }
  return true;
}

/** Z for "rate a < rate b" above the one-sided 97.5% quantile. */
export const DISORDER_Z = 1.96;

function significantlyLower([na, ka]: [number, number], [nb, kb]: [number, number]): boolean {
  const ra = ka / na;
  const rb = kb / nb;
  if (ra >= rb) return false;
  const p = (ka + kb) / (na + nb);
  const se = Math.sqrt(p * (1 - p) * (1 / na + 1 / nb));
  return se === 0 ? true : (rb - ra) / se > DISORDER_Z;
}

/** Churn rates per tier ordered (no tier churns significantly less than a better one) among tiers with enough rows. */
export function tiersOrdered(scores: readonly number[], labels: readonly number[], t: Tiers): boolean {
  return ordered(histogram(scores, labels), t);
}

export interface TierFit {
  tiers: Tiers;
  changed: boolean;
  /** false when no threshold set on the grid orders the tiers */
  ordered: boolean;
  /** the share of account-dates each tier had to keep (MIN_TIER_SHARE, or less if it had less before) */
  minShares: Record<(typeof TIERS)[number], number>;
  /** tiers left below their minimum share because no ordered threshold set keeps them (said in the output) */
  smallTiers: (typeof TIERS)[number][];
}

/**
 * Every tier keeps at least this share of the training account-dates (or its share under the current model,
 * when that was smaller): carrying thresholds over must not leave, say, only perfect scores Thriving.
 */
export const MIN_TIER_SHARE = 0.02;

function tierShares(h: Histogram, t: Tiers): Map<string, number> {
  const rows = new Map<string, number>(TIERS.map((x) => [x, 0]));
  let total = 0;
  for (let s = 0; s <= 100; s++) {
    if (!h.n[s]) continue;
    rows.set(tierFor(s, t), rows.get(tierFor(s, t))! + h.n[s]);
    total += h.n[s];
  }
  return new Map([...rows].map(([k, v]) => [k, total ? v / total : 0]));
}

/**
 * Carry the thresholds over to a new score distribution: each threshold moves to the score below which the
 * same share of training rows falls as fell below it under the old scores, so a weight change does not
 * silently flag twice as many accounts. Whole numbers, strictly decreasing.
 */
export function matchShares(oldScores: readonly number[], newScores: readonly number[], t: Tiers): Tiers {
  if (!oldScores.length || !newScores.length) return t;
  // below[s] = rows of the new scores strictly below s, for s = 0 … 101
  const below = new Array<number>(102).fill(0);
  for (const x of newScores) below[Math.max(0, Math.min(100, Math.round(x))) + 1]++;
  for (let s = 1; s <= 101; s++) below[s] += below[s - 1];
  // The whole number whose share below is nearest the old share; ties go to the current threshold's side.
  const at = (th: number, lo: number, hi: number) => {
    const share = oldScores.filter((x) => x < th).length / oldScores.length;
    let best = Math.max(lo, Math.min(hi, th));
    let gap = Math.abs(below[best] / newScores.length - share);
    for (let s = lo; s <= hi; s++) {
      const g = Math.abs(below[s] / newScores.length - share);
      if (g < gap - 1e-12 || (Math.abs(g - gap) <= 1e-12 && Math.abs(s - th) < Math.abs(best - th))) {
        best = s;
        gap = g;
      }
    }
    return best;
  };
  // strictly decreasing: each threshold leaves room for the ones below it
  const thriving = at(t.thriving, 4, 100);
  const healthy = at(t.healthy, 3, thriving - 1);
  const neutral = at(t.neutral, 2, healthy - 1);
  const atRisk = at(t.atRisk, 1, neutral - 1);
  return { thriving, healthy, neutral, atRisk };
}

/**
 * Thresholds for new scores: the current ones carried over by share (matchShares, when the old scores are
 * given); if the tiers' churn rates are then out of order, or a tier falls below its minimum share (see
 * MIN_TIER_SHARE), the nearest 5-point set that orders them and keeps every tier's share. If no set does
 * both (few distinct scores), the nearest that orders them, naming the tiers left too small.
 */
export function fitTiers(scores: readonly number[], labels: readonly number[], current: Tiers, oldScores?: readonly number[]): TierFit {
  const start = oldScores ? matchShares(oldScores, scores, current) : current;
  const moved = (t: Tiers) => t.thriving !== current.thriving || t.healthy !== current.healthy || t.neutral !== current.neutral || t.atRisk !== current.atRisk;
  const hist = histogram(scores, labels);
  const before = tierShares(
    oldScores
      ? histogram(
          oldScores,
          oldScores.map(() => 0),
        )
      : hist,
    current,
  );
  const minShares = Object.fromEntries(TIERS.map((x) => [x, Math.min(MIN_TIER_SHARE, before.get(x)!)])) as TierFit['minShares'];
  const keepsShares = (t: Tiers) => [...tierShares(hist, t)].every(([x, share]) => share >= minShares[x as keyof typeof minShares] - 1e-12);
  if (ordered(hist, start) && keepsShares(start)) return { tiers: start, changed: moved(start), ordered: true, minShares, smallTiers: [] };
  // Ordering first (a tier that churns less than a better one misleads); then the shares.
  const pick =
    nearestOnGrid(start, (t) => keepsShares(t) && ordered(hist, t)) ?? (ordered(hist, start) ? start : nearestOnGrid(start, (t) => ordered(hist, t)));
  const tiers = pick ?? start;
  const shares = tierShares(hist, tiers);
  const smallTiers = TIERS.filter((x) => shares.get(x)! < minShares[x] - 1e-12);
  return { tiers, changed: moved(tiers), ordered: pick != null, minShares, smallTiers };
}

/** The 5-point threshold set nearest `start` (L1) that passes `ok`; null if none does. */
function nearestOnGrid(start: Tiers, ok: (t: Tiers) => boolean): Tiers | null {
  let best: Tiers | null = null;
  let bestDist = Infinity;
  const cur = [start.thriving, start.healthy, start.neutral, start.atRisk];
  for (let a = 5; a <= 80; a += 5)
    for (let n = a + 5; n <= 85; n += 5)
      for (let h = n + 5; h <= 90; h += 5)
        for (let th = h + 5; th <= 95; th += 5) {
          const d = Math.abs(th - cur[0]) + Math.abs(h - cur[1]) + Math.abs(n - cur[2]) + Math.abs(a - cur[3]);
          if (d >= bestDist) continue;
          const t = { thriving: th, healthy: h, neutral: n, atRisk: a };
          if (ok(t)) {
            best = t;
            bestDist = d;
          }
        }
  return best;
}

export type PartWeights = ScoringConfig['partWeights'];
type PartTable = Record<string, Record<string, number>>;

/** Sub-score multipliers tried for each part, one part at a time (two passes). */
const PART_STEPS = [0, 0.5, 2];

/**
 * Scores of the rows under other sub-score weights: each component is re-averaged from its sub-scores, keeping
 * the row's signal penalty (the gap between its sub-score mean and its final component score); onboarding
 * usage (an activation sub-score) keeps its component. Then the component weights, rounded like scoreAccount.
 */
export function rescoreParts(rows: readonly BacktestRow[], scoring: ScoringConfig, current: PartTable, table: PartTable): number[] {
  return rows.map((r) => {
    const comps = COMPONENTS.map((c, k) => {
      const v = r.components[k];
      if (v == null || (c === 'usage' && 'usage.activation' in r.parts)) return v;
      const mean = (t: PartTable) => {
        let sw = 0;
        let s = 0;
        for (const [p, w] of Object.entries(t[c])) {
          const x = r.parts[`${c}.${p}`];
          if (x != null) {
            sw += w;
            s += w * x;
          }
        }
        return sw > 0 ? s / sw : null;
      };
      const before = mean(current);
      const after = mean(table);
      if (before == null || after == null) return v;
      return Math.max(0, after - Math.max(0, before - v));
    });
    return Math.round(reweigh({ ...r, components: comps }, weightsFor(r.segment, scoring)));
  });
}

export interface PartFit {
  /** overrides that differ from the built-in weights, for scoring.partWeights */
  partWeights: PartWeights;
  table: PartTable;
  auc: number | null;
  currentAuc: number | null;
  changed: boolean;
}

/** Greedy search over sub-score weights (each part × 0, ½, 2 in turn, two passes), by training AUC. */
export function fitPartWeights(rows: readonly BacktestRow[], scoring: ScoringConfig, builtIn: PartTable): PartFit {
  const current: PartTable = JSON.parse(JSON.stringify(builtIn));
  for (const c of Object.keys(current)) Object.assign(current[c], (scoring.partWeights as PartTable | undefined)?.[c] ?? {});
  const aucOf = (t: PartTable) => pooledAuc(byDate(rows, rescoreParts(rows, scoring, current, t)));
  const currentAuc = aucOf(current);
  let best: PartTable = JSON.parse(JSON.stringify(current));
  let bestAuc = currentAuc ?? -1;
  for (let pass = 0; pass < 2; pass++)
    for (const c of Object.keys(best))
      for (const p of Object.keys(best[c]))
        for (const m of PART_STEPS) {
          const w = Math.min(1, Math.round(best[c][p] * m * 100) / 100);
          if (w === best[c][p]) continue;
          const cand: PartTable = { ...best, [c]: { ...best[c], [p]: w } };
          if (Object.values(cand[c]).every((x) => x === 0)) continue;
          const a = aucOf(cand);
          if (a != null && a > bestAuc + 1e-4) {
            best = cand;
            bestAuc = a;
          }
        }
  const changed = currentAuc != null && bestAuc - currentAuc >= MIN_AUC_GAIN;
  const table = changed ? best : current;
  const partWeights: Record<string, Record<string, number>> = {};
  for (const c of Object.keys(table)) for (const [p, w] of Object.entries(table[c])) if (w !== builtIn[c][p]) (partWeights[c] ??= {})[p] = w;
  return { partWeights: partWeights as PartWeights, table, auc: changed ? bestAuc : currentAuc, currentAuc, changed };
}
