import { describe, expect, it } from 'vitest';
import { CellProblem, DEFAULT_FALSE, DEFAULT_TRUE, converterFor, nameFromSlug, parseNumber, slugify } from '../../src/import/cells';
import { compileDateFormat, partsToDay, partsToInstant } from '../../src/import/dates';

const opts = { trueTokens: new Set(DEFAULT_TRUE), falseTokens: new Set(DEFAULT_FALSE) };

describe('cell converters', () => {
  it('slugs and names', () => {
    expect(slugify('A-2e4581')).toBe('a-2e4581');
    expect(slugify('  Acme Corp. (EMEA) ')).toBe('acme-corp-emea');
    expect(slugify('Café Müller')).toBe('cafe-muller');
    expect(nameFromSlug('acme-corp')).toBe('Acme Corp');
    expect(() => converterFor('slug', opts)('—')).toThrow(CellProblem);
  });

  it('numbers: plain, signed, decimals, exponents, currency and thousands; rejects junk', () => {
    expect(parseNumber('42')).toBe(42);
    expect(parseNumber('-3.5')).toBe(-3.5);
    expect(parseNumber('4.0')).toBe(4);
    expect(parseNumber('1e3')).toBe(1000);
    expect(parseNumber('$1,234.50')).toBe(1234.5);
    expect(parseNumber('-€2,000')).toBe(-2000);
    for (const bad of ['abc', '12abc', '0x10', 'NaN', 'Infinity', '1,23', '']) expect(() => parseNumber(bad), bad).toThrow(CellProblem);
  });

  it('booleans: TRUE/False/1/0/yes/no/t/f/y/n in any case', () => {
    const b = converterFor('bool', opts);
    for (const t of ['TRUE', 'True', 'true', '1', 'yes', 'Y', 't']) expect(b(t), t).toBe(true);
    for (const f of ['FALSE', 'False', '0', 'no', 'N', 'f']) expect(b(f), f).toBe(false);
    expect(() => b('maybe')).toThrow(/not a boolean/);
  });

  it('dates: ISO, timestamps with offsets, token formats, calendar validation', () => {
    const day = converterFor('date', opts);
    const instant = converterFor('instant', opts);
    expect(day('2024-10-16')).toBe('2024-10-16');
    expect(day('2024-10-16T23:30:00-05:00')).toBe('2024-10-16'); // the day as written
    expect(instant('2024-10-16T23:30:00-05:00')).toBe('2024-10-17T04:30:00.000Z');
    expect(instant('2024-10-16 03:00:00')).toBe('2024-10-16T03:00:00.000Z');
    expect(instant('2024-10-16T03:00:00.123456Z')).toBe('2024-10-16T03:00:00.123Z');
    expect(() => day('2024-02-30')).toThrow(/not a valid date/);
    expect(() => day('10/16/2024')).toThrow(/expected YYYY-MM-DD or an ISO timestamp/);
    const us = converterFor('date', { ...opts, dateFormat: 'MM/DD/YYYY' });
    expect(us('10/16/2024')).toBe('2024-10-16');
    expect(us('1/5/2024')).toBe('2024-01-05');
    expect(() => us('13/01/2024')).toThrow(/expected MM\/DD\/YYYY/);
    const p = compileDateFormat('DD.MM.YYYY HH:mm:ss')('16.10.2024 07:08:09');
    expect(p && partsToInstant(p)).toBe('2024-10-16T07:08:09.000Z');
    expect(p && partsToDay(p)).toBe('2024-10-16');
    expect(() => compileDateFormat('MM/YYYY')).toThrow(/needs YYYY, MM and DD/);
  });

  it('emails are lowercased and checked; enums normalised', () => {
    expect(converterFor('email', opts)(' Dana@Example.COM ')).toBe('dana@example.com');
    expect(() => converterFor('email', opts)('dana')).toThrow(/not an email/);
    expect(converterFor('enum', opts)('Champion Departed')).toBe('champion_departed');
  });
});
