import type { AccountCardView } from '../src/accounts/card-view';
import { escapeMrkdwn, truncate } from '../src/lib/mrkdwn';
import { TIER_ACTIONS } from '../src/scoring/tiers';
import { COMPONENTS, type Components } from '../src/scoring/types';
import { ActionIds, snoozeOptions } from './action-ids';
import { tierChurnStatement } from './trust';
import { money, mrkdwn, pct, plain, relativeDays, signed, sparkline, tierEmoji, trendArrow, who } from './format';
import type { Block, Button, Overflow } from './types';

export interface AccountCardOptions {
  /** Public copy for a channel: no buttons, no @-mention of the owner (a shared card must not ping). */
  shared?: boolean;
  /** Render the action buttons (default true unless shared). */
  includeActions?: boolean;
}

const RENEWAL_LABEL: Record<string, string> = {
  pending: 'pending',
  in_negotiation: 'in negotiation',
  committed: 'committed',
  at_risk: 'at risk',
  renewed: 'renewed',
  churned: 'churned',
};


/** The account card (pure): score and trend, drivers, usage, tickets, money, owner, last touch, open alert. */
export function accountCardBlocks(view: AccountCardView, opts: AccountCardOptions = {}): { text: string; blocks: Block[] } {
  const { account: a, score: s } = view;
  const shared = opts.shared ?? false;
  const withActions = opts.includeActions ?? !shared;
  const name = escapeMrkdwn(a.name);
  const blocks: Block[] = [];

  blocks.push({ type: 'header', block_id: 'card_header', text: plain(truncate(a.name, 150), false) });

  const trendText = (label: string, d: number | null) => (d === null ? `${label}: no history` : `${trendArrow(d)} ${signed(d)} in ${label}`);
  const why = s ? scoreBreakdown(s.components) : null;
  const history = s ? tierChurnStatement(s.tier, view.validation) : null;
  const headline = s
    ? `${tierEmoji(s.tier)} *Health ${Math.round(s.value)}* · *${s.tier}*${s.onboarding ? ' (onboarding)' : ''}\n${trendText('7d', view.trend.d7)} · ${trendText('30d', view.trend.d30)}${why ? `\n${why}` : ''}${history ? `\n_${history}_` : ''}\n*Next:* ${TIER_ACTIONS[s.tier]}`
    : ':white_circle: *Not scored yet* — run the scoring job to see health.';
  blocks.push({ type: 'section', block_id: 'card_score', text: mrkdwn(headline) });

  const owner = a.ownerSlackId && !shared ? `<@${a.ownerSlackId}>` : escapeMrkdwn(a.ownerName ?? a.ownerEmail ?? 'unassigned');
  const renewal = a.renewalDate
    ? `${a.renewalDate} (${relativeDays(view.daysToRenewal ?? 0)}) · ${RENEWAL_LABEL[a.renewalStatus] ?? escapeMrkdwn(a.renewalStatus)}`
    : 'no renewal date';
  const touch = view.lastTouch
    ? `${view.lastTouch.type.toUpperCase() === 'QBR' ? 'QBR' : view.lastTouch.type} ${relativeDays(-daysAgo(view.today, view.lastTouch.occurredAt))}${view.lastTouch.outcome ? ` — ${escapeMrkdwn(truncate(view.lastTouch.outcome, 120))}` : ''}${view.lastTouch.nextStepOn ? `\nnext step ${view.lastTouch.nextStepOn}` : ''}`
    : 'none logged';
  const tickets = view.tickets.open === 0 ? 'none open' : `${view.tickets.open} open${view.tickets.highOpen ? ` · ${view.tickets.highOpen} high` : ''}${view.tickets.escalatedOpen ? ` · ${view.tickets.escalatedOpen} escalated` : ''}`;
  const expansionBits = [
    s ? `${s.quadrant} quadrant` : null,
    view.expansion.bookedArr90d > 0 ? `${money(view.expansion.bookedArr90d)} booked (90d)` : null,
    view.expansion.openSignals > 0 ? `${view.expansion.openSignals} open signal${view.expansion.openSignals > 1 ? 's' : ''}` : null,
  ].filter(Boolean);
  blocks.push({
    type: 'section',
    block_id: 'card_facts',
    fields: [
      mrkdwn(`*ARR*\n${money(a.arr)}${a.segment ? ` · ${escapeMrkdwn(truncate(a.segment, 40))}` : ''}`),
      mrkdwn(`*Renewal*\n${renewal}`),
      mrkdwn(`*Owner*\n${owner}`),
      mrkdwn(`*Last touch*\n${touch}`),
      mrkdwn(`*Support*\n${tickets}`),
      mrkdwn(`*Expansion*\n${expansionBits.length ? expansionBits.join(' · ') : 'nothing in flight'}`),
    ],
  });

  if (s && s.drivers.length) {
    const lines = s.drivers.slice(0, 3).map((d) => `• *${escapeMrkdwn(truncate(d.reason, 300))}*\n   → ${escapeMrkdwn(truncate(d.action, 300))}`);
    blocks.push({ type: 'section', block_id: 'card_drivers', text: mrkdwn(`*Top risk drivers*\n${lines.join('\n')}`) });
  } else if (s) {
    blocks.push({ type: 'section', block_id: 'card_drivers', text: mrkdwn('*Top risk drivers*\nNone — nothing is pulling this score down.') });
  }

  blocks.push({ type: 'section', block_id: 'card_usage', text: mrkdwn(usageLine(view)) });

  const al = view.openAlert;
  if (al) {
    const progress = al.stepsTotal !== null ? `playbook ${al.stepsDone}/${al.stepsTotal} steps` : al.playbookId ? `playbook: ${al.stepsDone} step${al.stepsDone === 1 ? '' : 's'} done` : null;
    const state =
      al.status === 'acknowledged'
        ? `acknowledged${al.acknowledgedBy && !shared ? ` by ${who(al.acknowledgedBy)}` : ''}`
        : al.status === 'snoozed'
          ? `snoozed${al.snoozedUntil ? ` until ${al.snoozedUntil.slice(0, 10)}` : ''}`
          : 'open';
    const sla = al.slaDueAt && al.status === 'open' ? `SLA due ${al.slaDueAt.slice(0, 16).replace('T', ' ')} UTC` : null;
    const bits = [`${al.severity}`, state, progress, sla].filter(Boolean).join(' · ');
    blocks.push({
      type: 'section',
      block_id: 'card_alert',
      text: mrkdwn(`:rotating_light: *Open alert:* ${escapeMrkdwn(truncate(al.title, 300))}\n${bits}`),
    });
  }

  const ctx = [s ? `Score as of ${s.asOf} · data coverage ${pct(s.coverage)}` : `As of ${view.today}`, `\`${escapeMrkdwn(a.id)}\``];
  if (shared) ctx.push('shared from Bellwether');
  blocks.push({ type: 'context', block_id: 'card_context', elements: [mrkdwn(ctx.join(' · '))] });

  if (withActions && !shared) {
    const elements: (Button | Overflow)[] = [
      { type: 'button', action_id: ActionIds.shareCard, text: plain('Share in channel'), value: a.id },
      { type: 'button', action_id: ActionIds.logOutreach, text: plain('Log outreach'), value: a.id, style: 'primary' },
    ];
    if (al && al.status !== 'acknowledged') {
      elements.push({ type: 'button', action_id: ActionIds.acknowledge, text: plain('Acknowledge'), value: String(al.id) });
    }
    if (al) {
      elements.push({
        type: 'overflow',
        action_id: ActionIds.snooze,
        options: snoozeOptions(al.id),
      });
    }
    blocks.push({ type: 'actions', block_id: 'card_actions', elements });
  }

  return { text: cardFallbackText(view), blocks };
}

/**
 * Why the score is what it is: each component's points out of the most it could add (its weight after
 * re-weighting for missing data). The points add up to the score. Null for rows stored without components.
 */
export function scoreBreakdown(components: Partial<Components> | null | undefined): string | null {
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
  return `*Usage, last 90 days* (weekly key events)\n\`${sparkline(events)}\` ${first.keyEvents} → ${last.keyEvents}${change === null ? '' : ` (${change >= 0 ? '+' : '−'}${Math.abs(change)}%)`} · peak ${peakUsers} active users${seats} · last week ${last.activeUsers}`;
}

/** Plain-text fallback (notifications, screen readers). Escaped: Slack parses it as mrkdwn too. */
export function cardFallbackText(view: AccountCardView): string {
  const a = view.account;
  const s = view.score;
  const parts = [
    s ? `${a.name}: health ${Math.round(s.value)} (${s.tier})${view.trend.d7 !== null ? `, ${signed(view.trend.d7)} in 7 days` : ''}` : `${a.name}: not scored yet`,
    `ARR ${money(a.arr)}`,
    a.renewalDate ? `renews ${a.renewalDate}` : null,
    s?.drivers[0] ? `top driver: ${s.drivers[0].reason}` : null,
    view.openAlert ? `open alert: ${view.openAlert.title}` : null,
  ].filter(Boolean);
  return escapeMrkdwn(truncate(parts.join(' · '), 3000));
}
