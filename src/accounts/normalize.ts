/**
 * Name normalisation for account lookup: case, accents, punctuation and spacing never matter,
 * so "Acme Corp", "acme-corp", "ACME corp." and "acmecorp" all become "acmecorp".
 */
const MAX_QUERY = 120; // longer than any real account name; caps work on hostile 10k-char input

// biome-ignore lint/suspicious/noControlCharactersInRegex: the whole ASCII range, control characters included, is the point
const ASCII = /^[\x00-\x7f]*$/;

export function normalizeName(s: string): string {
  const head = s.slice(0, MAX_QUERY * 2);
  // NFKD only when needed: most names are ASCII, and the index normalises every account at start-up.
  return (ASCII.test(head) ? head : head.normalize('NFKD'))
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^a-z0-9]+/g, '')
    .slice(0, MAX_QUERY);
}

/** Largest edit distance still treated as "the same name" for a query of this length. */
export function maxTypoDistance(len: number): number {
  if (len <= 3) return 0;
  if (len <= 5) return 1;
  if (len <= 12) return 2;
  return 3;
}
