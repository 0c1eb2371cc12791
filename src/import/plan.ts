/**
 * Compile a kind + mapping + source header into per-field getters and converters, once per import.
 * Header problems (missing required or unknown columns) are found here, before any row is read.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { distance } from 'fastest-levenshtein';
import { parse as parseCsvSync } from 'csv-parse/sync';
import { UserError } from '../lib/errors';
import { CellProblem, type CellOptions, DEFAULT_FALSE, DEFAULT_TRUE, converterFor, isEmpty, parseBool, textOf } from './cells';
import { fieldParser } from './field-parser';
import { strictUtf8 } from './sources/utf8';
import type { FieldSpec, KindSpec } from './kind';
import type { Aggregate, ColumnSpec, Condition, Mapping } from './mapping';

export type RawRecord = readonly unknown[] | Readonly<Record<string, unknown>>;

export interface PlannedField {
  name: string;
  spec: FieldSpec;
  /** What to call this field in messages: the source column (or "constant"). */
  label: string;
  /** Raw value after lookup, value map and default; undefined = not provided by this record. */
  get(rec: RawRecord): unknown;
  /** Convert and validate (zod value schema) one non-empty raw value; throws CellProblem. */
  convert(raw: unknown): unknown;
  aggregate?: Aggregate;
}

export interface HeaderProblem {
  column?: string;
  message: string;
}

export interface Plan {
  fields: PlannedField[];
  /** Row filter from `where`; throws CellProblem with a column label on unparseable input. */
  where: ((rec: RawRecord) => boolean) | null;
  aggregating: boolean;
  headerProblems: HeaderProblem[];
  /** Object sources only: keys this plan neither uses nor ignores. */
  unknownKeys(rec: Record<string, unknown>): string[];
}

export interface PlanSource {
  /** CSV header; null for object records (JSON), whose keys are read per record. */
  header: string[] | null;
  /** Directory that relative lookup paths resolve against. */
  baseDir: string;
}

export class WhereProblem extends CellProblem {
  constructor(
    readonly column: string,
    message: string,
  ) {
    super(message);
  }
}

const norm = (s: string) =>
  s
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

export function compilePlan(kind: KindSpec, mapping: Mapping | undefined, src: PlanSource): Plan {
  const m: Mapping = mapping ?? {
    columns: {},
    constants: {},
    ignore: [],
    ignore_unknown: false,
    where: {},
    lookups: {},
  };
  const headerProblems: HeaderProblem[] = [];
  const cellOpts: CellOptions = {
    dateFormat: m.date_format,
    trueTokens: new Set([...DEFAULT_TRUE, ...(m.booleans?.true ?? []).map((t) => t.toLowerCase())]),
    falseTokens: new Set([...DEFAULT_FALSE, ...(m.booleans?.false ?? []).map((t) => t.toLowerCase())]),
  };
  const header = src.header;
  const used = new Set<string>(); // source columns consumed (header mode: exact header names)
  const seen = new Map<string, number>();
  if (header) {
    header.forEach((h, i) => {
      if (h.trim() === '') headerProblems.push({ message: `column ${i + 1} has an empty name` });
      else if (seen.has(h)) headerProblems.push({ column: h, message: 'appears twice in the header' });
      else seen.set(h, i);
    });
  }
  const byNorm = new Map<string, string>();
  if (header) for (const h of header) if (!byNorm.has(norm(h))) byNorm.set(norm(h), h);

  /** Resolve a source column name to a getter; records a problem when the header lacks it. */
  const sourceGetter = (name: string, why: string): ((rec: RawRecord) => unknown) | null => {
    if (!header) {
      used.add(name);
      // Own keys only: a mapping may name a source column "constructor" that a record lacks.
      return (rec) => (Object.hasOwn(rec, name) ? (rec as Record<string, unknown>)[name] : undefined);
    }
    const actual = seen.has(name) ? name : byNorm.get(norm(name));
    if (actual === undefined) {
      headerProblems.push({ column: name, message: `missing column (${why})` });
      return null;
    }
    used.add(actual);
    const idx = seen.get(actual) as number;
    return (rec) => (rec as readonly unknown[])[idx];
  };

  const lookups = new Map<string, { table: Map<string, string>; label: string }>();
  for (const [name, l] of Object.entries(m.lookups)) {
    const path = isAbsolute(l.file) ? l.file : resolve(src.baseDir, l.file);
    lookups.set(name, { table: loadLookup(path, l.key, l.value), label: `${l.file}` });
  }

  const fields: PlannedField[] = [];
  const mappedTargets = new Set<string>();
  const fieldSpec = (target: string, where: string): FieldSpec | null => {
    const spec = Object.hasOwn(kind.fields, target) ? kind.fields[target] : undefined; // not "constructor", "toString" …
    if (!spec) {
      throw mappingError(`${where}.${target}: ${kind.kind} has no field "${target}" (fields: ${Object.keys(kind.fields).join(', ')})`);
    }
    return spec;
  };

  for (const [target, rawSpec] of Object.entries(m.columns)) {
    const spec = fieldSpec(target, 'columns') as FieldSpec;
    const c: ColumnSpec = typeof rawSpec === 'string' ? { from: rawSpec } : rawSpec;
    let get: ((rec: RawRecord) => unknown) | null;
    let label: string;
    if (c.template) {
      get = templateGetter(c.template, sourceGetter, `template of ${target}`);
      label = target;
    } else if (c.from) {
      get = sourceGetter(c.from, `mapped to ${target}`);
      label = c.from;
    } else {
      get = () => 1; // aggregate: count needs no source
      label = target;
    }
    if (!get) continue;
    if (c.lookup) {
      const l = lookups.get(c.lookup);
      if (!l) throw mappingError(`columns.${target}.lookup: no lookup named "${c.lookup}" under lookups`);
      const inner = get;
      get = (rec) => {
        const v = inner(rec);
        if (isEmpty(v)) return v;
        const text = textOf(v);
        const hit = l.table.get(text.trim());
        if (hit === undefined) throw new CellProblem(`"${text}" is not in ${l.label}`);
        return hit;
      };
    }
    if (c.map) {
      const table = new Map(Object.entries(c.map).map(([k, val]) => [k.trim().toLowerCase(), val]));
      const inner = get;
      get = (rec) => {
        const v = inner(rec);
        if (v === undefined || v === null) return v;
        const key = textOf(v).trim().toLowerCase();
        return table.has(key) ? table.get(key) : v;
      };
    }
    if (c.default !== undefined) {
      const inner = get;
      const dflt = c.default;
      get = (rec) => {
        const v = inner(rec);
        return isEmpty(v) ? dflt : v;
      };
    }
    const opts = c.date_format ? { ...cellOpts, dateFormat: c.date_format } : cellOpts;
    const aggregate = c.aggregate;
    // count / count_distinct produce a number of rows or values; the source value is not parsed.
    const convert =
      aggregate === 'count' || aggregate === 'count_distinct' ? (r: unknown) => textOf(r).trim() : fieldParser(spec, converterFor(spec.type, opts));
    fields.push({ name: target, spec, label, get, convert, aggregate });
    mappedTargets.add(target);
  }

  for (const [target, value] of Object.entries(m.constants)) {
    const spec = fieldSpec(target, 'constants') as FieldSpec;
    if (mappedTargets.has(target)) throw mappingError(`constants.${target}: also listed under columns`);
    fields.push({ name: target, spec, label: `${target} (constant)`, get: () => value, convert: fieldParser(spec, converterFor(spec.type, cellOpts)) });
    mappedTargets.add(target);
  }

  let where: Plan['where'] = null;
  const whereEntries = Object.entries(m.where);
  if (whereEntries.length) {
    const tests = whereEntries
      .map(([col, cond]) => {
        const get = sourceGetter(col, 'used by where');
        return get ? conditionTest(col, cond, get, cellOpts) : null;
      })
      .filter((t): t is (rec: RawRecord) => boolean => t !== null);
    where = (rec) => tests.every((t) => t(rec));
  }

  const ignored = new Set(m.ignore.map(norm));
  const known = new Set<string>(); // object mode: keys this plan understands
  for (const [name, spec] of Object.entries(kind.fields)) {
    if (mappedTargets.has(name)) continue;
    // ignore_unknown means "use only what the mapping names": no matching by field name either,
    // so a foreign column that happens to be called e.g. "seats" cannot sneak in.
    if (m.ignore_unknown) {
      if (spec.required) headerProblems.push({ column: name, message: 'required field is not mapped (ignore_unknown is on)' });
      continue;
    }
    const candidates = [name, ...(spec.aliases ?? [])];
    if (header) {
      const hit = candidates.map((c) => byNorm.get(norm(c))).find((h) => h !== undefined && !used.has(h));
      if (hit === undefined) {
        if (spec.required) {
          headerProblems.push({
            column: name,
            message: `missing required column${candidates.length > 1 ? ` (accepted names: ${candidates.join(', ')})` : ''}`,
          });
        }
        continue;
      }
      used.add(hit);
      const idx = seen.get(hit) as number;
      fields.push({ name, spec, label: hit, get: (rec) => (rec as readonly unknown[])[idx], convert: fieldParser(spec, converterFor(spec.type, cellOpts)) });
    } else {
      for (const c of candidates) known.add(c);
      fields.push({
        name,
        spec,
        label: name,
        get: (rec) => {
          const o = rec as Record<string, unknown>;
          for (const c of candidates) if (o[c] !== undefined) return o[c];
          return undefined;
        },
        convert: fieldParser(spec, converterFor(spec.type, cellOpts)),
      });
    }
  }

  const vocabulary = Object.entries(kind.fields).flatMap(([n, s]) => [n, ...(s.aliases ?? [])]);
  const suggest = (col: string) => {
    const n = norm(col);
    const best = vocabulary.map((w) => [w, distance(n, w)] as const).sort((a, b) => a[1] - b[1])[0];
    return best && best[1] <= Math.max(2, Math.floor(best[0].length / 4)) ? ` (did you mean "${best[0]}"?)` : '';
  };
  const unknownMessage = (col: string) => `unknown column for ${kind.kind}${suggest(col)}; rename it in a mapping file or list it under ignore:`;
  if (header && !m.ignore_unknown) {
    for (const h of header) {
      if (h.trim() === '' || used.has(h) || ignored.has(norm(h))) continue;
      headerProblems.push({ column: h, message: unknownMessage(h) });
    }
  }
  for (const u of used) known.add(u);

  return {
    fields,
    where,
    aggregating: fields.some((f) => f.aggregate !== undefined),
    headerProblems,
    unknownKeys(rec) {
      if (m.ignore_unknown) return [];
      const out: string[] = [];
      for (const k in rec) if (!known.has(k) && !ignored.has(norm(k))) out.push(k);
      return out;
    },
  };
}

function mappingError(message: string): UserError {
  return new UserError('IMPORT_MAPPING_INVALID', `mapping: ${message}`);
}

function templateGetter(
  template: string,
  sourceGetter: (name: string, why: string) => ((rec: RawRecord) => unknown) | null,
  why: string,
): ((rec: RawRecord) => unknown) | null {
  const parts = template.split(/(\{[^}]+\})/).filter((p) => p !== '');
  const getters = parts.map((p) => (p.startsWith('{') ? sourceGetter(p.slice(1, -1), why) : p));
  if (getters.some((g) => g === null)) return null;
  return (rec) => {
    let out = '';
    for (const g of getters) {
      if (typeof g === 'string') out += g;
      else {
        const v = (g as (r: RawRecord) => unknown)(rec);
        if (isEmpty(v)) return ''; // a template over an empty cell is empty, not half a value
        out += textOf(v).trim();
      }
    }
    return out;
  };
}

function conditionTest(col: string, cond: Condition, get: (rec: RawRecord) => unknown, o: CellOptions): (rec: RawRecord) => boolean {
  const eq = (expected: string | number | boolean | null, v: unknown): boolean => {
    if (expected === null) return isEmpty(v);
    if (isEmpty(v)) return false;
    if (typeof expected === 'boolean') {
      try {
        return parseBool(v, o) === expected;
      } catch (e) {
        throw new WhereProblem(col, (e as Error).message);
      }
    }
    let text: string;
    try {
      text = textOf(v);
    } catch (e) {
      throw new WhereProblem(col, (e as Error).message);
    }
    return text.trim().toLowerCase() === String(expected).toLowerCase();
  };
  if (cond !== null && typeof cond === 'object') {
    if ('empty' in cond) return (rec) => isEmpty(get(rec)) === cond.empty;
    return (rec) => {
      const v = get(rec);
      return cond.in.some((e) => eq(e, v));
    };
  }
  return (rec) => eq(cond, get(rec));
}

/** Read a two-column key -> value table from a CSV file (small reference tables; read whole). */
function loadLookup(path: string, key: string, value: string): Map<string, string> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw mappingError(`lookup file ${path}: ${(e as Error).message}`);
  }
  const decoded = strictUtf8(bytes);
  if (!decoded.ok) throw mappingError(`lookup file ${path}: ${decoded.message}`);
  const text = decoded.text;
  let rows: Record<string, string>[];
  try {
    rows = parseCsvSync(text, { bom: true, columns: true, skip_empty_lines: true }) as Record<string, string>[];
  } catch (e) {
    throw mappingError(`lookup file ${path}: CSV syntax error: ${(e as Error).message}`);
  }
  if (rows.length && (!(key in rows[0]) || !(value in rows[0]))) {
    throw mappingError(`lookup file ${path} needs columns "${key}" and "${value}"`);
  }
  return new Map(rows.map((r) => [r[key].trim(), r[value]]));
}
