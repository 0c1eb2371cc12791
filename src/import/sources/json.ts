/** JSON sources: a whole-file array of objects (.json), or one object per line (.jsonl / .ndjson). */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { invalidUtf8Offsets, isUtf8 } from './utf8';

export class JsonShapeError extends Error {}

/** Invalid UTF-8 in a JSON source, placed in its record (or line) and field. */
export interface Utf8Place {
  /** 1-based record (.json) or line (.jsonl) number, when the byte is inside one. */
  n?: number;
  field?: string;
  byteOffset: number;
}

export class InvalidUtf8Error extends Error {
  constructor(readonly places: Utf8Place[]) {
    super('invalid UTF-8');
  }
}

/** Where the invalid UTF-8 in a JSON array text is: record, field and byte offset of each bad run. */
export function placeInvalidUtf8(buf: Uint8Array, limit?: number): Utf8Place[] {
  const offsets = invalidUtf8Offsets(buf, limit);
  const paths = jsonPathsAt(buf, offsets);
  return offsets.map((byteOffset, i) => {
    const { record, field } = recordOf(paths[i]);
    return { n: record, field, byteOffset };
  });
}

/** Parse a .json file that must hold an array of objects (and be valid UTF-8). */
export function readJsonArray(path: string): unknown[] {
  const bytes = readFileSync(path);
  if (!isUtf8(bytes)) throw new InvalidUtf8Error(placeInvalidUtf8(bytes));
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  if (text.trim() === '') return [];
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new JsonShapeError(`not valid JSON: ${(e as Error).message}`);
  }
  if (!Array.isArray(data)) throw new JsonShapeError('expected a JSON array of objects');
  return data;
}

/**
 * Stream JSON lines: onLine(text, lineNumber) for each non-blank line. Lines are split on bytes (a
 * newline byte never occurs inside a multi-byte character), so each is checked as strict UTF-8 and a
 * bad one goes to onInvalid with the field and absolute byte offset instead.
 */
export function readJsonLines(path: string, onLine: (text: string, line: number) => void, onInvalid: (place: Utf8Place) => void): void {
  const fd = openSync(path, 'r');
  const buf = Buffer.allocUnsafe(1 << 20);
  let carry: Buffer | null = null;
  let carryAt = 0;
  let pos = 0; // file offset of buf[0]
  let line = 0;
  const emit = (bytes: Buffer, at: number) => {
    line++;
    let b = bytes;
    if (line === 1 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) {
      b = b.subarray(3);
      at += 3;
    }
    if (b.length && b[b.length - 1] === 13) b = b.subarray(0, b.length - 1);
    if (!isUtf8(b)) {
      const off = invalidUtf8Offsets(b, 1)[0];
      const key = jsonPathsAt(b, [off])[0][0];
      onInvalid({ n: line, field: typeof key === 'string' ? key : undefined, byteOffset: at + off });
      return;
    }
    const s = b.toString('utf8');
    if (s.trim() !== '') onLine(s, line);
  };
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      let from = 0;
      for (;;) {
        const nl = buf.indexOf(10, from);
        if (nl < 0 || nl >= n) break;
        const piece = buf.subarray(from, nl);
        if (carry) {
          emit(Buffer.concat([carry, piece]), carryAt);
          carry = null;
        } else emit(piece, pos + from);
        from = nl + 1;
      }
      if (from < n) {
        const rest = Buffer.from(buf.subarray(from, n)); // buf is reused by the next read
        if (carry) carry = Buffer.concat([carry, rest]);
        else {
          carry = rest;
          carryAt = pos + from;
        }
      }
      pos += n;
    }
    if (carry) emit(carry, carryAt);
  } finally {
    closeSync(fd);
  }
}

/** Where a byte sits in a JSON text: enclosing array indexes and object keys (null before a key is read). */
export type JsonPath = (string | number | null)[];

/**
 * The path enclosing each of the given byte offsets (ascending) of a JSON text, in one pass over the
 * bytes. Used only to place an error (invalid UTF-8) in the record and field that hold it.
 */
export function jsonPathsAt(buf: Uint8Array, offsets: readonly number[]): JsonPath[] {
  const stack: { arr: boolean; index: number; key: string | null; expectKey: boolean }[] = [];
  const out: JsonPath[] = [];
  const here = () => stack.map((f) => (f.arr ? f.index : f.key));
  let next = 0;
  let inString = false;
  let escaped = false;
  let isKey = false;
  let start = 0;
  for (let i = 0; i < buf.length && next < offsets.length; i++) {
    while (next < offsets.length && offsets[next] <= i) {
      out.push(here());
      next++;
    }
    const b = buf[i];
    const top = stack[stack.length - 1];
    if (inString) {
      if (escaped) escaped = false;
      else if (b === 0x5c) escaped = true;
      else if (b === 0x22) {
        inString = false;
        if (isKey && top) top.key = decodeKey(buf.subarray(start, i + 1));
      }
      continue;
    }
    if (b === 0x7b || b === 0x5b) stack.push({ arr: b === 0x5b, index: 0, key: null, expectKey: b === 0x7b });
    else if (b === 0x7d || b === 0x5d) stack.pop();
    else if (b === 0x2c && top) {
      if (top.arr) top.index++;
      else top.expectKey = true;
    } else if (b === 0x3a && top) top.expectKey = false;
    else if (b === 0x22) {
      inString = true;
      start = i;
      isKey = top !== undefined && !top.arr && top.expectKey;
      if (isKey) top.key = null;
    }
  }
  while (out.length < offsets.length) out.push(here());
  return out;
}

function decodeKey(quoted: Uint8Array): string {
  const text = Buffer.from(quoted).toString('utf8');
  try {
    return JSON.parse(text) as string;
  } catch {
    return text.slice(1, -1);
  }
}

/** The 1-based record number (first array level) and the field within it, for a path from jsonPathsAt. */
export function recordOf(path: JsonPath): { record?: number; field?: string } {
  const i = path.findIndex((p) => typeof p === 'number');
  if (i < 0) return {};
  const f = path[i + 1];
  return { record: (path[i] as number) + 1, field: typeof f === 'string' ? f : undefined };
}

/**
 * Deepest nesting a record may have: the record object is level 1, an object or array inside one of
 * its fields level 2, and so on. Fields that are imported hold single values; deeper structure is
 * only tolerated in ignored columns, and a bound keeps every later step (messages, logs) safe.
 */
export const MAX_RECORD_DEPTH = 10;

/** The first field of a record nested deeper than MAX_RECORD_DEPTH, or null. Iterative: no stack to blow. */
export function tooDeepField(rec: Readonly<Record<string, unknown>>, max = MAX_RECORD_DEPTH): string | null {
  for (const k in rec) {
    const v = rec[k];
    if (v === null || typeof v !== 'object') continue;
    const stack: [object, number][] = [[v, 2]];
    while (stack.length) {
      const [x, d] = stack.pop() as [object, number];
      if (d > max) return k;
      for (const c of Object.values(x)) if (c !== null && typeof c === 'object') stack.push([c, d + 1]);
    }
  }
  return null;
}

export const tooDeepMessage = (max = MAX_RECORD_DEPTH) => `is nested more than ${max} levels deep (records hold single values)`;
