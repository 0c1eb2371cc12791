/**
 * bench:help — wall time of `node bin/bellwether.mjs --help` (the compiled CLI in dist/), against the floor
 * of starting Node at all (`node -e 0`) measured in the same run. The two alternate, so load on this shared
 * machine hits both alike; medians are reported. Target: --help in at most 400 ms.
 *
 * BENCH_RUNS=N sets the runs of each (default 21). BENCH_BIN=path measures another launcher (e.g. an older
 * checkout's bin/bellwether.mjs, to compare).
 */
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { median } from 'simple-statistics';

export const HELP_TARGET_MS = 400;

export interface CliStartup {
  runs: number;
  /** median wall ms of `node -e 0` */
  floorMs: number;
  /** median wall ms of `node bin/bellwether.mjs --help` */
  helpMs: number;
  ratio: number;
}

function timed(args: string[], cwd: string): { ms: number; stdout: string; status: number | null; stderr: string } {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8' });
  return { ms: performance.now() - t, stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/** Measures `--help` and the Node floor, alternating, `runs` times each. Throws if --help fails or prints no usage. */
export function measureCliStartup(opts: { runs?: number; bin?: string } = {}): CliStartup {
  const runs = Math.max(1, opts.runs ?? 21);
  const bin = resolve(opts.bin ?? resolve(import.meta.dirname, '../bin/bellwether.mjs'));
  const cwd = dirname(dirname(bin));
  const floor: number[] = [];
  const help: number[] = [];
  for (let i = 0; i < runs; i++) {
    floor.push(timed(['-e', '0'], cwd).ms);
    const h = timed([bin, '--help'], cwd);
    if (h.status !== 0 || !h.stdout.includes('Usage: bellwether')) {
      throw new Error(`${bin} --help exited ${h.status} without the usage text: ${h.stderr.slice(0, 500)}`);
    }
    help.push(h.ms);
  }
  const floorMs = median(floor);
  const helpMs = median(help);
  return { runs, floorMs, helpMs, ratio: helpMs / floorMs };
}

export function describeCliStartup(r: CliStartup): string {
  const verdict = r.helpMs <= HELP_TARGET_MS ? 'met' : 'NOT met';
  return (
    `bellwether --help: median ${r.helpMs.toFixed(0)} ms over ${r.runs} runs; floor (node -e 0) ${r.floorMs.toFixed(0)} ms; ` +
    `ratio ${r.ratio.toFixed(2)}×, ${(r.helpMs - r.floorMs).toFixed(0)} ms above the floor; target ≤ ${HELP_TARGET_MS} ms: ${verdict}`
  );
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const runs = process.env.BENCH_RUNS ? Number(process.env.BENCH_RUNS) : undefined;
  console.log(describeCliStartup(measureCliStartup({ runs, bin: process.env.BENCH_BIN })));
}
