import { describe, expect, it } from 'vitest';
import { HEALTH_CHART_SIZE, healthDistributionPng } from '../../src/charts/health-distribution';
import { TREND_CHART_SIZE, retentionTrendPng } from '../../src/charts/retention-trend';
import type { TierBucket, TrendPoint } from '../../src/metrics/types';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Signature, then the IHDR chunk first: width and height are big-endian at bytes 16 and 20. */
function pngSize(buf: Buffer): { width: number; height: number } {
  expect(buf.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(buf.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

const tiers: TierBucket[] = [
  { tier: 'Thriving', count: 120, arr: 4_200_000 },
  { tier: 'Healthy', count: 300, arr: 9_800_000 },
  { tier: 'Neutral', count: 150, arr: 3_100_000 },
  { tier: 'At-Risk', count: 60, arr: 1_900_000 },
  { tier: 'Critical', count: 20, arr: 700_000 },
];
const trend: TrendPoint[] = Array.from({ length: 12 }, (_, i) => ({
  month: `2026-${String(i + 1).padStart(2, '0')}`,
  grr: 0.97 + (i % 3) * 0.005,
  nrr: 1.01 + (i % 4) * 0.004,
}));

describe('charts', () => {
  it('health distribution: a valid PNG of the expected size, deterministic, and it changes with the data', () => {
    const a = healthDistributionPng(tiers, { title: 'Health distribution — 2026-W48' });
    expect(pngSize(a)).toEqual(HEALTH_CHART_SIZE);
    expect(a.length).toBeGreaterThan(5_000); // real content: bars, labels, axes
    expect(healthDistributionPng(tiers, { title: 'Health distribution — 2026-W48' }).equals(a)).toBe(true);
    const changed = tiers.map((t) => (t.tier === 'Critical' ? { ...t, arr: 2_500_000, count: 70 } : t));
    expect(healthDistributionPng(changed, { title: 'Health distribution — 2026-W48' }).equals(a)).toBe(false);
  });

  it('GRR/NRR trend: valid PNG, custom size honoured, changes with the data, tolerates missing months', () => {
    const a = retentionTrendPng(trend, { title: 'GRR and NRR' });
    expect(pngSize(a)).toEqual(TREND_CHART_SIZE);
    const b = retentionTrendPng(
      trend.map((p, i) => (i === 6 ? { ...p, grr: 0.9 } : p)),
      { title: 'GRR and NRR' },
    );
    expect(b.equals(a)).toBe(false);
    const small = retentionTrendPng([{ month: '2026-11', grr: null, nrr: null }], { title: 'empty', size: { width: 400, height: 300 } });
    expect(pngSize(small)).toEqual({ width: 400, height: 300 });
  });
});
