/** Weekly DM to one CSM about their own book (pure: Book in, Block Kit JSON out). */
import { escapeMrkdwn, truncate } from '../src/lib/mrkdwn';
import { type Block, context, divider, fields, header, linesSection, safeName, section, staleContext } from './digest-parts';
import { slackDate, tierEmoji } from './format';
import type { DigestMessage } from './digest-leadership';
import { change, money, shortDate } from './digest-format';
import type { CsmBookView as Book, OpenAlertLineView as OpenAlertLine } from './view-models/digest';

const SEVERITY_EMOJI: Record<string, string> = {
  critical: ':red_circle:',
  high: ':large_orange_circle:',
  medium: ':large_yellow_circle:',
  low: ':white_circle:',
};

function slaText(a: OpenAlertLine): string {
  switch (a.slaState) {
    case 'acknowledged':
      return 'acknowledged';
    case 'overdue':
      return `*SLA overdue* (was due ${slackDate(a.slaDueAt!)})`;
    case 'due':
      return `ack due ${slackDate(a.slaDueAt!)}`;
    default:
      return 'no SLA';
  }
}

function alertLine(a: OpenAlertLine): string {
  const steps =
    a.overdueSteps === null
      ? ''
      : a.overdueSteps.length
        ? ` · ${a.overdueSteps.length} overdue step${a.overdueSteps.length === 1 ? '' : 's'}: ${a.overdueSteps
            .slice(0, 3)
            .map((s) => escapeMrkdwn(truncate(s.title, 50)))
            .join('; ')}`
        : ` · steps ${a.stepsDone}/${a.stepsTotal} done, none overdue`;
  const more = a.otherReasons?.length ? ` (+${a.otherReasons.length} more reason${a.otherReasons.length === 1 ? '' : 's'})` : '';
  return `${SEVERITY_EMOJI[a.severity] ?? ''} *${safeName(a.accountName, 40)}* — ${escapeMrkdwn(truncate(a.title, 80))}${more} · ${slaText(a)}${a.status === 'snoozed' ? ' · snoozed' : ''}${steps}`;
}

/** Said once, instead of listing the whole book as untouched, while nobody has logged outreach on it. */
export const NO_OUTREACH_YET =
  '_No outreach logged yet: use *Log outreach* on a card (open one with `/health` and the account name) and this section will list the accounts going quiet._';

export function buildCsmDigest(book: Book, opts: { week: string; dataWarnings?: string[] }): DigestMessage {
  const noOutreachYet = book.accounts > 0 && book.touchedEver === 0;
  const atRisk = { value: book.atRiskArr, previous: book.atRiskPrevious, change: book.atRiskArr - book.atRiskPrevious };
  const tierLine = book.tiers.map((t) => `${tierEmoji(t.tier)} ${t.tier} ${t.count}`).join('  ');
  const mover = (x: Book['movers']['drops'][number]) =>
    `• *${safeName(x.name, 40)}* ${x.from.toFixed(0)} → ${x.to.toFixed(0)} (${x.change > 0 ? '▲' : '▼'} ${Math.abs(x.change).toFixed(0)}) · ${money(x.arr)}`;
  const blocks: Block[] = [
    header(`Your book — week ${opts.week}`),
    context(`${escapeMrkdwn(book.member.name)} · as of ${book.asOf}`),
    ...staleContext(opts.dataWarnings),
    fields([
      `*Accounts*\n${book.accounts}${book.unscored ? ` (${book.unscored} unscored)` : ''}`,
      `*ARR*\n${money(book.totalArr)}`,
      `*At-risk ARR*\n${money(book.atRiskArr)}  ${change(atRisk, 'money')}`,
      `*Open alerts*\n${book.openAlerts.length} (${book.openAlerts.filter((a) => a.slaState === 'overdue').length} past SLA)`,
    ]),
    context(tierLine),
    divider,
    linesSection(
      '*Biggest movers (7 days)*',
      [
        ...(book.movers.drops.length ? ['_Largest drops_', ...book.movers.drops.map(mover)] : []),
        ...(book.movers.gains.length ? ['_Largest gains_', ...book.movers.gains.map(mover)] : []),
      ],
      'No score changes to report.',
    ),
    linesSection('*Open alerts*', book.openAlerts.map(alertLine), 'No open alerts. :tada:'),
  ];
  if (!book.playbooksKnown && book.openAlerts.length) blocks.push(context('Overdue playbook steps are not shown: playbooks were not loaded.'));
  blocks.push(
    linesSection(
      `*Renewals in the next ${book.renewalDays} days* (${book.renewals.length}, ${money(book.renewals.reduce((t, r) => t + r.arr, 0))}; at risk first)`,
      // At-risk renewals first, then by date: the ones that need work this week lead.
      [...book.renewals.filter((r) => r.atRisk), ...book.renewals.filter((r) => !r.atRisk)].map(
        (r) =>
          `• ${r.atRisk ? ':warning: ' : ''}*${safeName(r.name, 40)}* ${shortDate(r.renewalDate!)} · ${money(r.arr)} · ${r.tier ? `${tierEmoji(r.tier)} ${r.tier}` : 'unscored'}`,
      ),
      'No renewals coming up.',
      15,
    ),
    noOutreachYet
      ? section(`*No touch in ${book.noTouchDays} days*\n${NO_OUTREACH_YET}`)
      : linesSection(
          `*No touch in ${book.noTouchDays} days* (${book.noTouch.length})`,
          book.noTouch.map(
            (a) => `• *${safeName(a.name, 40)}* · ${money(a.arr)} · ${a.lastTouch ? `last touch ${shortDate(a.lastTouch.slice(0, 10))}` : 'never touched'}`,
          ),
          'Every account was touched recently.',
          15,
        ),
  );
  const text = [
    `Your book — week ${opts.week}: ${book.accounts} accounts, ${money(book.totalArr)} ARR, ${money(book.atRiskArr)} at risk (${change(atRisk, 'money')}).`,
    `${book.openAlerts.length} open alerts, ${book.renewals.length} renewals in ${book.renewalDays} days, ${noOutreachYet ? 'no outreach logged yet' : `${book.noTouch.length} accounts with no touch in ${book.noTouchDays} days`}.`,
  ].join('\n');
  return { text, blocks };
}
