/** Start and stop the service child (service-child.ts) the way an operator would, and SIGKILL it. */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./service-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface ServiceProcess {
  proc: ChildProcess;
  /** resolves with the HTTP port once the service listens */
  port: Promise<number>;
  /** resolves when the start-up catch-up (scoring, digests) finished */
  caughtUp: Promise<void>;
  /** stderr so far (the service log) */
  log(): string;
  kill9(): Promise<void>;
  /** SIGTERM and wait; SIGKILL after `graceMs` */
  stop(graceMs?: number): Promise<number | null>;
}

export function startService(dbFile: string, env: { SLACK_API_URL: string; CHAOS_NOW: string; CHAOS_SIGNING_SECRET?: string }): ServiceProcess {
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD, dbFile], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const exited = once(proc, 'exit');
  const waitFor = <T>(re: RegExp, map: (m: RegExpMatchArray) => T) =>
    new Promise<T>((resolve, reject) => {
      const check = () => {
        const m = out.match(re);
        if (m) {
          proc.stdout!.off('data', check);
          resolve(map(m));
        }
      };
      proc.stdout!.on('data', check);
      void exited.then(() => reject(new Error(`service exited before "${re.source}": ${err.slice(-2000)}`)));
    });
  proc.stdout!.on('data', (d) => (out += String(d)));
  proc.stderr!.on('data', (d) => (err += String(d)));
  const port = waitFor(/port (\d+)/, (m) => Number(m[1]));
  const caughtUp = waitFor(/caught-up/, () => undefined);
  port.catch(() => undefined);
  caughtUp.catch(() => undefined);
  return {
    proc,
    port,
    caughtUp,
    log: () => err,
    async kill9() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      await exited;
    },
    async stop(graceMs = 15_000) {
      if (proc.exitCode !== null || proc.signalCode !== null) return proc.exitCode;
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(t);
      return proc.exitCode;
    },
  };
}

/** Poll `check` every `everyMs` until truthy; throws after `ms`. */
export async function until<T>(check: () => T, what: string, ms: number, everyMs = 20): Promise<NonNullable<T>> {
  const end = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** The p-th percentile (nearest rank) of latencies in ms, or null when none were taken. */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Time GET /healthz until `stop()` is called; returns the latencies. */
export function pollHealthz(port: number, everyMs = 25): { stop(): Promise<number[]> } {
  const times: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const t = performance.now();
      try {
        const r = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(10_000) });
        await r.text();
        times.push(performance.now() - t);
      } catch {
        times.push(performance.now() - t); // an unanswered probe counts with the time it took to fail
      }
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return times;
    },
  };
}
