/**
 * Cell converters: one raw value (CSV text, or a JSON scalar) to a typed value, or a CellProblem
 * saying why not. Range and enum checks live in each kind's zod schema; these only parse.
 */
import { compileDateFormat, partsToDay, partsToInstant } from './dates';

export type FieldType = 'slug' | 'text' | 'email' | 'int' | 'real' | 'date' | 'instant' | 'bool' | 'enum';

export class CellProblem extends Error {}

export const DEFAULT_TRUE = ['true', 't', 'yes', 'y', '1'];
export const DEFAULT_FALSE = ['false', 'f', 'no', 'n', '0'];

export interface CellOptions {
  dateFormat?: string;
  trueTokens: Set<string>;
  falseTokens: Set<string>;
}

/** `acme-corp` from `Acme Corp`, `a-2e4581` from `A-2e4581`: lowercase ASCII words joined by dashes. */
export function slugify(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** `Acme Corp` from `acme-corp`: a readable default name for accounts created from a slug. */
export function nameFromSlug(slug: string): string {
  return slug
    .split('-')
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join(' ');
}

const NUMBER_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
const GROUPED_RE = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;

const PLAIN_INT_RE = /^-?\d{1,15}$/;

/**
 * The text of a scalar cell. JSON sources can put an object or array where a value belongs; String()
 * would store it as "[object Object]" (and recurse without bound on deep arrays), so it is a problem.
 */
export function textOf(raw: unknown): string {
  if (typeof raw === 'string') return raw;
  if (raw !== null && typeof raw === 'object') throw new CellProblem(`expected a single value, got a JSON ${Array.isArray(raw) ? 'array' : 'object'}`);
  return String(raw);
}

export function parseNumber(raw: unknown): number {
  if (typeof raw === 'string' && PLAIN_INT_RE.test(raw)) return +raw; // the common case, first
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) throw new CellProblem('not a finite number');
    return raw;
  }
  if (typeof raw !== 'string') {
    textOf(raw); // objects and arrays get the same message as in text fields
    throw new CellProblem(`expected a number, got ${typeof raw}`);
  }
  let s = raw.trim();
  // Currency exports: "$1,200.50". Strip one leading symbol and thousands separators.
  if (s[0] === '$' || s[0] === '€' || s[0] === '£') s = s.slice(1);
  else if ((s[0] === '-' || s[0] === '+') && (s[1] === '$' || s[1] === '€' || s[1] === '£')) s = s[0] + s.slice(2);
  if (GROUPED_RE.test(s)) s = s.replace(/,/g, '');
  if (!NUMBER_RE.test(s)) throw new CellProblem('not a number');
  const n = Number(s);
  if (!Number.isFinite(n)) throw new CellProblem('not a finite number'); // "1e400"
  return n;
}

export function parseBool(raw: unknown, o: CellOptions): boolean {
  if (typeof raw === 'boolean') return raw;
  const s = textOf(raw).trim().toLowerCase();
  if (o.trueTokens.has(s)) return true;
  if (o.falseTokens.has(s)) return false;
  throw new CellProblem(`not a boolean (use one of ${[...o.trueTokens, ...o.falseTokens].join(', ')})`);
}

const EMAIL_RE = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** Build the converter for one field type; `dateFormat` is the column's own or the mapping default. */
export function converterFor(type: FieldType, o: CellOptions): (raw: unknown) => unknown {
  switch (type) {
    case 'text':
      return (raw) => textOf(raw).trim();
    case 'slug':
      return (raw) => {
        const s = slugify(textOf(raw));
        if (!s) throw new CellProblem('is not a usable account id (no letters or digits)');
        return s;
      };
    case 'email':
      return (raw) => {
        const s = textOf(raw).trim().toLowerCase();
        if (!EMAIL_RE.test(s)) throw new CellProblem('not an email address');
        return s;
      };
    case 'int':
    case 'real':
      return parseNumber;
    case 'bool':
      return (raw) => parseBool(raw, o);
    case 'enum':
      return (raw) =>
        textOf(raw)
          .trim()
          .toLowerCase()
          .replace(/[\s-]+/g, '_');
    case 'date':
    case 'instant': {
      const format = o.dateFormat ?? 'ISO';
      const parse = compileDateFormat(format);
      const expected = format.toUpperCase() === 'ISO' ? 'YYYY-MM-DD or an ISO timestamp' : format;
      const out = type === 'date' ? partsToDay : partsToInstant;
      return (raw) => {
        const p = parse(textOf(raw).trim());
        if (!p) throw new CellProblem(`not a valid date (expected ${expected})`);
        return out(p);
      };
    }
  }
}

/** True for values that mean "no value": missing, null, or blank text. */
export function isEmpty(raw: unknown): boolean {
  return raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '');
}
