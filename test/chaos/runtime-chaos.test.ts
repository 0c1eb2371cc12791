/**
 * The runtime chaos scenarios at CI size: a few trials on small data, with real child processes, SIGKILL,
 * a real SQLite file, signed HTTP into the real Bolt app and the loopback fake Slack. Every count must be 0.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scenario as importBesideClicks } from '../../chaos/scenarios/import-beside-clicks';
import { scenario as killDuringEvaluation } from '../../chaos/scenarios/kill-during-evaluation';
import type { ScenarioResult } from '../../chaos/scenario';

let dir: string;
const lines: string[] = [];
const saved = { ...process.env };
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bw-chaos-'));
  process.env.CHAOS_ACCOUNTS = '250';
  process.env.CHAOS_IMPORT_ROWS = '60000';
  process.env.CHAOS_CLICK_ACCOUNTS = '200';
});
afterAll(() => {
  process.env = saved;
  rmSync(dir, { recursive: true, force: true });
});

function expectClean(r: ScenarioResult, trials: number) {
  expect(r.trials).toBe(trials);
  expect({ lost: r.lost, duplicated: r.duplicated, lostClicks: r.lostClicks, stuck: r.stuck }, lines.join('\n')).toEqual({
    lost: 0,
    duplicated: 0,
    lostClicks: 0,
    stuck: 0,
  });
  expect(r.healthP99Ms).not.toBeNull();
}

describe('runtime chaos (CI size)', () => {
  it('kill -9 at random points of scoring and evaluation: the restart opens every alert exactly once', { timeout: 240_000 }, async () => {
    const r = await killDuringEvaluation.run({ trials: 2, seed: 3, workDir: dir, log: (l) => lines.push(l) });
    expectClean(r, 2);
    // The kills really landed at different points (before and after scores were written).
    expect(lines.filter((l) => /^trial/.test(l))).toHaveLength(2);
  });

  it('an import beside clicks and /health loses no click', { timeout: 240_000 }, async () => {
    const r = await importBesideClicks.run({ trials: 1, seed: 5, workDir: dir, log: (l) => lines.push(l) });
    expectClean(r, 1);
    expect(r.notes).toMatch(/^[1-9]\d* clicks/); // clicks were really sent during the import
  });
});
