/**
 * Date parsing for imports. Formats are token strings such as `MM/DD/YYYY`, `DD.MM.YYYY` or
 * `YYYY-MM-DD HH:mm:ss`, or `ISO` (the default: `YYYY-MM-DD`, with optional time and offset).
 * Day fields keep the calendar date as written; instant fields become ISO-8601 UTC.
 */

export interface DateParts {
  y: number;
  m: number;
  d: number;
  hh: number;
  mi: number;
  ss: number;
  ms: number;
  /** Offset from UTC in minutes; undefined when the text carries none (treated as UTC). */
  offset?: number;
}

export type DateParser = (s: string) => DateParts | null;

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i;

function validCalendar(p: DateParts): boolean {
  if (p.m < 1 || p.m > 12 || p.d < 1 || p.hh > 23 || p.mi > 59 || p.ss > 59) return false;
  const days = new Date(Date.UTC(p.y, p.m, 0)).getUTCDate(); // day 0 of next month = last day of this one
  return p.d <= days;
}

function parseOffset(z: string | undefined): number | undefined {
  if (!z) return undefined;
  if (z.toUpperCase() === 'Z') return 0;
  const sign = z[0] === '-' ? -1 : 1;
  const digits = z.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
}

const parseIso: DateParser = (s) => {
  const m = ISO_RE.exec(s);
  if (!m) return null;
  const p: DateParts = {
    y: Number(m[1]),
    m: Number(m[2]),
    d: Number(m[3]),
    hh: m[4] ? Number(m[4]) : 0,
    mi: m[5] ? Number(m[5]) : 0,
    ss: m[6] ? Number(m[6]) : 0,
    ms: m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0,
    offset: parseOffset(m[8]),
  };
  return validCalendar(p) ? p : null;
};

const TOKENS: Record<string, { re: string; key: keyof DateParts }> = {
  YYYY: { re: '(\\d{4})', key: 'y' },
  MM: { re: '(\\d{1,2})', key: 'm' },
  M: { re: '(\\d{1,2})', key: 'm' },
  DD: { re: '(\\d{1,2})', key: 'd' },
  D: { re: '(\\d{1,2})', key: 'd' },
  HH: { re: '(\\d{1,2})', key: 'hh' },
  H: { re: '(\\d{1,2})', key: 'hh' },
  mm: { re: '(\\d{2})', key: 'mi' },
  ss: { re: '(\\d{2})', key: 'ss' },
};
const TOKEN_RE = /YYYY|MM|DD|HH|mm|ss|M|D|H/g;

const cache = new Map<string, DateParser>();

/** Compile a date format (see module doc). Throws on a format without year, month and day. */
export function compileDateFormat(format: string): DateParser {
  const hit = cache.get(format);
  if (hit) return hit;
  let parser: DateParser;
  if (format.toUpperCase() === 'ISO' || format === 'YYYY-MM-DD') {
    parser = parseIso;
  } else {
    const keys: (keyof DateParts)[] = [];
    let re = '';
    let last = 0;
    for (const m of format.matchAll(TOKEN_RE)) {
      re += escapeRe(format.slice(last, m.index)) + TOKENS[m[0]].re;
      keys.push(TOKENS[m[0]].key);
      last = m.index + m[0].length;
    }
    re += escapeRe(format.slice(last));
    if (!keys.includes('y') || !keys.includes('m') || !keys.includes('d')) {
      throw new Error(`date format "${format}" needs YYYY, MM and DD (or ISO)`);
    }
    const rx = new RegExp(`^${re}$`);
    parser = (s) => {
      const m = rx.exec(s);
      if (!m) return null;
      const p: DateParts = { y: 0, m: 0, d: 0, hh: 0, mi: 0, ss: 0, ms: 0 };
      keys.forEach((k, i) => {
        (p as unknown as Record<string, number>)[k] = Number(m[i + 1]);
      });
      return validCalendar(p) ? p : null;
    };
  }
  cache.set(format, parser);
  return parser;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/** The calendar day as written (no time-zone shift): a date column means that day in the sender's books. */
export function partsToDay(p: DateParts): string {
  return `${pad(p.y, 4)}-${pad(p.m)}-${pad(p.d)}`;
}

/** ISO-8601 UTC instant; text without an offset is taken as UTC. */
export function partsToInstant(p: DateParts): string {
  const utc = Date.UTC(p.y, p.m - 1, p.d, p.hh, p.mi, p.ss, p.ms) - (p.offset ?? 0) * 60_000;
  return new Date(utc).toISOString();
}
