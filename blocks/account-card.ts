import { escapeMrkdwn, truncate } from '../src/lib/mrkdwn';
import { SHARED_CARD_DEFAULTS, type SharedCardFields } from '../src/domain/shared-card';
import { COMPONENTS, type ComponentId } from '../src/domain/tier';
import { ActionIds } from './action-ids';
import { money, mrkdwn, pct, plain, relativeDays, signed, slackDate, sparkline, tierEmoji, trendArrow, who } from './format';
import { nextStep } from './next-step';
import { tierChurnStatement } from './trust';
import type { Block, Button, Overflow } from './types';
import type { AccountCardView, ComponentView } from './view-models/card';

export interface AccountCardOptions {
  /** Public copy for a channel: no buttons, no @-mention of the owner (a shared card must not ping). */
  shared?: boolean;
  /** Which fields a shared copy shows (the admin's slack.sharedCard); default: no money, names or quadrant. */
  fields?: SharedCardFields;
  /** Render the action buttons (default true unless shared). */
  includeActions?: boolean;
}

/** block_id of the card's buttons: a click from it is on a card, whose copy the listener re-renders. */
export const CARD_ACTIONS_BLOCK = 'card_actions';

const RENEWAL_LABEL: Record<string, string> = {
  pending: 'pending',
  in_negotiation: 'in negotiation',
  committed: 'committed',
  at_risk: 'at risk',
  renewed: 'renewed',
  churned: 'churned',
};

/** "also: Usage down 45%; No login for 20 days" — the group's other reasons, escaped and capped. */
function otherReasons(titles: string[] | undefined): string {
  if (!titles?.length) return '';
  const shown = titles.slice(0, 4).map((t) => escapeMrkdwn(truncate(t, 80)));
  return `\n_also: ${shown.join('; ')}${titles.length > 4 ? `; +${titles.length - 4} more` : ''}_`;
}

/** The account card (pure): score and trend, drivers, usage, tickets, money, owner, last touch, open alert. */
export function accountCardBlocks(view: AccountCardView, opts: AccountCardOptions = {}): { text: string; blocks: Block[] } {
  const { account: a, score: s } = view;
  const shared = opts.shared ?? false;
  const withActions = opts.includeActions ?? !shared;
  const policy = opts.fields ?? SHARED_CARD_DEFAULTS;
  /** the private card shows everything; a shared one only what the policy allows */
  const show = (field: keyof SharedCardFields) => !shared || policy[field];
  const blocks: Block[] = [];

  blocks.push({ type: 'header', block_id: 'card_header', text: plain(truncate(a.name, 150), false) });

  const trendText = (label: string, d: number | null) => (d === null ? `${label}: no history` : `${trendArrow(d)} ${signed(d)} in ${label}`);
  const why = s ? scoreBreakdown(s.components) : null;
  const history = s ? tierChurnStatement(s.tier, view.validation) : null;
  const headline = s
    ? `${tierEmoji(s.tier)} *Health ${Math.round(s.value)}* · *${s.tier}*${s.onboarding ? ' (onboarding)' : ''}\n${trendText('7d', view.trend.d7)} · ${trendText('30d', view.trend.d30)}${why ? `\n${why}` : ''}${history ? `\n_${history}_` : ''}\n*Next:* ${nextStep(s.tier, show('alert') ? view.openAlert : null)}`
    : ':white_circle: *Not scored yet* — run the scoring job to see health.';
  blocks.push({ type: 'section', block_id: 'card_score', text: mrkdwn(headline) });

  const owner = a.ownerSlackId && !shared ? `<@${a.ownerSlackId}>` : escapeMrkdwn(a.ownerName ?? a.ownerEmail ?? 'unassigned');
  const renewal = a.renewalDate
    ? `${a.renewalDate} (${relativeDays(view.daysToRenewal ?? 0)}) · ${RENEWAL_LABEL[a.renewalStatus] ?? escapeMrkdwn(a.renewalStatus)}`
    : 'no renewal date';
  // "call by @dana today"; a shared copy never mentions anyone
  const touchBy = view.lastTouch && !shared ? ` by ${who(view.lastTouch.loggedBy)}` : '';
  const touch = view.lastTouch
    ? `${view.lastTouch.type.toUpperCase() === 'QBR' ? 'QBR' : view.lastTouch.type}${touchBy} ${relativeDays(-daysAgo(view.today, view.lastTouch.occurredAt))}${view.lastTouch.outcome ? ` — ${escapeMrkdwn(truncate(view.lastTouch.outcome, 120))}` : ''}${view.lastTouch.nextStepOn ? `\nnext step ${view.lastTouch.nextStepOn}` : ''}`
    : 'none logged';
  // Outcome and next step are free text that names people: they follow the contacts policy.
  const touchShared = view.lastTouch
    ? `${view.lastTouch.type.toUpperCase() === 'QBR' ? 'QBR' : view.lastTouch.type} ${relativeDays(-daysAgo(view.today, view.lastTouch.occurredAt))}`
    : 'none logged';
  const tickets =
    view.tickets.open === 0
      ? 'none open'
      : `${view.tickets.open} open${view.tickets.highOpen ? ` · ${view.tickets.highOpen} high` : ''}${view.tickets.escalatedOpen ? ` · ${view.tickets.escalatedOpen} escalated` : ''}`;
  const expansionBits = [
    s && show('quadrant') ? `${s.quadrant} quadrant` : null,
    view.expansion.bookedArr90d > 0 && show('arr') ? `${money(view.expansion.bookedArr90d)} booked (90d)` : null,
    view.expansion.openSignals > 0 ? `${view.expansion.openSignals} open signal${view.expansion.openSignals > 1 ? 's' : ''}` : null,
  ].filter(Boolean);
  const segment = a.segment ? escapeMrkdwn(truncate(a.segment, 40)) : null;
  const facts = [
    show('arr') ? `*ARR*\n${money(a.arr)}${segment ? ` · ${segment}` : ''}` : segment ? `*Segment*\n${segment}` : null,
    show('renewal') ? `*Renewal*\n${renewal}` : null,
    show('contacts') ? `*Owner*\n${owner}` : null,
    `*Last touch*\n${show('contacts') ? touch : touchShared}`,
    show('support') ? `*Support*\n${tickets}` : null,
    `*Expansion*\n${expansionBits.length ? expansionBits.join(' · ') : 'nothing in flight'}`,
  ].filter((f): f is string => f !== null);
  blocks.push({ type: 'section', block_id: 'card_facts', fields: facts.map(mrkdwn) });

  const drivers = show('drivers') ? s : null;
  if (drivers?.drivers.length) {
    const lines = drivers.drivers.slice(0, 3).map((d) => `• *${escapeMrkdwn(truncate(d.reason, 300))}*\n   → ${escapeMrkdwn(truncate(d.action, 300))}`);
    blocks.push({ type: 'section', block_id: 'card_drivers', text: mrkdwn(`*Top risk drivers*\n${lines.join('\n')}`) });
  } else if (drivers) {
    blocks.push({ type: 'section', block_id: 'card_drivers', text: mrkdwn('*Top risk drivers*\nNone — nothing is pulling this score down.') });
  }

  if (show('usage')) blocks.push({ type: 'section', block_id: 'card_usage', text: mrkdwn(usageLine(view)) });

  const al = show('alert') ? view.openAlert : null;
  if (al) {
    const progress =
      al.stepsTotal !== null
        ? `playbook ${al.stepsDone}/${al.stepsTotal} steps`
        : al.playbookId
          ? `playbook: ${al.stepsDone} step${al.stepsDone === 1 ? '' : 's'} done`
          : null;
    const state =
      al.status === 'acknowledged'
        ? `acknowledged${al.acknowledgedBy && !shared ? ` by ${who(al.acknowledgedBy)}` : ''}`
        : al.status === 'snoozed'
          ? `snoozed${al.snoozedUntil ? ` until ${slackDate(al.snoozedUntil)}` : ''}`
          : 'open';
    const sla = al.slaDueAt && al.status === 'open' ? `SLA due ${slackDate(al.slaDueAt)}` : null;
    const bits = [`${al.severity}`, state, progress, sla].filter(Boolean).join(' · ');
    blocks.push({
      type: 'section',
      block_id: 'card_alert',
      text: mrkdwn(truncate(`:rotating_light: *Open alert:* ${escapeMrkdwn(truncate(al.title, 300))}${otherReasons(al.otherReasons)}\n${bits}`, 3000)),
    });
  }

  const ctx = [s ? `Score as of ${s.asOf} · data coverage ${pct(s.coverage)}` : `As of ${view.today}`, `\`${escapeMrkdwn(a.id)}\``];
  if (view.staleData?.length) ctx.push(`:warning: ${view.staleData.map((w) => escapeMrkdwn(w)).join('; ')}`);
  if (shared) ctx.push('shared from Bellwether');
  blocks.push({ type: 'context', block_id: 'card_context', elements: [mrkdwn(ctx.join(' · '))] });

  if (withActions && !shared) {
    const elements: (Button | Overflow)[] = [
      { type: 'button', action_id: ActionIds.shareCard, text: plain('Share in channel'), value: a.id },
      { type: 'button', action_id: ActionIds.logOutreach, text: plain('Log outreach'), value: a.id, style: 'primary' },
      { type: 'button', action_id: ActionIds.followAccount, text: plain('Follow / unfollow'), value: a.id },
    ];
    if (al && al.status !== 'acknowledged') {
      elements.push({ type: 'button', action_id: ActionIds.acknowledge, text: plain('Acknowledge'), value: String(al.id) });
    }
    // Snooze asks why (and caps a critical group at 7 days) in a modal, as on the alert message.
    if (al) elements.push({ type: 'button', action_id: ActionIds.snoozeWithReason, text: plain('Snooze…'), value: String(al.id) });
    blocks.push({ type: 'actions', block_id: CARD_ACTIONS_BLOCK, elements });
  }

  return { text: cardFallbackText(view, shared ? policy : undefined), blocks };
}

/**
 * Why the score is what it is: each component's points out of the most it could add (its weight after
 * re-weighting for missing data). The points add up to the score. Null for rows stored without components.
 */
export function scoreBreakdown(components: Partial<Record<ComponentId, ComponentView>> | null | undefined): string | null {
  if (!components) return null;
  const bits: string[] = [];
  for (const c of COMPONENTS) {
    const r = components[c];
    if (!r) continue;
    bits.push(r.score == null ? `${c} no data` : `${c} ${fmtPoints(r.contribution)}/${fmtPoints(r.effectiveWeight)}`);
  }
  return bits.length ? `_Points by component:_ ${bits.join(' · ')}` : null;
}

const fmtPoints = (x: number): string => (Number.isInteger(x) ? String(x) : x.toFixed(1));

function daysAgo(today: string, iso: string): number {
  return Math.max(0, Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${iso.slice(0, 10)}T00:00:00Z`)) / 86_400_000));
}

function usageLine(view: AccountCardView): string {
  const weeks = view.usage;
  const withData = weeks.filter((w) => w.days > 0);
  if (!withData.length) return '*Usage, last 90 days*\nNo usage data in the last 90 days.';
  const events = weeks.map((w) => w.keyEvents);
  const first = withData[0];
  const last = withData[withData.length - 1];
  const change = first.keyEvents > 0 ? Math.round(((last.keyEvents - first.keyEvents) / first.keyEvents) * 100) : null;
  const peakUsers = Math.max(...weeks.map((w) => w.activeUsers));
  const seats = view.account.seatsLicensed ? ` of ${view.account.seatsLicensed} seats` : '';
  // A source without active users (NULL, not 0) says nothing about them rather than "0 active users".
  const users = withData.some((w) => w.activeUsersKnown !== false) ? ` · peak ${peakUsers} active users${seats} · last week ${last.activeUsers}` : '';
  return `*Usage, last 90 days* (weekly key events)\n\`${sparkline(events)}\` ${first.keyEvents} → ${last.keyEvents}${change === null ? '' : ` (${change >= 0 ? '+' : '−'}${Math.abs(change)}%)`}${users}`;
}

/** Plain-text fallback (notifications, screen readers). Escaped: Slack parses it as mrkdwn too. */
export function cardFallbackText(view: AccountCardView, policy?: SharedCardFields): string {
  const a = view.account;
  const s = view.score;
  const show = (field: keyof SharedCardFields) => !policy || policy[field];
  const parts = [
    s
      ? `${a.name}: health ${Math.round(s.value)} (${s.tier})${view.trend.d7 !== null ? `, ${signed(view.trend.d7)} in 7 days` : ''}`
      : `${a.name}: not scored yet`,
    show('arr') ? `ARR ${money(a.arr)}` : null,
    a.renewalDate && show('renewal') ? `renews ${a.renewalDate}` : null,
    s?.drivers[0] && show('drivers') ? `top driver: ${s.drivers[0].reason}` : null,
    view.openAlert && show('alert') ? `open alert: ${view.openAlert.title}` : null,
  ].filter(Boolean);
  return escapeMrkdwn(truncate(parts.join(' · '), 3000));
}
