/** What a `/health …` command asks for. Parsing is pure and total: any text maps to an intent. */
export type HealthIntent =
  | { kind: 'overview' }
  | { kind: 'help' }
  | { kind: 'mine' }
  | { kind: 'team' }
  | { kind: 'at_risk'; segment?: string }
  | { kind: 'renewals'; days: number }
  | { kind: 'lookup'; query: string }
  | { kind: 'follow'; on: boolean; target: { kind: 'account' | 'segment'; name: string }; channel?: string }
  | { kind: 'invalid'; message: string };

/** Longest command text we read; anything beyond cannot be an account name. */
export const MAX_COMMAND_TEXT = 200;
export const MAX_RENEWAL_DAYS = 730;

export function parseHealthCommand(raw: unknown): HealthIntent {
  // A form body can repeat a field (text=a&text=b) and then parses to an array: an answer, not a crash.
  if (raw !== undefined && raw !== null && typeof raw !== 'string') {
    return { kind: 'invalid', message: 'That command text could not be read. Try `/health acme-corp` or `/health help`.' };
  }
  const text = (raw ?? '')
    .slice(0, MAX_COMMAND_TEXT * 5)
    .replace(/\s+/g, ' ')
    .trim();
  if (!text) return { kind: 'overview' };
  const [head, ...rest] = text.split(' ');
  const word = head.toLowerCase();
  const arg = rest.join(' ').trim();
  if (word === 'help' || word === '?' || word === '-h' || word === '--help') return { kind: 'help' };
  if (word === 'mine' || word === 'me' || word === 'my') return { kind: 'mine' };
  if (word === 'team' && !arg) return { kind: 'team' };
  if (word === 'at-risk' || word === 'atrisk' || word === 'risk' || (word === 'at' && /^risk\b/i.test(arg))) {
    const seg = (word === 'at' ? arg.replace(/^risk\s*/i, '') : arg).trim();
    if (seg.length > 60) return { kind: 'invalid', message: 'That segment name is too long. Try `/health at-risk Enterprise`.' };
    return { kind: 'at_risk', segment: seg || undefined };
  }
  if (word === 'renewals' || word === 'renewal' || word === 'renewing') {
    if (!arg) return { kind: 'renewals', days: 90 };
    const m = /^(\d{1,4})\s*(d|days?)?$/i.exec(arg);
    const days = m ? Number(m[1]) : Number.NaN;
    if (!m || days < 1 || days > MAX_RENEWAL_DAYS) {
      return { kind: 'invalid', message: `\`/health renewals [days]\` takes a number of days from 1 to ${MAX_RENEWAL_DAYS}, e.g. \`/health renewals 60\`.` };
    }
    return { kind: 'renewals', days };
  }
  if (word === 'follow' || word === 'unfollow') return parseFollow(word === 'follow', arg);
  if (text.length > MAX_COMMAND_TEXT) {
    // Count what arrived, not what was read: the text is cut at MAX_COMMAND_TEXT * 5 before parsing.
    const received = (raw ?? '').trim().length;
    return {
      kind: 'invalid',
      message: `That is longer than any account name: I received ${received.toLocaleString('en-US')} characters, and account names are at most ${MAX_COMMAND_TEXT}. Try the account's slug, e.g. \`/health acme-corp\`.`,
    };
  }
  return { kind: 'lookup', query: text };
}

const FOLLOW_USAGE =
  '`/health follow <account|segment:Name> [#channel]` (and `/health unfollow …`), e.g. `/health follow acme-corp` or `/health follow segment:Enterprise #cs-enterprise`.';

/** `follow <account|segment:Name> [#channel]`: a channel mention (`<#C123|name>` as Slack sends it, or `#name`) ends the text. */
function parseFollow(on: boolean, arg: string): HealthIntent {
  const m = /^(.*?)\s*(<#([A-Z0-9]+)(\|[^>]*)?>|#([a-z0-9][a-z0-9._-]{0,79}))?$/i.exec(arg);
  const what = (m?.[1] ?? '').trim();
  const channel = m?.[3] ?? (m?.[5] ? `#${m[5]}` : undefined);
  if (!what) return { kind: 'invalid', message: `Follow what? ${FOLLOW_USAGE}` };
  if (what.length > MAX_COMMAND_TEXT) return { kind: 'invalid', message: `That name is too long. ${FOLLOW_USAGE}` };
  const seg = /^segment:\s*(.+)$/i.exec(what);
  const target = seg ? { kind: 'segment' as const, name: seg[1].trim() } : { kind: 'account' as const, name: what };
  return { kind: 'follow', on, target, ...(channel ? { channel } : {}) };
}
