/** JSON sources: a whole-file array of objects (.json), or one object per line (.jsonl / .ndjson). */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';

export class JsonShapeError extends Error {}

/** Parse a .json file that must hold an array of objects. */
export function readJsonArray(path: string): unknown[] {
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
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

/** Stream JSON lines: onLine(text, lineNumber) for each non-blank line. */
export function readJsonLines(path: string, onLine: (text: string, line: number) => void): void {
  const fd = openSync(path, 'r');
  const buf = Buffer.allocUnsafe(1 << 20);
  let carry = '';
  let line = 0;
  let first = true;
  const emit = (s: string) => {
    line++;
    if (first) {
      s = s.replace(/^\uFEFF/, '');
      first = false;
    }
    if (s.trim() !== '') onLine(s.replace(/\r$/, ''), line);
  };
  try {
    const decoder = new TextDecoder('utf-8');
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      const text = carry + decoder.decode(buf.subarray(0, n), { stream: true });
      const parts = text.split('\n');
      carry = parts.pop() as string;
      for (const p of parts) emit(p);
    }
    carry += decoder.decode();
    if (carry !== '') emit(carry);
  } finally {
    closeSync(fd);
  }
}
