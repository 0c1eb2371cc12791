import { describe, expect, it } from 'vitest';
import { AccountNameIndex, type IndexedAccount } from '../../src/accounts/name-index';
import { normalizeName } from '../../src/accounts/normalize';

const rows: IndexedAccount[] = [
  { id: 'acme-corp', name: 'Acme Corp', arr: 240_000 },
  { id: 'acme-labs', name: 'Acme Labs', arr: 20_000 },
  { id: 'globex', name: 'Globex Inc', arr: 80_000 },
  { id: 'initech', name: 'Initech', arr: 150_000 },
  { id: 'soylent', name: 'Soylent Corp', arr: 10_000 },
  { id: 'soylent-2', name: 'Soylent Corp', arr: 90_000 },
  { id: 'cafe-zurich', name: 'Café Zürich AG', arr: 5_000 },
  { id: 'at-t', name: 'AT&T Business', arr: 5_000 },
];
const idx = new AccountNameIndex(rows);
const found = (q: string) => {
  const r = idx.lookup(q);
  return r.kind === 'found' ? r.account.id : r.kind;
};

describe('normalizeName', () => {
  it('ignores case, accents, punctuation and spacing', () => {
    expect(normalizeName('  Café  Zürich, A.G. ')).toBe('cafezurichag');
    expect(normalizeName('acme-corp')).toBe(normalizeName('ACME Corp'));
    expect(normalizeName('AT&T')).toBe('atandt');
    expect(normalizeName('🎉 <!channel> 🎉')).toBe('channel');
    expect(normalizeName('x'.repeat(10_000))).toHaveLength(120);
  });
});

describe('AccountNameIndex.lookup', () => {
  it('finds by slug, name and normalised name', () => {
    expect(found('acme-corp')).toBe('acme-corp');
    expect(found('Acme Corp')).toBe('acme-corp');
    expect(found('acmecorp')).toBe('acme-corp');
    expect(found('cafe zurich ag')).toBe('cafe-zurich');
    expect(found('at&t business')).toBe('at-t');
  });

  it('forgives typos: transpositions, a missing or extra letter', () => {
    expect(found('acme-crop')).toBe('acme-corp');
    expect(found('acme cor')).toBe('acme-corp'); // prefix
    expect(found('acmecorpp')).toBe('acme-corp');
    expect(found('initek')).toBe('initech');
    expect(found('glbex inc')).toBe('globex');
  });

  it('finds a unique prefix, and offers choices for a shared one, biggest ARR first', () => {
    expect(found('glob')).toBe('globex');
    const r = idx.lookup('acme');
    expect(r.kind).toBe('ambiguous');
    if (r.kind === 'ambiguous') expect(r.candidates.map((c) => c.id)).toEqual(['acme-corp', 'acme-labs']);
  });

  it('offers choices when two accounts share a name', () => {
    const r = idx.lookup('soylent corp');
    expect(r.kind === 'ambiguous' && r.candidates.map((c) => c.id)).toEqual(['soylent-2', 'soylent']);
  });

  it('suggests the closest names when nothing is close enough', () => {
    const r = idx.lookup('globular systems');
    expect(r.kind).toBe('not_found');
    if (r.kind === 'not_found') expect(r.suggestions[0].id).toBe('globex');
    const none = idx.lookup('qqqqqqqq');
    expect(none.kind === 'not_found' && none.suggestions).toEqual([]);
  });

  it('treats empty, punctuation-only and emoji input as empty, and survives 10,000 characters', () => {
    expect(idx.lookup('').kind).toBe('empty');
    expect(idx.lookup('  *** ').kind).toBe('empty');
    expect(idx.lookup('🎉🎉').kind).toBe('empty');
    expect(idx.lookup('a'.repeat(10_000)).kind).toBe('not_found');
  });

  it('stays exact at 100,000 accounts', () => {
    const words = ['North', 'Blue', 'Iron', 'Silver', 'Bright', 'Rapid', 'Quantum', 'Harbor', 'Summit', 'Cedar'];
    const nouns = ['Labs', 'Systems', 'Logistics', 'Foods', 'Health', 'Capital', 'Robotics', 'Media', 'Energy', 'Works'];
    const many: IndexedAccount[] = [];
    for (let i = 0; i < 100_000; i++) many.push({ id: `acct-${i}`, name: `${words[i % 10]} ${nouns[Math.floor(i / 10) % 10]} ${i}`, arr: i });
    many.push({ id: 'zephyr-analytics', name: 'Zephyr Analytics', arr: 1 });
    const big = new AccountNameIndex(many);
    expect(big.size).toBe(100_001);
    const f = (q: string) => {
      const r = big.lookup(q);
      return r.kind === 'found' ? r.account.id : r.kind;
    };
    expect(f('acct-77777')).toBe('acct-77777');
    expect(f('Rapid Logistics 54325')).toBe('acct-54325');
    expect(f('rapid logistcs 54325')).toBe('acct-54325');
    expect(f('zephyr analitics')).toBe('zephyr-analytics');
    expect(f('zephir-analytcs')).toBe('zephyr-analytics');
    expect(big.lookup('nothing like it at all').kind).toBe('not_found');
  });
});
