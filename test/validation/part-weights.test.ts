/** scoring.partWeights: the scorer honours sub-score weight overrides (what calibrate proposes). */
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/load';
import { engagementParts, partWeightsFor, partsScore } from '../../src/scoring/components';
import type { Metrics } from '../../src/scoring/metrics';

const m = { daysSinceLogin: 30, seatUse: null, adoption: null, integrations: null, npsLatest: 10 } as unknown as Metrics;

describe('scoring.partWeights', () => {
  it('overrides the built-in weights part by part', () => {
    const base = parseConfig({}).scoring;
    const tuned = parseConfig({ scoring: { partWeights: { engagement: { nps: 0.6 } } } }).scoring;
    expect(partWeightsFor(base).engagement).toMatchObject({ recency: 0.3, nps: 0.15 });
    expect(partWeightsFor(tuned).engagement).toMatchObject({ recency: 0.3, nps: 0.6 });
    // recency 30 days → 15, NPS 10 → 100: the component moves toward NPS as its weight grows
    expect(partsScore(engagementParts(m, base))).toBeCloseTo((0.3 * 15 + 0.15 * 100) / 0.45, 6);
    expect(partsScore(engagementParts(m, tuned))).toBeCloseTo((0.3 * 15 + 0.6 * 100) / 0.9, 6);
  });

  it('rejects unknown parts and out-of-range weights, naming the key', () => {
    expect(() => parseConfig({ scoring: { partWeights: { engagement: { vibes: 0.2 } } } })).toThrow(ConfigError);
    expect(() => parseConfig({ scoring: { partWeights: { support: { csat: 2 } } } })).toThrow(/scoring\.partWeights\.support\.csat/);
  });
});
