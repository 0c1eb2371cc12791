/**
 * Read a CSV file in fixed-size chunks through csv-parse's incremental parser, synchronously, so
 * the whole import stays inside one SQLite transaction that no other async work can interleave
 * with. Memory stays flat: only the current chunk and the current record are held.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { parse } from 'csv-parse';
import { incompleteTail, invalidUtf8Offsets, isUtf8 } from './utf8';

const CHUNK = 1 << 20;

interface IncrementalApi {
  parse(buf: Buffer | undefined, end: boolean, push: (record: string[]) => void, close: () => void): Error | undefined;
}

function incrementalParser(): IncrementalApi {
  // The stream Parser exposes its incremental engine as `.api` (what its own _transform calls).
  const api = (parse({ bom: true, relax_column_count: true, skip_empty_lines: true }) as unknown as { api?: IncrementalApi }).api;
  if (!api || typeof api.parse !== 'function') throw new Error('csv-parse: incremental API not available');
  return api;
}

/**
 * Stream records of a CSV file to onRecord (the header is record 0). Throws csv-parse errors.
 * The bytes must be UTF-8: each invalid run goes to onInvalidUtf8 with the index of the record it
 * falls in and its byte offset in the file (the record itself is still parsed and passed on).
 */
export function readCsv(path: string, onRecord: (record: string[], index: number) => void, onInvalidUtf8: (index: number, byteOffset: number) => void): void {
  const api = incrementalParser();
  const fd = openSync(path, 'r');
  let index = 0;
  const push = (r: string[]) => onRecord(r, index++);
  const feed = (bytes: Buffer) => {
    const err = api.parse(bytes, false, push, () => {});
    if (err) throw err;
  };
  /** Feed a run of whole characters; `at` is its file offset. Slow path only when it is not UTF-8. */
  const feedChecked = (bytes: Buffer, at: number) => {
    if (isUtf8(bytes)) return feed(bytes);
    let from = 0;
    for (const bad of invalidUtf8Offsets(bytes)) {
      // Parse up to the bad byte first, so `index` is the record that holds it.
      feed(bytes.subarray(from, bad));
      onInvalidUtf8(index, at + bad);
      from = bad;
    }
    feed(bytes.subarray(from));
  };
  let carry: Buffer | null = null; // a character cut by the chunk boundary
  let pos = 0; // file offset of the next chunk
  try {
    for (;;) {
      const buf = Buffer.allocUnsafe(CHUNK); // fresh buffer: the parser keeps slices of the tail
      const n = readSync(fd, buf, 0, CHUNK, null);
      if (n === 0) break;
      const start = pos - (carry?.length ?? 0);
      const data: Buffer = carry ? Buffer.concat([carry, buf.subarray(0, n)]) : buf.subarray(0, n);
      pos += n;
      const tail = incompleteTail(data);
      feedChecked(data.subarray(0, data.length - tail), start);
      carry = tail ? Buffer.from(data.subarray(data.length - tail)) : null;
    }
    if (carry) feedChecked(carry, pos - carry.length); // a character the file never finishes
    const err = api.parse(undefined, true, push, () => {});
    if (err) throw err;
  } finally {
    closeSync(fd);
  }
}

/**
 * Count data records for progress (line breaks outside quotes, minus the header). Cheap: one pass
 * over bytes with no parsing.
 */
export function countCsvRecords(path: string): number {
  const fd = openSync(path, 'r');
  const buf = Buffer.allocUnsafe(CHUNK);
  let lines = 0;
  let inQuotes = false;
  let lastByte = 10;
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK, null);
      if (n === 0) break;
      for (let i = 0; i < n; i++) {
        const b = buf[i];
        if (b === 34) inQuotes = !inQuotes;
        else if (b === 10 && !inQuotes) lines++;
      }
      lastByte = buf[n - 1];
    }
  } finally {
    closeSync(fd);
  }
  if (lastByte !== 10) lines++; // last line without a trailing newline
  return Math.max(0, lines - 1);
}
