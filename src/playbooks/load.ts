import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { type Playbook, playbookSchema } from './schema';

export class PlaybookError extends Error {
  readonly code = 'BELLWETHER_PLAYBOOK_INVALID';
  constructor(
    readonly file: string,
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${file}: ${path ? `${path}: ` : ''}${reason}`);
    this.name = 'PlaybookError';
  }
}

/** zod path ['steps', 2, 'due'] → "steps[2].due" */
function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`;
  return out;
}

function firstIssue(err: z.ZodError): { path: string; reason: string } {
  const i = err.issues[0];
  return { path: formatPath(i.path), reason: i.message };
}

/** Parse and validate one playbook file's text. */
export function parsePlaybook(text: string, file: string): Playbook {
  const doc = parseDocument(text);
  if (doc.errors.length) {
    const e = doc.errors[0];
    const line = e.linePos?.[0]?.line;
    throw new PlaybookError(file, '', `invalid YAML${line ? ` at line ${line}` : ''}: ${e.message.split('\n')[0]}`);
  }
  const res = playbookSchema.safeParse(doc.toJS());
  if (!res.success) {
    const { path, reason } = firstIssue(res.error);
    throw new PlaybookError(file, path, reason);
  }
  const p = res.data;
  const steps = p.steps.map((s, i) => ({ ...s, id: s.id ?? `step-${i + 1}` }));
  const seen = new Set<string>();
  steps.forEach((s, i) => {
    if (seen.has(s.id)) throw new PlaybookError(file, `steps[${i}].id`, `duplicate step id "${s.id}"`);
    seen.add(s.id);
  });
  return { ...p, steps, file };
}

/**
 * Load every playbooks/*.yml (sorted by file name). Throws PlaybookError naming the file, the path inside it
 * (e.g. `steps[2].due`) and the reason, so a bad file stops start-up with a fixable message.
 */
export function loadPlaybooks(dir = 'playbooks'): Playbook[] {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => /\.ya?ml$/.test(n))
      .sort();
  } catch (e) {
    throw new PlaybookError(dir, '', `cannot read playbook directory: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const out: Playbook[] = [];
  const byId = new Map<string, string>();
  for (const name of names) {
    const file = join(dir, name);
    const pb = parsePlaybook(readFileSync(file, 'utf8'), file);
    const dup = byId.get(pb.id);
    if (dup) throw new PlaybookError(file, 'id', `duplicate playbook id "${pb.id}" (also in ${dup})`);
    byId.set(pb.id, file);
    out.push(pb);
  }
  return out;
}
