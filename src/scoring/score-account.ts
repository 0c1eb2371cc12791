/**
 * Score one account from its features: pure (no I/O), so golden tests can feed crafted features.
 *
 * score = Σ component × effective weight, where a component without data drops out and its weight is
 * spread over the others in proportion (coverage = configured weight that had data). Live signals take
 * points off their component (never below 0), so a churn signal can only lower the score.
 */
import type { ComponentWeights, ScoringConfig } from '../config/sections/scoring';
import { type Parts, componentParts, partsScore } from './components';
import { coverageFor, missingColumnParts } from './coverage';
import { type DriverContext, findDrivers } from './drivers';
import { expansionSignal, quadrantFor } from './expansion';
import type { AccountFeatures } from './features';
import { type Metrics, deriveMetrics } from './metrics';
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

const NO_KINDS: PenaltyKind[] = [];

/** What the drivers need to price themselves in points (a class, not closures: this runs per account). */
class Pricing implements DriverContext {
  constructor(
    readonly f: AccountFeatures,
    readonly m: Metrics,
    readonly config: ScoringConfig,
    readonly score: number,
    readonly asOf: string,
    private readonly parts: Record<ComponentId, Parts>,
    private readonly raw: Record<ComponentId, number | null>,
    private readonly final: Record<ComponentId, number | null>,
    private readonly effW: Record<ComponentId, number>,
    private readonly kinds: PenaltyKind[],
    private readonly penaltyOn: Record<ComponentId, number>,
    private readonly heaviest: ComponentId | undefined,
  ) {}

  loss(c: ComponentId, part: string): number {
    const parts = this.parts[c];
    const p = parts[part];
    if (!p || this.raw[c] == null) return 0;
    let sw = 0;
    for (const k in parts) sw += parts[k].weight;
    return ((p.weight / sw) * (100 - p.score) * this.effW[c]) / 100;
  }

  penaltyPoints(kind: string): number {
    const k = kind as PenaltyKind;
    if (!this.kinds.includes(k)) return 0;
    const c = penaltyTarget(k, this.raw, this.heaviest);
    if (!c) return this.config.signalPenalties[k];
    return ((this.config.signalPenalties[k] / this.penaltyOn[c]) * (this.raw[c]! - this.final[c]!) * this.effW[c]) / 100;
  }
}

function penaltyTarget(k: PenaltyKind, raw: Record<ComponentId, number | null>, heaviest: ComponentId | undefined): ComponentId | undefined {
  return raw[SIGNAL_COMPONENT[k]] != null ? SIGNAL_COMPONENT[k] : heaviest;
}

export function scoreAccount(f: AccountFeatures, config: ScoringConfig, asOf: string): ScoredAccount {
  const m = deriveMetrics(f, config, asOf);
  const parts = componentParts(m, config, f.renewalStatus);
  const weights = weightsFor(f.segment, config);

  // Components with data, and their effective weights after re-distributing the missing ones.
  const raw: Record<ComponentId, number | null> = { usage: null, engagement: null, support: null, financial: null };
  const effW: Record<ComponentId, number> = { usage: 0, engagement: 0, support: 0, financial: 0 };
  let presentWeight = 0;
  let heaviest: ComponentId | undefined;
  for (const c of COMPONENTS) {
    const v = weights[c] > 0 ? partsScore(parts[c]) : null;
    raw[c] = v;
    if (v == null) continue;
    presentWeight += weights[c];
    if (!heaviest || weights[c] > weights[heaviest]) heaviest = c;
  }
  if (presentWeight > 0) for (const c of COMPONENTS) if (raw[c] != null) effW[c] = (weights[c] / presentWeight) * 100;

  // Signal penalties, grouped by the component they land on (its own, else the heaviest with data).
  let kinds = NO_KINDS;
  if (f.signals.length) {
    kinds = [];
    for (const s of f.signals) {
      const k = s.kind as PenaltyKind;
      if (k in SIGNAL_COMPONENT && config.signalPenalties[k] > 0 && !kinds.includes(k)) kinds.push(k);
    }
  }
  const penaltyOn: Record<ComponentId, number> = { usage: 0, engagement: 0, support: 0, financial: 0 };
  for (const k of kinds) {
    const c = penaltyTarget(k, raw, heaviest);
    if (c) penaltyOn[c] += config.signalPenalties[k];
  }
  const final: Record<ComponentId, number | null> = { usage: null, engagement: null, support: null, financial: null };
  for (const c of COMPONENTS) if (raw[c] != null) final[c] = Math.max(0, raw[c]! - penaltyOn[c]);

  let score: number;
  let contributions: number[];
  if (presentWeight === 0) {
    let pen = 0;
    for (const k of kinds) pen += config.signalPenalties[k];
    score = Math.max(0, NO_DATA_SCORE - pen);
    contributions = [0, 0, 0, 0];
  } else {
    const rawContrib = COMPONENTS.map((c) => ((final[c] ?? 0) * effW[c]) / 100);
    score = Math.round(rawContrib[0] + rawContrib[1] + rawContrib[2] + rawContrib[3]);
    contributions = apportion(rawContrib, score);
  }

  const components = {} as Components;
  for (let i = 0; i < COMPONENTS.length; i++) {
    const c = COMPONENTS[i];
    const res: ComponentResult = {
      score: final[c] == null ? null : r1(final[c]!),
      weight: weights[c],
      effectiveWeight: r1(effW[c]),
      contribution: contributions[i],
    };
    if (raw[c] != null) res.parts = parts[c];
    if (penaltyOn[c] > 0 && raw[c] != null) res.penalty = r1(raw[c]! - final[c]!);
    components[c] = res;
  }

  const tier = tierFor(score, config.tiers);
  const drivers = findDrivers(new Pricing(f, m, config, score, asOf, parts, raw, final, effW, kinds, penaltyOn, heaviest));
  const expansion = expansionSignal(m, f.signals, config);
  return {
    accountId: f.id,
    name: f.name,
    asOf,
    score,
    tier,
    components,
    drivers,
    coverage: coverageFor(
      weights,
      { usage: raw.usage != null, engagement: raw.engagement != null, support: raw.support != null, financial: raw.financial != null },
      parts,
      missingColumnParts(f, m),
      f.staleSources,
      m.usageSource,
      m.onboarding,
    ),
    expansion,
    quadrant: quadrantFor(score, expansion),
    onboarding: m.onboarding,
    arr: f.arr,
  };
}
