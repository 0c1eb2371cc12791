/**
 * Mapping files adapt a foreign export to an import kind: rename columns, date formats, booleans,
 * value maps, constants, templates, row filters, lookups into a second file, per-key aggregation.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { UserError } from '../lib/errors';
import { compileDateFormat } from './dates';
import { IMPORT_KINDS } from './kind';
import { strictUtf8 } from './sources/utf8';

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const dateFormat = z.string().refine((f) => {
  try {
    compileDateFormat(f);
    return true;
  } catch {
    return false;
  }
}, 'must be ISO or a pattern with YYYY, MM and DD such as MM/DD/YYYY');

export const AGGREGATES = ['sum', 'min', 'max', 'count', 'count_distinct', 'first', 'last'] as const;
export type Aggregate = (typeof AGGREGATES)[number];

const columnObject = z
  .object({
    /** Source column name. */
    from: z.string().min(1).optional(),
    /** Build the value from several source columns: "{subscription_id}-end". */
    template: z.string().min(1).optional(),
    /** Replace source values (matched case-insensitively) before parsing; null means empty. */
    map: z.record(z.string(), scalar).optional(),
    /** Value used when the cell is empty. */
    default: scalar.optional(),
    date_format: dateFormat.optional(),
    /** Name of an entry under `lookups`: replace the value with the lookup file's value for it. */
    lookup: z.string().min(1).optional(),
    /** Combine rows sharing a natural key instead of rejecting them as duplicates. */
    aggregate: z.enum(AGGREGATES).optional(),
  })
  .strict()
  .refine((c) => !(c.from && c.template), 'use either from or template, not both')
  .refine((c) => c.from || c.template || c.aggregate === 'count', 'needs from or template');

export type ColumnSpec = z.infer<typeof columnObject>;

const condition = z.union([scalar, z.object({ empty: z.boolean() }).strict(), z.object({ in: z.array(scalar).min(1) }).strict()]);
export type Condition = z.infer<typeof condition>;

export const mappingSchema = z
  .object({
    /** The import kind this mapping is written for; checked against the command line. */
    kind: z.enum(IMPORT_KINDS).optional(),
    description: z.string().optional(),
    /** Default date format for every date and timestamp column. */
    date_format: dateFormat.optional(),
    /** Extra words accepted as true / false (on top of true/false/yes/no/1/0/t/f/y/n). */
    booleans: z
      .object({ true: z.array(z.string()).default([]), false: z.array(z.string()).default([]) })
      .strict()
      .optional(),
    /** Target field -> source column name, or a column spec. */
    columns: z.record(z.string(), z.union([z.string().min(1), columnObject])).default({}),
    /** Target field -> fixed value for every row. */
    constants: z.record(z.string(), scalar).default({}),
    /** Source columns to skip. */
    ignore: z.array(z.string()).default([]),
    /**
     * Use only the columns the mapping names: skip every other source column (instead of reporting
     * it as unknown) and do not match any by field name.
     */
    ignore_unknown: z.boolean().default(false),
    /** Import only rows whose source columns match (value, null = empty, {empty: bool}, {in: [...]}). */
    where: z.record(z.string(), condition).default({}),
    /** Key -> value tables read from another CSV (path relative to the imported file). */
    lookups: z.record(z.string(), z.object({ file: z.string().min(1), key: z.string().min(1), value: z.string().min(1) }).strict()).default({}),
  })
  .strict();

export type Mapping = z.infer<typeof mappingSchema>;

/** Validate a mapping object; errors name the key path. */
export function parseMapping(raw: unknown, source = 'mapping'): Mapping {
  const res = mappingSchema.safeParse(raw ?? {});
  if (!res.success) {
    const lines = res.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
    throw new UserError('IMPORT_MAPPING_INVALID', `${source} is invalid:\n  ${lines.join('\n  ')}`);
  }
  return res.data;
}

export function loadMapping(path: string): Mapping {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new UserError('IMPORT_MAPPING_NOT_FOUND', `cannot read mapping file ${path}: ${(e as Error).message}`);
  }
  const decoded = strictUtf8(bytes);
  if (!decoded.ok) throw new UserError('IMPORT_MAPPING_INVALID', `mapping file ${path}: ${decoded.message}`);
  const text = decoded.text;
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    throw new UserError('IMPORT_MAPPING_INVALID', `mapping file ${path} is not valid YAML: ${(e as Error).message}`);
  }
  return parseMapping(raw, `mapping file ${path}`);
}
