/** `bellwether book`: a book's headline numbers and per-owner rollup, from the same read model as the App Home. */
import type { Command } from 'commander';
import { rollupByOwner } from '../../book/rollup';
import { loadBook, loadOpenAlerts, summarizeBook } from '../../book/read-model';
import { ALL, type BookScope, scopeOfMember, scopeOfTeam } from '../../book/scope';
import { moneyExact } from '../../domain/format';
import { systemClock } from '../../lib/clock';
import { isCalendarDay, todayIn } from '../../lib/dates';
import { UserError } from '../../lib/errors';
import { memberByEmail } from '../../team/store';
import type { CliContext } from '../context';

interface BookOptions {
  owner?: string;
  team?: string;
  asOf?: string;
  json?: boolean;
}

export function registerBook(program: Command, ctx: CliContext): void {
  program
    .command('book')
    .description("print a book's accounts, ARR, at-risk ARR and open alerts, with one line per owner (default: all accounts)")
    .option('--owner <email>', "one CSM's book (accounts owned by their email or Slack id)")
    .option('--team <email>', "a manager's book: everyone below them, at any depth")
    .option('--as-of <date>', 'as of this day, YYYY-MM-DD (default: today in config.timezone)')
    .option('--json', 'print {summary, owners} as JSON')
    .action((opts: BookOptions) => {
      if (opts.owner && opts.team) throw new UserError('BAD_ARGUMENT', '--owner and --team: give one, not both');
      if (opts.asOf !== undefined && !isCalendarDay(opts.asOf))
        throw new UserError('BAD_DATE', `--as-of must be a calendar date YYYY-MM-DD, got "${opts.asOf}"`);
      const db = ctx.openDb();
      const email = opts.owner ?? opts.team;
      if (email !== undefined && !memberByEmail(db, email))
        throw new UserError('NOT_FOUND', `${opts.owner ? '--owner' : '--team'}: "${email}" is not in the team table`);
      const scope: BookScope = opts.owner ? scopeOfMember(db, opts.owner) : opts.team ? scopeOfTeam(db, opts.team) : ALL;
      const asOf = opts.asOf ?? todayIn(ctx.config().timezone, systemClock());
      const rows = loadBook(db, scope, asOf);
      const summary = summarizeBook(rows, loadOpenAlerts(db, scope, 0).total);
      const owners = rollupByOwner(db, scope, asOf, { rows, noTouchDays: ctx.config().digests.noTouchDays });
      if (opts.json) {
        ctx.out(JSON.stringify({ asOf, summary, owners }));
        return;
      }
      const who = opts.owner ? `${opts.owner}'s book` : opts.team ? `${opts.team}'s team` : 'All accounts';
      ctx.out(
        `${who} as of ${asOf}: ${summary.accounts} accounts, ${moneyExact(summary.totalArr)} ARR, ${moneyExact(summary.atRiskArr)} at risk, ${summary.openAlerts} open alerts`,
      );
      for (const o of owners) {
        const name = o.ownerName ?? o.ownerEmail ?? o.ownerSlackId ?? '(no owner)';
        ctx.out(
          `  ${name}: ${o.accounts} accounts, ${moneyExact(o.arr)} ARR, ${moneyExact(o.atRiskArr)} at risk, ${o.openAlerts} open alerts, ${o.untouched} untouched ${ctx.config().digests.noTouchDays}d`,
        );
      }
    });
}
