/**
 * Per-field parse = cell conversion + the kind's zod value schema, memoized on the raw text.
 * Big files repeat the same cells over and over (account ids, days, small counts), so each
 * distinct text is converted and validated once. A field whose values rarely repeat (ticket ids,
 * comments) turns its cache off after a sample, so it costs nothing there.
 */
import { CellProblem } from './cells';
import type { FieldSpec } from './kind';

const SAMPLE = 20_000;
const MAX_ENTRIES = 100_000;

type Outcome = { ok: true; value: unknown } | { ok: false; message: string };

export function checkValue(spec: FieldSpec, value: unknown): string | null {
  const res = spec.schema.safeParse(value);
  return res.success ? null : (res.error.issues[0]?.message ?? 'is not valid');
}

export function fieldParser(spec: FieldSpec, convert: (raw: unknown) => unknown): (raw: unknown) => unknown {
  const parseOnce = (raw: unknown): Outcome => {
    let value: unknown;
    try {
      value = convert(raw);
    } catch (e) {
      if (e instanceof CellProblem) return { ok: false, message: e.message };
      throw e;
    }
    const problem = checkValue(spec, value);
    return problem === null ? { ok: true, value } : { ok: false, message: problem };
  };
  let cache: Map<string, Outcome> | null = new Map();
  let lookups = 0;
  let hits = 0;
  return (raw) => {
    let out: Outcome | undefined;
    if (cache !== null && typeof raw === 'string') {
      out = cache.get(raw);
      lookups++;
      if (out !== undefined) hits++;
      else {
        out = parseOnce(raw);
        if (cache.size >= MAX_ENTRIES) cache.clear();
        cache.set(raw, out);
      }
      if (lookups === SAMPLE && hits < SAMPLE / 2) cache = null; // mostly distinct values: stop caching
    } else out = parseOnce(raw);
    if (!out.ok) throw new CellProblem(out.message);
    return out.value;
  };
}
