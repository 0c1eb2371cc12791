/**
 * Name normalisation for account lookup: case, accents, punctuation and spacing never matter,
 * so "Acme Corp", "acme-corp", "ACME corp." and "acmecorp" all become "acmecorp".
 */
const MAX_QUERY = 120; // longer than any real account name; caps work on hostile 10k-char input

export function normalizeName(s: string): string {
  return s
    .slice(0, MAX_QUERY * 2)
    .normalize('NFKD')
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
