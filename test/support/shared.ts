/**
 * The workspace's shared/ folder (design, Slack manifest schema, RavenStack data) sits beside the repo.
 * BELLWETHER_SHARED_DIR overrides the location. A fresh clone of a local checkout (how CI is rehearsed:
 * `git clone . "$(mktemp -d)"`) has no shared/ beside it, so the folder beside its origin is tried next.
 * A missing folder fails loudly rather than skipping tests.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The origin remote when it is a directory on this machine (a clone of a local checkout), else null. */
function localOrigin(): string | null {
  try {
    const url = execFileSync('git', ['-C', REPO, 'config', '--get', 'remote.origin.url'], { encoding: 'utf8' }).trim();
    return isAbsolute(url) && existsSync(url) ? url : null;
  } catch {
    return null; // not a git checkout, or no origin
  }
}

let found: string | undefined;

export function sharedPath(...parts: string[]): string {
  if (found === undefined) {
    const origin = localOrigin();
    const candidates = process.env.BELLWETHER_SHARED_DIR
      ? [process.env.BELLWETHER_SHARED_DIR]
      : [resolve(REPO, '../shared'), ...(origin ? [resolve(origin, '../shared')] : [])];
    const dir = candidates.find((c) => existsSync(c));
    if (!dir) {
      throw new Error(
        `shared/ not found (looked in ${candidates.join(', ')}): clone the repo beside the workspace's shared/ folder or set BELLWETHER_SHARED_DIR`,
      );
    }
    found = dir;
  }
  return join(found, ...parts);
}
