/** `bellwether demo`: create the database and fill it with deterministic demo data. */
import type { Command } from 'commander';
import { DEMO_DEFAULTS, DEMO_LIMITS, type DemoSummary, generateDemo } from '../../demo/generate';
import { UserError } from '../../lib/errors';
import { isCalendarDay } from '../../lib/dates';
import type { CliContext } from '../context';
import { count, moneyExact } from '../../domain/format';

interface DemoFlags {
  accounts: string;
  days: string;
  seed: string;
  today?: string;
  replace?: boolean;
}

function wholeNumber(flag: string, raw: string, range?: readonly [number, number]): number {
  const n = /^-?\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(n)) throw new UserError('invalid_argument', `${flag} must be a whole number (got "${raw}")`);
  if (range && (n < range[0] || n > range[1])) {
    throw new UserError('invalid_argument', `${flag} must be from ${range[0]} to ${range[1]} (got ${n})`);
  }
  return n;
}

const fmt = count;

export function summaryLines(path: string, s: DemoSummary): string[] {
  const c = s.counts;
  const row = (label: string, n: number, note = '') => `  ${label.padEnd(16)}${fmt(n).padStart(9)}${note ? `   ${note}` : ''}`;
  const lines = [`Demo data written to ${path} (seed ${s.seed}, ${s.days} days of usage ending ${s.today}, ${(s.timings.totalMs / 1000).toFixed(1)} s)`];
  if (s.replaced) lines.push(`  replaced ${fmt(s.replaced.accounts)} accounts and ${fmt(s.replaced.teamMembers)} team members (with their data)`);
  lines.push(
    row('team_members', c.teamMembers, `${s.team.vp} VP, ${s.team.manager} managers, ${s.team.csm} CSMs, ${s.team.admin} admin`),
    row(
      'accounts',
      c.accounts,
      `${fmt(s.lifecycle.active)} active, ${fmt(s.lifecycle.onboarding)} onboarding, ${fmt(s.lifecycle.churned)} churned; ARR ${moneyExact(s.totalArr)}`,
    ),
    row('usage_daily', c.usageDaily),
    row('tickets', c.tickets, `${fmt(s.openTickets)} open`),
    row('nps_responses', c.npsResponses),
    row('revenue_events', c.revenueEvents, '18 months'),
    row('signals', c.signals),
    row('account_history', c.accountHistory, 'dated attribute changes'),
    `  intended health: thriving ${fmt(s.bands.thriving)}, healthy ${fmt(s.bands.healthy)}, neutral ${fmt(s.bands.neutral)}, ` +
      `at-risk ${fmt(s.bands.at_risk)}, critical ${fmt(s.bands.critical)}`,
    `  history: ${fmt(s.story.churners)} churned (${fmt(s.story.churners - s.story.surprise)} with warning signs before, ${fmt(s.story.surprise)} by surprise), ` +
      `${fmt(s.story.dips)} troubled episodes that recovered on accounts that did not churn (false alarms)`,
    `  usage patterns: ${Object.entries(s.patterns)
      .filter(([, n]) => n > 0)
      .map(([p, n]) => `${p.replace('_', ' ')} ${fmt(n)}`)
      .join(', ')}`,
  );
  if (c.accounts >= 2) lines.push('Look at acme-corp (declining, champion left, renewal in 45 days) and globex (growing).');
  return lines;
}

export function registerDemo(program: Command, ctx: CliContext): void {
  program
    .command('demo')
    .description('create the database and fill it with deterministic demo data')
    .option('--accounts <n>', 'number of accounts', String(DEMO_DEFAULTS.accounts))
    .option('--days <n>', 'days of daily usage, ending --today', String(DEMO_DEFAULTS.days))
    .option('--seed <n>', 'random seed: the same seed and --today give identical data', String(DEMO_DEFAULTS.seed))
    .option('--today <YYYY-MM-DD>', 'last day of the data (default: today, UTC)')
    .option('--replace', 'delete existing accounts, team and everything derived from them first')
    .action((flags: DemoFlags) => {
      const accounts = wholeNumber('--accounts', flags.accounts, DEMO_LIMITS.accounts);
      const days = wholeNumber('--days', flags.days, DEMO_LIMITS.days);
      const seed = wholeNumber('--seed', flags.seed);
      if (flags.today !== undefined && !isCalendarDay(flags.today)) {
        throw new UserError('invalid_argument', `--today must be a calendar date YYYY-MM-DD (got "${flags.today}")`);
      }
      const db = ctx.openDb();
      let lastStep = -1;
      const summary = generateDemo(db, {
        accounts,
        days,
        seed,
        today: flags.today,
        replace: flags.replace === true,
        onProgress: (done, total, phase) => {
          const step = Math.floor((done * 10) / Math.max(1, total)); // every 10%: readable in logs and on a terminal
          if (step === lastStep) return;
          lastStep = step;
          ctx.progress(`demo: ${phase} ${fmt(done)}/${fmt(total)} (${step * 10}%)`);
        },
      });
      ctx.progress(''); // end the progress line before the summary
      for (const line of summaryLines(ctx.globals().db, summary)) ctx.out(line);
    });
}
