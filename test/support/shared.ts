/**
 * The workspace's shared/ folder (design, Slack manifest schema, RavenStack data) sits beside the repo.
 * BELLWETHER_SHARED_DIR overrides the location; a missing folder fails loudly rather than skipping tests.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export function sharedPath(...parts: string[]): string {
  const dir = process.env.BELLWETHER_SHARED_DIR ?? resolve(REPO, '../shared');
  if (!existsSync(dir)) {
    throw new Error(`shared/ not found at ${dir}: clone the repo beside the workspace's shared/ folder or set BELLWETHER_SHARED_DIR`);
  }
  return join(dir, ...parts);
}
