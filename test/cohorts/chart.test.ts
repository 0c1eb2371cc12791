import { describe, expect, it } from 'vitest';
import { COHORT_CHART_SIZE, cohortRetentionPng } from '../../src/charts/cohort-retention';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const curves = [
  { key: 'Starter', size: 812, retention: [1, 0.98, 0.95, 0.93, 0.9, 0.88, 0.87] },
  { key: 'Pro', size: 406, retention: [1, 0.99, 0.98, 0.97, 0.97, 0.96, null] },
  { key: 'Enterprise', size: 188, retention: [1, 1, 0.99, 0.99] },
];

describe('cohort retention curves PNG', () => {
  it('renders a PNG of the declared size with real content, deterministically, and changes with the data', () => {
    const a = cohortRetentionPng(curves, { title: 'Logo retention by months since signup', yName: 'still customers' });
    expect(a.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(a.subarray(12, 16).toString('ascii')).toBe('IHDR');
    expect({ width: a.readUInt32BE(16), height: a.readUInt32BE(20) }).toEqual(COHORT_CHART_SIZE);
    expect(a.length).toBeGreaterThan(10_000); // lines, legend, axes and labels, not a blank canvas
    expect(a.length).toBeLessThan(500_000);
    expect(cohortRetentionPng(curves, { title: 'Logo retention by months since signup', yName: 'still customers' }).equals(a)).toBe(true);
    const changed = curves.map((c) => (c.key === 'Starter' ? { ...c, retention: c.retention.map((v) => (v === null ? null : v * 0.8)) } : c));
    expect(cohortRetentionPng(changed, { title: 'Logo retention by months since signup', yName: 'still customers' }).equals(a)).toBe(false);
  });

  it('renders with no curves at all (an empty book) rather than failing', () => {
    const png = cohortRetentionPng([], { title: 'empty', yName: 'still customers', size: { width: 400, height: 300 } });
    expect(png.readUInt32BE(16)).toBe(400);
    expect(png.readUInt32BE(20)).toBe(300);
  });
});
