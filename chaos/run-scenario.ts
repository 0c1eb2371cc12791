/**
 * Run one chaos scenario module by itself and print its result (`npm run chaos` runs them all):
 *   node --import tsx chaos/run-scenario.ts chaos/scenarios/<name>.ts [trials] [seed]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Scenario } from './scenario';

const [file, trials = '3', seed = '1'] = process.argv.slice(2);
if (!file) {
  console.error('usage: node --import tsx chaos/run-scenario.ts chaos/scenarios/<name>.ts [trials] [seed]');
  process.exit(2);
}
const { scenario } = (await import(pathToFileURL(resolve(file)).href)) as { scenario: Scenario };
const workDir = mkdtempSync(join(tmpdir(), 'bw-chaos-'));
try {
  const r = await scenario.run({ trials: Number(trials), seed: Number(seed), workDir, log: (l) => console.log(`  ${l}`) });
  console.log(JSON.stringify(r, null, 2));
  process.exitCode = r.lost + r.duplicated + r.lostClicks + r.stuck === 0 ? 0 : 1;
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
