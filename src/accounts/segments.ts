import { distance } from 'fastest-levenshtein';
import type { Db } from '../../db';
import { knownSegments as storedSegments } from './store';

/** Every segment some account has (case as imported), for telling an unknown segment from an empty one. */
export function knownSegments(db: Db): string[] {
  return storedSegments(db);
}

/** The known segment equal to `query` ignoring case, or null. */
export function matchSegment(known: string[], query: string): string | null {
  const q = query.trim().toLowerCase();
  return known.find((s) => s.toLowerCase() === q) ?? null;
}

/** Known segments ordered closest first (edit distance, case-insensitive; ties by name). */
export function closestSegments(known: string[], query: string): string[] {
  const q = query.trim().toLowerCase();
  return known
    .map((s) => ({ s, d: distance(q, s.toLowerCase()) }))
    .sort((a, b) => a.d - b.d || a.s.localeCompare(b.s))
    .map((x) => x.s);
}
