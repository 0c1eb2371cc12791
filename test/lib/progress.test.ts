import { describe, expect, it } from 'vitest';
import { progressReporter } from '../../src/lib/progress';

describe('progressReporter', () => {
  it('reports once per step with the rate', () => {
    const lines: string[] = [];
    let t = 0;
    const p = progressReporter(
      'scoring',
      (l) => lines.push(l),
      25,
      () => t,
    );
    for (let i = 0; i <= 1000; i += 10) {
      t = i; // 1 row per ms → 1,000 rows/s
      p(i, 1000);
    }
    expect(lines).toEqual([
      'scoring: 0/1,000 (0%, 0/s)',
      'scoring: 250/1,000 (25%, 1,000/s)',
      'scoring: 500/1,000 (50%, 1,000/s)',
      'scoring: 750/1,000 (75%, 1,000/s)',
      'scoring: 1,000/1,000 (100%, 1,000/s)',
    ]);
  });
});
