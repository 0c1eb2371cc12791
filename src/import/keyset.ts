/**
 * Set of natural keys seen in one import, for duplicate detection. Two-part keys (account, day)
 * nest a Set in a Map instead of concatenating strings: no new string per row (the converters
 * already share repeated ids and days), so a million keys cost little memory and no hashing of
 * fresh strings.
 */
export class KeySet {
  private readonly one = new Set<unknown>();
  private readonly two = new Map<unknown, Set<unknown>>();
  private readonly many = new Set<string>();

  constructor(private readonly parts: number) {}

  /** Add a key; false when it was already there. */
  add(values: readonly unknown[]): boolean {
    if (this.parts === 1) {
      const v = values[0];
      if (this.one.has(v)) return false;
      this.one.add(v);
      return true;
    }
    if (this.parts === 2) {
      let inner = this.two.get(values[0]);
      if (!inner) {
        inner = new Set();
        this.two.set(values[0], inner);
      }
      if (inner.has(values[1])) return false;
      inner.add(values[1]);
      return true;
    }
    const k = values.map(String).join('\u0001');
    if (this.many.has(k)) return false;
    this.many.add(k);
    return true;
  }
}
