import type { Command } from 'commander';
import { accountCardBlocks } from '../../../blocks/account-card';
import { AccountIndex } from '../../accounts/account-index';
import { loadAccountCardView } from '../../accounts/card-view';
import { systemClock } from '../../lib/clock';
import { UserError } from '../../lib/errors';
import type { CliContext } from '../context';
import { parseInstant } from '../options';

/** Block Kit Builder opens a message whose JSON is URL-encoded in the fragment. */
export function blockKitBuilderUrl(blocks: unknown[]): string {
  return `https://app.slack.com/block-kit-builder/#${encodeURIComponent(JSON.stringify({ blocks }))}`;
}

/** `bellwether card <account>`: preview an account card without installing the app. */
export function registerCard(program: Command, ctx: CliContext): void {
  program
    .command('card')
    .description('print an account card: text fallback, Block Kit JSON and a Block Kit Builder link')
    .argument('<account...>', 'account slug or name (typos are fine)')
    .option('--shared', 'the public copy posted by "Share in channel" (no buttons, no @-mention, only the slack.sharedCard fields)')
    .option('--at <iso>', 'render as of this instant (default now)')
    .action((words: string[], opts: { shared?: boolean; at?: string }) => {
      const query = words.join(' ');
      const now = parseInstant('--at', opts.at, systemClock);
      const db = ctx.openDb();
      const res = new AccountIndex(db).lookup(query);
      if (res.kind === 'empty') throw new UserError('BAD_ARGUMENT', `account: "${query}" is not an account name or slug`);
      if (res.kind === 'not_found') {
        const close = res.suggestions.map((s) => `${s.name} (${s.id})`).join(', ');
        throw new UserError('NOT_FOUND', `no account matches "${query}"${close ? `; closest: ${close}` : ''}`);
      }
      if (res.kind === 'ambiguous') {
        throw new UserError(
          'AMBIGUOUS',
          `"${query}" matches ${res.total} accounts: ${res.candidates.map((c) => `${c.name} (${c.id})`).join(', ')}; use the slug`,
        );
      }
      const view = loadAccountCardView(db, res.account.id, now, { staleAfterDays: ctx.config().scoring.staleAfterDays, scoring: ctx.config().scoring });
      if (!view) throw new UserError('NOT_FOUND', `account ${res.account.id} disappeared while reading it`);
      const card = accountCardBlocks(view, { shared: opts.shared ?? false, fields: ctx.config().slack.sharedCard });
      ctx.out(`Text fallback:\n${card.text}\n`);
      ctx.out(`Block Kit JSON (${card.blocks.length} blocks):\n${JSON.stringify({ blocks: card.blocks }, null, 2)}\n`);
      ctx.out(`Preview in Block Kit Builder:\n${blockKitBuilderUrl(card.blocks)}`);
    });
}
