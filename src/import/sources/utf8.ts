/**
 * Strict UTF-8 for imported bytes. Node's decoders replace a bad byte with U+FFFD and carry on, which
 * would store mojibake; Buffer's native isUtf8 checks a whole chunk fast, and only a chunk that fails
 * is scanned here to find where (so the message can name the row and byte offset).
 */
import { isUtf8 } from 'node:buffer';

export { isUtf8 };

/** Length of the valid UTF-8 sequence starting at buf[i]; 0 if the bytes there are not valid UTF-8. */
function sequenceAt(buf: Uint8Array, i: number): number {
  const b = buf[i];
  if (b < 0x80) return 1;
  let len: number;
  if (b >= 0xc2 && b <= 0xdf) len = 2;
  else if (b >= 0xe0 && b <= 0xef) len = 3;
  else if (b >= 0xf0 && b <= 0xf4) len = 4;
  else return 0;
  // The second byte's range also excludes overlong forms, surrogates and code points above U+10FFFF.
  const lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
  const hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
  for (let k = 1; k < len; k++) {
    if (i + k >= buf.length) return 0;
    const c = buf[i + k];
    if (k === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) return 0;
  }
  return len;
}

/** Offsets of the first byte of every invalid sequence in buf (one per run of bad bytes), at most `limit`. */
export function invalidUtf8Offsets(buf: Uint8Array, limit = 100): number[] {
  const out: number[] = [];
  let i = 0;
  let inBadRun = false;
  while (i < buf.length && out.length < limit) {
    const n = sequenceAt(buf, i);
    if (n === 0) {
      if (!inBadRun) out.push(i);
      inBadRun = true;
      i++;
    } else {
      inBadRun = false;
      i += n;
    }
  }
  return out;
}

/**
 * Bytes at the end of a chunk that begin a multi-byte character the chunk does not finish (0–3):
 * a reader holds them back and prepends them to the next chunk, so a character split by the chunk
 * boundary is not mistaken for an invalid one.
 */
export function incompleteTail(buf: Uint8Array): number {
  for (let k = 1; k <= Math.min(3, buf.length); k++) {
    const b = buf[buf.length - k];
    if (b < 0x80) return 0;
    if (b >= 0xc0) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return need > k ? k : 0;
    }
  }
  return 0;
}

export const INVALID_UTF8 = 'is not valid UTF-8';

/** The message for an invalid byte: where it is, and what to do about it. */
export function invalidUtf8Message(byteOffset: number): string {
  return `${INVALID_UTF8} (bad byte at offset ${byteOffset} of the input; save or export it as UTF-8)`;
}

/**
 * The text of a small whole file (mapping, lookup table) as strict UTF-8, or a message naming the
 * line and byte offset of the first bad byte.
 */
export function strictUtf8(bytes: Buffer): { ok: true; text: string } | { ok: false; message: string } {
  if (isUtf8(bytes)) return { ok: true, text: bytes.toString('utf8') };
  const [offset] = invalidUtf8Offsets(bytes, 1);
  let line = 1;
  for (let i = bytes.indexOf(10); i !== -1 && i < offset; i = bytes.indexOf(10, i + 1)) line++;
  return { ok: false, message: `line ${line} ${invalidUtf8Message(offset)}` };
}
