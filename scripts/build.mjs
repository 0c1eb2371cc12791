#!/usr/bin/env node
// Compiles the TypeScript sources to dist/ (run by `npm ci` / `npm install` through `prepare`, and by the
// test setup). esbuild bundles rather than tsc emitting because the sources import extensionless paths and
// folders ('../../db'), which Node's ES module loader does not resolve; type checking stays `tsc --noEmit`.
// Packages stay external (loaded from node_modules); code splitting keeps each command's modules in their
// own chunks, so a command loads only what it uses.
import { cpSync, existsSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Entry points: the CLI, and the background job thread's entry (src/service/background/runner.ts loads it by this name). */
export const ENTRIES = {
  bellwether: 'src/cli/main.ts',
  'background-worker': 'src/service/background/worker-entry.ts',
};

/** Builds into a fresh folder, then swaps it in for dist/, so a process running the old build never sees a half-written one. */
export async function buildDist({ root = ROOT, quiet = false } = {}) {
  const started = performance.now();
  const dist = join(root, 'dist');
  const tmp = mkdtempSync(join(root, '.dist-'));
  try {
    await build({
      absWorkingDir: root,
      entryPoints: ENTRIES,
      outdir: tmp,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      sourcemap: 'linked',
      logLevel: 'warning',
    });
    // db/index.ts finds its migrations next to itself: dist/migrations in the build.
    cpSync(join(root, 'db/migrations'), join(tmp, 'migrations'), { recursive: true });
    const old = existsSync(dist) ? `${tmp}-old` : null;
    if (old) renameSync(dist, old);
    renameSync(tmp, dist);
    if (old) rmSync(old, { recursive: true, force: true });
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  const files = readdirSync(dist).filter((f) => f.endsWith('.js'));
  const kb = files.reduce((n, f) => n + statSync(join(dist, f)).size, 0) / 1024;
  if (!quiet) console.log(`built dist/: ${files.length} JavaScript files, ${kb.toFixed(0)} KB, in ${Math.round(performance.now() - started)} ms`);
  return { files: files.length };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    await buildDist();
  } catch (e) {
    console.error(`build failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  }
}
