/**
 * Vitest global setup: compile dist/ from the current sources before any test runs, so tests that spawn
 * `bin/bellwether.mjs` (the compiled CLI) never run a stale build, and a broken build fails the suite.
 */
import { buildDist } from '../../scripts/build.mjs';

export default async function setup(): Promise<void> {
  await buildDist({ quiet: true });
}
