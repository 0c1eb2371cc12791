import { escapeMrkdwn } from '../src/lib/mrkdwn';
import { money, mrkdwn, pct } from './format';
import type { Block } from './types';
import type { BookSummaryView } from './view-models/book';

export const HEALTH_USAGE = '[account | mine | team | at-risk [segment] | renewals [days] | follow <account> | help]';

const HELP_LINES = [
  '`/health acme-corp` — the account card (slug, name, or a near miss like `acme crop`)',
  '`/health mine` — your book of business, riskiest first',
  '`/health team` — the team rollup: a row per CSM (managers), per manager (the VP), or your own row',
  '`/health at-risk [segment]` — At-Risk and Critical accounts, optionally in one segment (e.g. `Enterprise`)',
  '`/health renewals [days]` — renewals coming up (default 90 days)',
  '`/health follow <account | segment:Name> [#channel]` — you (or a channel) receive its alert messages; `/health unfollow …` stops',
  '`/health help` — this help',
  'Your App Home tab has the full book with filters.',
];

/** `/health help`, and `/health` alone (with the caller's book summary when one is given). */
export function helpBlocks(summary?: { label: string; summary: BookSummaryView } | null, note?: string): { text: string; blocks: Block[] } {
  const blocks: Block[] = [];
  if (note) blocks.push({ type: 'section', block_id: 'help_note', text: mrkdwn(note) });
  blocks.push({ type: 'section', block_id: 'help_usage', text: mrkdwn(`*Bellwether — account health in Slack*\n${HELP_LINES.join('\n')}`) });
  if (summary) {
    const s = summary.summary;
    const share = s.totalArr > 0 ? ` (${pct(s.atRiskArr / s.totalArr)} of ARR)` : '';
    blocks.push({ type: 'divider' });
    blocks.push({
      type: 'section',
      block_id: 'help_book',
      text: mrkdwn(
        s.accounts === 0
          ? `*${escapeMrkdwn(summary.label)}*\nNo accounts yet. If you own accounts, ask your Bellwether admin to map your Slack id in the team list.`
          : `*${escapeMrkdwn(summary.label)}* — ${s.accounts} account${s.accounts === 1 ? '' : 's'}, ${money(s.totalArr)} ARR\n` +
              `Thriving ${s.byTier.Thriving} · Healthy ${s.byTier.Healthy} · Neutral ${s.byTier.Neutral} · At-Risk ${s.byTier['At-Risk']} · Critical ${s.byTier.Critical}` +
              `${s.byTier.Unscored ? ` · unscored ${s.byTier.Unscored}` : ''}\nAt-risk ARR ${money(s.atRiskArr)}${share} · open alerts ${s.openAlerts}`,
      ),
    });
  }
  const text = `${note ? `${note} ` : ''}Bellwether: /health ${HEALTH_USAGE}`;
  return { text, blocks };
}
