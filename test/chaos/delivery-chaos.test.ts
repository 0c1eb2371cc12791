/**
 * The CI-sized chaos run for delivery: every delivery scenario of `npm run chaos`, one or two trials each, with
 * real child processes SIGKILLed mid-flight and a fake Slack answering 429s, 5xx before and after posting, hangs
 * and slow answers. Every count must be zero.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverScenarios, failed, formatTable } from '../../chaos/run';
import type { ScenarioResult } from '../../chaos/scenario';

const scenarios = await discoverScenarios();
const delivery = scenarios.filter((s) => s.file.startsWith('delivery-'));

describe('npm run chaos (delivery, CI size)', () => {
  it('discovers the delivery scenarios and fails a run with any non-zero count', () => {
    expect(delivery.map((s) => s.file)).toEqual(['delivery-faults.ts', 'delivery-sigkill-digest.ts', 'delivery-sigkill-fanout.ts']);
    const ok: ScenarioResult = { name: 'x', trials: 1, lost: 0, duplicated: 0, lostClicks: 0, stuck: 0, healthP99Ms: 812 };
    expect(failed(ok)).toBe(false);
    for (const k of ['lost', 'duplicated', 'lostClicks', 'stuck'] as const) expect(failed({ ...ok, [k]: 1 })).toBe(true);
    const table = formatTable([ok, { ...ok, name: 'longer name', healthP99Ms: null, duplicated: 3 }]);
    expect(table[0]).toMatch(/^scenario\s+trials\s+lost\s+duplicated\s+lost clicks\s+stuck rows\s+\/health p99$/);
    expect(table[2]).toMatch(/812 ms$/);
    expect(table[3]).toMatch(/^longer name\s+1\s+0\s+3\s+0\s+0\s+—$/);
  });

  for (const { file, scenario } of delivery) {
    it(`${scenario.name}: nothing lost, duplicated or stuck`, { timeout: 180_000 }, async () => {
      const workDir = mkdtempSync(join(tmpdir(), 'bw-chaos-ci-'));
      const lines: string[] = [];
      try {
        const r = await scenario.run({ trials: file.includes('sigkill') ? 2 : 1, seed: 11, workDir, log: (l) => lines.push(l) });
        expect(r, lines.join('\n')).toMatchObject({ lost: 0, duplicated: 0, lostClicks: 0, stuck: 0 });
        expect(lines.length).toBe(r.trials);
        // The faults really happened (the run is not vacuous).
        if (file === 'delivery-faults.ts') for (const k of ['status', 'status-after', 'hang', 'ratelimited']) expect(r.notes).toMatch(new RegExp(`${k} [1-9]`));
        else expect(r.notes).toMatch(/^[1-9]\d* SIGKILLs/);
      } finally {
        rmSync(workDir, { recursive: true, force: true });
      }
    });
  }
});
