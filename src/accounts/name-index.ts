import { distance } from 'fastest-levenshtein';
import { maxTypoDistance, normalizeName } from './normalize';

export interface IndexedAccount {
  id: string;
  name: string;
  arr: number;
}

export type LookupResult =
  | { kind: 'found'; account: IndexedAccount; how: 'id' | 'name' | 'prefix' | 'fuzzy' }
  | { kind: 'ambiguous'; candidates: IndexedAccount[]; total: number }
  | { kind: 'not_found'; suggestions: IndexedAccount[] }
  | { kind: 'empty' };

const MAX_CHOICES = 5;
const MAX_SUGGESTIONS = 3;
/** Most keys verified with Levenshtein per lookup: the ones sharing the most trigrams with the query. */
const MAX_VERIFY = 300;

/** Normalised keys use [a-z0-9]; with two padding symbols that is 38 symbols, so a trigram fits in an int. */
const SYMBOLS = 38;
const PAD_START = 36;
const PAD_END = 37;
const symbol = (c: number) => (c >= 97 ? c - 97 : c - 48 + 26); // a-z → 0..25, 0-9 → 26..35

const CODES = SYMBOLS ** 3;
/** Stamp per trigram code: marks codes already emitted for the current key without allocating a Set. */
const seenStamp = new Int32Array(CODES);
let stamp = 0;

/** Calls fn once per distinct trigram code of a normalised key, padded ("^^key$") so edge letters count. */
function eachTrigram(key: string, fn: (code: number) => void): void {
  stamp = stamp === 0x7fffffff ? 1 : stamp + 1;
  if (stamp === 1) seenStamp.fill(0);
  let a = PAD_START;
  let b = PAD_START;
  for (let i = 0; i <= key.length; i++) {
    const c = i < key.length ? symbol(key.charCodeAt(i)) : PAD_END;
    const code = (a * SYMBOLS + b) * SYMBOLS + c;
    if (seenStamp[code] !== stamp) {
      seenStamp[code] = stamp;
      fn(code);
    }
    a = b;
    b = c;
  }
}

export function trigramCodes(key: string): number[] {
  const out: number[] = [];
  eachTrigram(key, (c) => out.push(c));
  return out;
}

/**
 * In-memory name index over every account, built once and swapped on refresh, so a lookup never
 * scans the table: exact slug / normalised name are hash hits, prefixes a binary search, and typos
 * a trigram candidate filter followed by Levenshtein on the few survivors.
 */
export class AccountNameIndex {
  private readonly accounts: IndexedAccount[];
  private readonly byId = new Map<string, number>();
  /** normalised key → account positions */
  private readonly byKey = new Map<string, number[]>();
  private readonly keys: string[] = [];
  private readonly keyAccounts: number[][] = [];
  /** key positions sorted by key, for prefix search */
  private readonly sorted: Int32Array;
  /** trigram code → key positions */
  private readonly postings: (Int32Array | undefined)[];
  // scratch buffers reused by every fuzzy lookup (lookups are synchronous, so never shared)
  private readonly counts: Uint16Array;
  private readonly touched: Int32Array;

  constructor(rows: IndexedAccount[]) {
    this.accounts = rows;
    const addKey = (key: string, acc: number) => {
      if (!key) return;
      let list = this.byKey.get(key);
      if (!list) {
        this.byKey.set(key, (list = []));
        this.keys.push(key);
        this.keyAccounts.push(list);
      }
      if (!list.includes(acc)) list.push(acc);
    };
    rows.forEach((r, i) => {
      this.byId.set(r.id, i);
      addKey(normalizeName(r.name), i);
      addKey(normalizeName(r.id), i);
    });
    const n = this.keys.length;
    this.sorted = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => (this.keys[a] < this.keys[b] ? -1 : this.keys[a] > this.keys[b] ? 1 : 0));
    // Two passes (count, then fill) so every posting list is one exactly-sized typed array.
    const sizes = new Int32Array(CODES);
    for (const key of this.keys) eachTrigram(key, (c) => sizes[c]++);
    const postings: (Int32Array | undefined)[] = Array.from(sizes, (len) => (len ? new Int32Array(len) : undefined));
    const fill = new Int32Array(CODES);
    this.keys.forEach((key, k) => eachTrigram(key, (c) => (postings[c]![fill[c]++] = k)));
    this.postings = postings;
    this.counts = new Uint16Array(n);
    this.touched = new Int32Array(n);
  }

  get size(): number {
    return this.accounts.length;
  }

  byAccountId(id: string): IndexedAccount | undefined {
    const i = this.byId.get(id);
    return i === undefined ? undefined : this.accounts[i];
  }

  lookup(query: string): LookupResult {
    const raw = query.trim().toLowerCase();
    const direct = this.byAccountId(raw) ?? this.byAccountId(raw.replace(/\s+/g, '-'));
    if (direct) return { kind: 'found', account: direct, how: 'id' };
    const q = normalizeName(query);
    if (!q) return { kind: 'empty' };

    const exact = this.byKey.get(q);
    if (exact) return this.oneOrMany(exact, 'name');

    if (q.length >= 3) {
      const prefixed = this.prefixMatches(q);
      if (prefixed.length) return this.oneOrMany(prefixed, 'prefix');
    }

    const scored = this.fuzzyCandidates(q);
    const maxD = maxTypoDistance(q.length);
    const close = scored.filter((c) => c.d <= maxD);
    if (close.length) {
      const best = close[0].d;
      const tied = close.filter((c) => c.d === best).flatMap((c) => this.keyAccounts[c.key]);
      return this.oneOrMany([...new Set(tied)], 'fuzzy');
    }
    const suggestions: IndexedAccount[] = [];
    for (const c of scored) {
      for (const a of this.keyAccounts[c.key]) {
        const acc = this.accounts[a];
        if (!suggestions.includes(acc)) suggestions.push(acc);
      }
      if (suggestions.length >= MAX_SUGGESTIONS) break;
    }
    return { kind: 'not_found', suggestions: suggestions.slice(0, MAX_SUGGESTIONS) };
  }

  private oneOrMany(positions: number[], how: 'name' | 'prefix' | 'fuzzy'): LookupResult {
    if (positions.length === 1) return { kind: 'found', account: this.accounts[positions[0]], how };
    // Bigger accounts first: the likelier intent when names collide.
    const candidates = positions
      .map((p) => this.accounts[p])
      .sort((a, b) => b.arr - a.arr || a.name.localeCompare(b.name))
      .slice(0, MAX_CHOICES);
    return { kind: 'ambiguous', candidates, total: positions.length };
  }

  private prefixMatches(q: string, cap = 50): number[] {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.keys[this.sorted[mid]] < q) lo = mid + 1;
      else hi = mid;
    }
    const out = new Set<number>();
    for (let i = lo; i < this.sorted.length && out.size < cap; i++) {
      const k = this.sorted[i];
      if (!this.keys[k].startsWith(q)) break;
      for (const a of this.keyAccounts[k]) out.add(a);
    }
    return [...out];
  }

  /** The keys sharing the most trigrams with q (at most MAX_VERIFY), ranked by edit distance. */
  private fuzzyCandidates(q: string): { key: number; d: number }[] {
    const { counts, touched } = this;
    let nTouched = 0;
    let maxCount = 0;
    for (const code of trigramCodes(q)) {
      const list = this.postings[code];
      if (!list) continue;
      for (let i = 0; i < list.length; i++) {
        const k = list[i];
        if (counts[k] === 0) touched[nTouched++] = k;
        const c = ++counts[k];
        if (c > maxCount) maxCount = c;
      }
    }
    // Histogram of shared-trigram counts → the boundary count that keeps about MAX_VERIFY candidates,
    // without sorting every touched key (a short query can touch most of a 100k index).
    const hist = new Int32Array(maxCount + 1);
    for (let i = 0; i < nTouched; i++) hist[counts[touched[i]]]++;
    let boundary = maxCount;
    let above = 0;
    while (boundary > 1 && above + hist[boundary] < MAX_VERIFY) above += hist[boundary--];
    let atBoundary = MAX_VERIFY - above;
    const picked: number[] = [];
    for (let i = 0; i < nTouched; i++) {
      const k = touched[i];
      const c = counts[k];
      counts[k] = 0;
      if (c > boundary || (c === boundary && atBoundary-- > 0)) picked.push(k);
    }
    return picked
      .map((k) => ({ key: k, d: distance(q, this.keys[k]) }))
      .sort((a, b) => a.d - b.d || this.keys[a.key].length - this.keys[b.key].length || a.key - b.key);
  }
}
