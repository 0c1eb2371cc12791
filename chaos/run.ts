/**
 * npm run chaos — the fault-injection suite. Runs every chaos/scenarios/*.ts module that exports `scenario`, each with
 * CHAOS_TRIALS trials (default 5) and a time limit (CHAOS_SCENARIO_TIMEOUT_S, default 600), against loopback fakes
 * only; prints one table row per scenario and exits non-zero if any count but latency is non-zero.
 *   CHAOS_TRIALS=3 CHAOS_SEED=7 CHAOS_ONLY=sigkill npm run chaos
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Scenario, ScenarioResult } from './scenario';

const TRIALS = Math.max(1, Math.min(1000, Number(process.env.CHAOS_TRIALS ?? 5)));
const SEED = Number(process.env.CHAOS_SEED ?? 1);
const TIMEOUT_MS = Number(process.env.CHAOS_SCENARIO_TIMEOUT_S ?? 600) * 1000;
const ONLY = process.env.CHAOS_ONLY;

/** Every scenario module in chaos/scenarios, in name order. */
export async function discoverScenarios(dir = join(import.meta.dirname, 'scenarios')): Promise<{ file: string; scenario: Scenario }[]> {
  const found: { file: string; scenario: Scenario }[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .sort()) {
    const mod = (await import(pathToFileURL(join(dir, file)).href)) as { scenario?: Scenario };
    if (mod.scenario && typeof mod.scenario.run === 'function') found.push({ file, scenario: mod.scenario });
  }
  return found;
}

export function failed(r: ScenarioResult): boolean {
  return r.lost !== 0 || r.duplicated !== 0 || r.lostClicks !== 0 || r.stuck !== 0;
}

export function formatTable(results: ScenarioResult[]): string[] {
  const head = ['scenario', 'trials', 'lost', 'duplicated', 'lost clicks', 'stuck rows', '/health p99'];
  const rows = results.map((r) =>
    [r.name, r.trials, r.lost, r.duplicated, r.lostClicks, r.stuck, r.healthP99Ms === null ? '—' : `${r.healthP99Ms.toFixed(0)} ms`].map(String),
  );
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

async function runOne(s: Scenario, workDir: string): Promise<ScenarioResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<ScenarioResult>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({
          name: s.name,
          trials: TRIALS,
          lost: 0,
          duplicated: 0,
          lostClicks: 0,
          stuck: 1,
          healthP99Ms: null,
          notes: `timed out after ${TIMEOUT_MS / 1000} s`,
        }),
      TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([s.run({ trials: TRIALS, seed: SEED, workDir, log: (l) => console.log(l) }), timeout]);
  } catch (e) {
    return { name: s.name, trials: TRIALS, lost: 0, duplicated: 0, lostClicks: 0, stuck: 1, healthP99Ms: null, notes: `crashed: ${(e as Error).message}` };
  } finally {
    clearTimeout(timer);
  }
}

async function main() {
  const scenarios = (await discoverScenarios()).filter((s) => !ONLY || s.file.includes(ONLY) || s.scenario.name.includes(ONLY));
  console.log(`chaos: ${scenarios.length} scenario(s), ${TRIALS} trial(s) each, seed ${SEED}`);
  const results: ScenarioResult[] = [];
  for (const { file, scenario } of scenarios) {
    const workDir = mkdtempSync(join(tmpdir(), 'bw-chaos-'));
    const t0 = performance.now();
    console.log(`\n▶ ${scenario.name} (${file})`);
    const r = await runOne(scenario, workDir);
    console.log(`  ${failed(r) ? 'FAIL' : 'ok'} in ${((performance.now() - t0) / 1000).toFixed(1)} s${r.notes ? ` — ${r.notes}` : ''}`);
    results.push(r);
    rmSync(workDir, { recursive: true, force: true });
  }
  console.log('');
  for (const l of formatTable(results)) console.log(l);
  const bad = results.filter(failed);
  console.log(bad.length ? `\n${bad.length} scenario(s) lost, duplicated or left something stuck` : '\nall counts zero');
  process.exit(bad.length ? 1 : 0);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await main();
