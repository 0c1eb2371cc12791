/**
 * Score one account from its features: pure (no I/O), so golden tests can feed crafted features.
 *
 * score = Σ component × effective weight, where a component without data drops out and its weight is
 * spread over the others in proportion (coverage = configured weight that had data). Live signals take
 * points off their component (never below 0), so a churn signal can only lower the score.
 */
import type { ComponentWeights, ScoringConfig } from '../config/sections/scoring';
import { componentParts, partsScore } from './components';
import { findDrivers } from './drivers';
import { expansionSignal, quadrantFor } from './expansion';
import type { AccountFeatures } from './features';
import { deriveMetrics } from './metrics';
import { tierFor } from './tiers';
import { COMPONENTS, type ComponentId, type ComponentResult, type Components, type ScoredAccount } from './types';

/** Component a signal's penalty lands on (when that component has no data: the heaviest one that has). */
export const SIGNAL_COMPONENT = {
  champion_departed: 'engagement',
  competitor_mentioned: 'engagement',
  payment_failed: 'financial',
  cancellation_requested: 'financial',
} as const satisfies Record<string, ComponentId>;
type PenaltyKind = keyof typeof SIGNAL_COMPONENT;

/** Score used when an account has no data at all (coverage 0): neutral, not zero. */
export const NO_DATA_SCORE = 50;

const r1 = (x: number): number => Math.round(x * 10) / 10;

/** Per-segment weight override (segment names match case-insensitively), else the default weights. */
export function weightsFor(segment: string | null, config: ScoringConfig): ComponentWeights {
  if (segment) {
    const key = segment.toLowerCase();
    for (const [name, o] of Object.entries(config.segments)) if (name.toLowerCase() === key) return o.weights;
  }
  return config.weights;
}

/**
 * Round contributions to 0.1 so they add up exactly to the (integer) score: scale to the rounded total,
 * floor, then hand the remaining tenths to the largest remainders.
 */
export function apportion(raw: number[], total: number): number[] {
  const sum = raw.reduce((a, b) => a + b, 0);
  if (sum <= 0 || total <= 0) return raw.map(() => 0);
  const units = raw.map((x) => (x * total * 10) / sum);
  const floors = units.map(Math.floor);
  let left = Math.round(total * 10) - floors.reduce((a, b) => a + b, 0);
  const order = units.map((u, i) => [u - floors[i], i] as const).sort((a, b) => b[0] - a[0]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) floors[order[k][1]]++;
  return floors.map((u) => u / 10);
}

export function scoreAccount(f: AccountFeatures, config: ScoringConfig, asOf: string): ScoredAccount {
  const m = deriveMetrics(f, config, asOf);
  const parts = componentParts(m, config, f.renewalStatus);
  const weights = weightsFor(f.segment, config);
  const raw = {} as Record<ComponentId, number | null>;
  for (const c of COMPONENTS) raw[c] = weights[c] > 0 ? partsScore(parts[c]) : null;
  const present = COMPONENTS.filter((c) => raw[c] != null);
  const presentWeight = present.reduce((a, c) => a + weights[c], 0);
  const effW = (c: ComponentId): number => (raw[c] == null || presentWeight === 0 ? 0 : (weights[c] / presentWeight) * 100);

  // Signal penalties, grouped by the component they land on.
  const kinds = [...new Set(f.signals.map((s) => s.kind))].filter(
    (k): k is PenaltyKind => k in SIGNAL_COMPONENT && config.signalPenalties[k as PenaltyKind] > 0,
  );
  const heaviest = [...present].sort((a, b) => weights[b] - weights[a])[0];
  const target = (k: PenaltyKind): ComponentId | undefined => (raw[SIGNAL_COMPONENT[k]] != null ? SIGNAL_COMPONENT[k] : heaviest);
  const penaltyOn = {} as Record<ComponentId, number>;
  for (const c of COMPONENTS) penaltyOn[c] = 0;
  for (const k of kinds) {
    const c = target(k);
    if (c) penaltyOn[c] += config.signalPenalties[k];
  }
  const final = {} as Record<ComponentId, number | null>;
  for (const c of COMPONENTS) final[c] = raw[c] == null ? null : Math.max(0, raw[c]! - penaltyOn[c]);

  let score: number;
  let contributions: number[];
  if (present.length === 0) {
    const pen = kinds.reduce((a, k) => a + config.signalPenalties[k], 0);
    score = Math.max(0, NO_DATA_SCORE - pen);
    contributions = COMPONENTS.map(() => 0);
  } else {
    const rawContrib = COMPONENTS.map((c) => ((final[c] ?? 0) * effW(c)) / 100);
    score = Math.round(rawContrib.reduce((a, b) => a + b, 0));
    contributions = apportion(rawContrib, score);
  }

  const components = {} as Components;
  COMPONENTS.forEach((c, i) => {
    const res: ComponentResult = {
      score: final[c] == null ? null : r1(final[c]!),
      weight: weights[c],
      effectiveWeight: r1(effW(c)),
      contribution: contributions[i],
    };
    if (Object.keys(parts[c]).length) {
      res.parts = Object.fromEntries(Object.entries(parts[c]).map(([k, p]) => [k, { score: r1(p.score), weight: p.weight }]));
    }
    if (penaltyOn[c] > 0 && raw[c] != null) res.penalty = r1(raw[c]! - final[c]!);
    components[c] = res;
  });

  const loss = (c: ComponentId, part: string): number => {
    const p = parts[c][part];
    if (!p || raw[c] == null) return 0;
    const sw = Object.values(parts[c]).reduce((a, q) => a + q.weight, 0);
    return ((p.weight / sw) * (100 - p.score) * effW(c)) / 100;
  };
  const penaltyPoints = (kind: string): number => {
    if (!(kind in SIGNAL_COMPONENT)) return 0;
    const k = kind as PenaltyKind;
    if (!kinds.includes(k)) return 0;
    if (present.length === 0) return config.signalPenalties[k];
    const c = target(k)!;
    const applied = raw[c]! - final[c]!;
    return ((config.signalPenalties[k] / penaltyOn[c]) * applied * effW(c)) / 100;
  };

  const tier = tierFor(score, config.tiers);
  const drivers = findDrivers({ f, m, config, score, loss, penaltyPoints });
  const expansion = expansionSignal(m, f.signals, config);
  return {
    accountId: f.id,
    name: f.name,
    asOf,
    score,
    tier,
    components,
    drivers,
    coverage: Math.round((presentWeight / 100) * 1000) / 1000,
    expansion,
    quadrant: quadrantFor(score, expansion),
    onboarding: m.onboarding,
    arr: f.arr,
  };
}
