/**
 * Coverage: the share of the configured weight backed by data. A component without data counts 0; within a
 * component that has data, a sub-score whose input column the source does not have (NULL, never 0), or whose
 * source is older than its staleness tolerance, counts as missing in proportion to its weight. Sub-scores
 * absent for an ordinary reason (no NPS answer yet, no ticket rated) do not lower it.
 */
import { PART_WEIGHTS } from './curves';
import type { AccountFeatures } from './features';
import type { DataSource } from './freshness';
import type { Metrics } from './metrics';
import type { Parts } from './components';
import { COMPONENTS, type ComponentId } from './types';

type PartRef = readonly [ComponentId, string];

/** Sub-scores fed by the usage source (daily rows or the flat snapshot). */
const USAGE_PARTS: readonly PartRef[] = [
  ['usage', 'activity'],
  ['usage', 'keyEvents'],
  ['usage', 'trend'],
  ['usage', 'activation'],
  ['engagement', 'recency'],
  ['engagement', 'seatUse'],
  ['engagement', 'adoption'],
  ['engagement', 'integrations'],
];
const SOURCE_PARTS: Partial<Record<DataSource, readonly PartRef[]>> = {
  tickets: [
    ['support', 'openLoad'],
    ['support', 'oldestOpen'],
    ['support', 'volume'],
    ['support', 'csat'],
  ],
  nps: [['engagement', 'nps']],
  revenue: [['financial', 'arrTrend']],
};

function partWeight(c: ComponentId, part: string, onboarding: boolean): number {
  const table = (c === 'usage' && onboarding ? PART_WEIGHTS.usageOnboarding : PART_WEIGHTS[c]) as Record<string, number>;
  return table[part] ?? 0;
}

/** Sub-scores whose input the data does not have at all (a column the source file lacks). */
export function missingColumnParts(f: AccountFeatures, m: Metrics): PartRef[] {
  const k = f.usage?.known;
  if (!k) return [];
  const out: PartRef[] = [];
  if (!k.logins) out.push(['usage', 'activity'], ['engagement', 'recency'], m.onboarding ? ['usage', 'activation'] : ['usage', 'trend']);
  if (!k.keyEvents) out.push(['usage', 'keyEvents']);
  if (!k.activeUsers || m.seatsLicensed == null) out.push(['engagement', 'seatUse']);
  if (!k.featuresUsed) out.push(['engagement', 'adoption']);
  if (!k.integrations) out.push(['engagement', 'integrations']);
  return out;
}

/**
 * Coverage 0–1 from the configured weights, the components that have data, their sub-scores, the parts
 * missing for want of a column and the stale sources.
 */
export function coverageFor(
  weights: Record<ComponentId, number>,
  present: Record<ComponentId, boolean>,
  parts: Record<ComponentId, Parts>,
  missing: readonly PartRef[],
  stale: readonly DataSource[] | undefined,
  usageSource: Metrics['usageSource'],
  onboarding: boolean,
): number {
  const staleParts: PartRef[] = [];
  for (const s of stale ?? []) {
    if (s === 'usage' && usageSource === 'daily') staleParts.push(...USAGE_PARTS);
    else if (s === 'snapshot' && usageSource === 'snapshot') staleParts.push(...USAGE_PARTS);
    else staleParts.push(...(SOURCE_PARTS[s] ?? []));
  }
  let covered = 0;
  for (const c of COMPONENTS) {
    if (!present[c]) continue;
    let have = 0;
    let lost = 0;
    for (const [name, p] of Object.entries(parts[c])) {
      if (staleParts.some(([sc, sp]) => sc === c && sp === name)) lost += p.weight;
      else have += p.weight;
    }
    for (const [mc, mp] of missing) if (mc === c && !(mp in parts[c])) lost += partWeight(c, mp, onboarding);
    covered += have + lost > 0 ? (weights[c] * have) / (have + lost) : 0;
  }
  return Math.round((covered / 100) * 1000) / 1000;
}
