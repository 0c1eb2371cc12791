/**
 * Profile the daily pass on a kept bench:score database (BENCH_KEEP=1 npm run bench:score prints its path):
 * forgets scores and alert state, runs the first pass as of <yesterday> and the steady pass as of <today>, each
 * under the V8 CPU profiler, writes both .cpuprofile files (open them in Chrome DevTools) and prints the top
 * self-time functions of each.
 *
 *   node --import tsx bench/support/profile-pass.ts <db file> [yesterday] [today] [out dir]
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { createDb } from '../../db';
import { parseConfig } from '../../src/config/load';
import { runDailyPass } from '../../src/jobs/daily-pass';
import { fixedClock } from '../../src/lib/clock';
import { loadPlaybooks } from '../../src/playbooks/load';
import { resetPassState } from './score-pass';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const post = <T>(s: Session, method: string, params?: object): T => {
  let out: T | undefined;
  let err: Error | null = null;
  s.post(method, params ?? {}, (e, r) => {
    err = e;
    out = r as T;
  });
  if (err) throw err;
  return out as T;
};

/** Self time per function (name + file:line), top n, as a share of all samples. */
function top(p: Profile, n: number): string[] {
  const byNode = new Map(p.nodes.map((x) => [x.id, x]));
  const self = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const node = byNode.get(p.samples[i])!;
    const dt = p.timeDeltas[i] ?? 0;
    total += dt;
    const f = node.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(src|node_modules|bench)\//, '$1/')}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + dt);
  }
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, us]) => `${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${k}`);
}

function main(): void {
  const [file, yesterday = '2026-06-29', today = '2026-06-30', outDir = '.'] = process.argv.slice(2);
  const db = createDb(file);
  const config = parseConfig({ alerts: { workingHours: { enabled: false } } });
  const playbooks = loadPlaybooks();
  const session = new Session();
  session.connect();
  post(session, 'Profiler.enable');
  post(session, 'Profiler.setSamplingInterval', { interval: 200 });
  resetPassState(db);
  for (const [label, asOf] of [
    ['first', yesterday],
    ['steady', today],
  ] as const) {
    post(session, 'Profiler.start');
    const t0 = performance.now();
    runDailyPass(db, { asOf, config, playbooks, clock: fixedClock(`${asOf}T10:00:00Z`) });
    const ms = performance.now() - t0;
    const { profile } = post<{ profile: Profile }>(session, 'Profiler.stop');
    const path = join(outDir, `daily-pass-${label}.cpuprofile`);
    writeFileSync(path, JSON.stringify(profile));
    console.log(`\n${label} pass as of ${asOf}: ${(ms / 1000).toFixed(2)} s wall; profile ${path}; top self time:`);
    for (const line of top(profile, 25)) console.log(`  ${line}`);
  }
  session.disconnect();
  db.$client.close();
}

main();
