import { accountCardBlocks } from '../../../blocks/account-card';
import { ambiguousBlocks, noticeBlocks, notFoundBlocks } from '../../../blocks/lookup-answers';
import type { MessagePayload } from '../../../blocks/types';
import { loadAccountCardView } from '../../accounts/card-view';
import type { SlackDeps } from '../deps';

/** The card for one account id, or a polite notice when it has gone. */
export function cardAnswer(deps: SlackDeps, accountId: string, opts: { includeActions?: boolean } = {}): MessagePayload {
  const view = loadAccountCardView(deps.db, accountId, deps.clock(), {
    playbookStepCount: deps.playbookStepCount,
    staleAfterDays: deps.config.scoring.staleAfterDays,
    scoring: deps.config.scoring,
  });
  if (!view) return noticeBlocks('That account no longer exists. It may have been removed by an import.');
  return accountCardBlocks(view, { includeActions: opts.includeActions ?? true });
}

/** `/health <account>`: card when one account matches, buttons when several, closest names when none. */
export function lookupAnswer(deps: SlackDeps, query: string): MessagePayload {
  const res = deps.accounts.lookup(query);
  switch (res.kind) {
    case 'found':
      return cardAnswer(deps, res.account.id);
    case 'ambiguous':
      return ambiguousBlocks(query, res.candidates, res.total);
    case 'not_found':
      return notFoundBlocks(query, res.suggestions);
    case 'empty':
      return noticeBlocks("That doesn't look like an account name. Try `/health acme-corp`, or `/health help` for everything I can do.");
  }
}
