/**
 * Component sub-scores: each available metric goes through its curve (curves.ts); a component is the
 * weighted mean of the sub-scores that have data, or null when none has.
 */
import type { ScoringConfig } from '../config/sections/scoring';
import type { RenewalStatus } from '../../db/schema';
import { CURVES, PART_WEIGHTS, RENEWAL_STATUS_SCORE, interpolate } from './curves';
import type { Metrics } from './metrics';
import type { ComponentId } from './types';

export interface Part {
  score: number;
  weight: number;
}
export type Parts = Record<string, Part>;

/** Activation milestones judged while onboarding (share of target reached, capped at 1). */
export const ACTIVATION_TARGETS = { featureAdoption: 0.4, seatUse: 0.5 } as const;

// Module-level aliases: imported bindings are live getters under the ESM→CJS transform; read them once.
const C = CURVES;
const PW = PART_WEIGHTS;

type PartWeightTable = {
  usage: Record<keyof typeof PW.usage, number>;
  engagement: Record<keyof typeof PW.engagement, number>;
  support: Record<keyof typeof PW.support, number>;
  financial: Record<keyof typeof PW.financial, number>;
};

/** The built-in sub-score weights with the config's overrides applied (merged once per config object). */
const merged = new WeakMap<ScoringConfig, PartWeightTable>();
export function partWeightsFor(config: ScoringConfig): PartWeightTable {
  let w = merged.get(config);
  if (!w) {
    const o = config.partWeights ?? {};
    const pick = <T extends Record<string, number>>(base: T, over: Partial<Record<keyof T, number | undefined>> | undefined): T => {
      const out = { ...base };
      for (const k of Object.keys(base) as (keyof T)[]) if (over?.[k] != null) out[k] = over[k] as T[keyof T];
      return out;
    };
    w = {
      usage: pick(PW.usage, o.usage),
      engagement: pick(PW.engagement, o.engagement),
      support: pick(PW.support, o.support),
      financial: pick(PW.financial, o.financial),
    };
    merged.set(config, w);
  }
  return w;
}

/** Record a sub-score, clamped to 0–100 and rounded to 0.1 (what the card shows is what was summed). */
function put(parts: Parts, name: string, weight: number, score: number | null): void {
  if (score != null && Number.isFinite(score)) parts[name] = { score: Math.round(Math.max(0, Math.min(100, score)) * 10) / 10, weight };
}

export function usageParts(m: Metrics, config: ScoringConfig): Parts {
  const parts: Parts = {};
  // Onboarding accounts keep the built-in weights: activation replaces the trend there.
  const w = m.onboarding ? PW.usageOnboarding : partWeightsFor(config).usage;
  if (m.logins30 != null) {
    put(parts, 'activity', w.activity, m.seatsLicensed ? interpolate(C.loginsPerSeat, m.logins30 / m.seatsLicensed) : interpolate(C.logins30, m.logins30));
  }
  if (m.events30 != null) {
    put(
      parts,
      'keyEvents',
      w.keyEvents,
      m.seatsLicensed ? interpolate(C.keyEventsPerSeat, m.events30 / m.seatsLicensed) : interpolate(C.keyEvents30, m.events30),
    );
  }
  if (m.onboarding) {
    put(parts, 'activation', PW.usageOnboarding.activation, activationScore(m, config));
  } else if (m.trendPct != null) {
    put(parts, 'trend', partWeightsFor(config).usage.trend, interpolate(C.usageTrendPct, m.trendPct));
  }
  return parts;
}

/** Mean share of the activation milestones reached (integrations, feature adoption, seat activation), × 100. */
export function activationScore(m: Metrics, config: ScoringConfig): number | null {
  const shares: number[] = [];
  if (m.integrations != null) {
    const need = config.drivers.onboardingMinIntegrations;
    shares.push(need === 0 ? 1 : Math.min(1, m.integrations / need));
  }
  if (m.adoption != null) shares.push(Math.min(1, m.adoption / ACTIVATION_TARGETS.featureAdoption));
  if (m.seatUse != null) shares.push(Math.min(1, m.seatUse / ACTIVATION_TARGETS.seatUse));
  return shares.length ? (100 * shares.reduce((a, b) => a + b, 0)) / shares.length : null;
}

export function engagementParts(m: Metrics, config: ScoringConfig): Parts {
  const parts: Parts = {};
  const w = partWeightsFor(config).engagement;
  if (m.daysSinceLogin != null) put(parts, 'recency', w.recency, interpolate(C.daysSinceLogin, m.daysSinceLogin));
  if (m.seatUse != null) put(parts, 'seatUse', w.seatUse, interpolate(C.seatUse, m.seatUse));
  if (m.adoption != null) put(parts, 'adoption', w.adoption, interpolate(C.featureAdoption, m.adoption));
  if (m.integrations != null) put(parts, 'integrations', w.integrations, interpolate(C.integrations, m.integrations));
  if (m.npsLatest != null) put(parts, 'nps', w.nps, interpolate(C.nps, m.npsLatest));
  return parts;
}

export function supportParts(m: Metrics, config: ScoringConfig): Parts {
  const parts: Parts = {};
  const w = partWeightsFor(config).support;
  if (m.openLoad != null) put(parts, 'openLoad', w.openLoad, interpolate(C.openTicketLoad, m.openLoad));
  if (m.oldestOpenDays != null) put(parts, 'oldestOpen', w.oldestOpen, interpolate(C.oldestOpenDays, m.oldestOpenDays));
  if (m.ticketVolume90 != null) put(parts, 'volume', w.volume, interpolate(C.ticketVolume90, m.ticketVolume90));
  if (m.csat90 != null) put(parts, 'csat', w.csat, interpolate(C.csat, m.csat90));
  return parts;
}

export function renewalScore(status: RenewalStatus, daysToRenewal: number | null): number | null {
  if (status in RENEWAL_STATUS_SCORE) return RENEWAL_STATUS_SCORE[status as keyof typeof RENEWAL_STATUS_SCORE];
  return daysToRenewal == null ? null : interpolate(C.daysToRenewal, daysToRenewal);
}

export function financialParts(m: Metrics, renewalStatus: RenewalStatus, config: ScoringConfig): Parts {
  const parts: Parts = {};
  const w = partWeightsFor(config).financial;
  if (m.arrChange90Pct != null) put(parts, 'arrTrend', w.arrTrend, interpolate(C.arrChange90Pct, m.arrChange90Pct));
  put(parts, 'renewal', w.renewal, renewalScore(renewalStatus, m.daysToRenewal));
  return parts;
}

export function componentParts(m: Metrics, config: ScoringConfig, renewalStatus: RenewalStatus): Record<ComponentId, Parts> {
  return {
    usage: usageParts(m, config),
    engagement: engagementParts(m, config),
    support: supportParts(m, config),
    financial: financialParts(m, renewalStatus, config),
  };
}

/** Weighted mean of the parts, or null when there are none. */
export function partsScore(parts: Parts): number | null {
  let sw = 0;
  let s = 0;
  for (const p of Object.values(parts)) {
    sw += p.weight;
    s += p.weight * p.score;
  }
  return sw > 0 ? s / sw : null;
}
