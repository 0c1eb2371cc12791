/**
 * The alert message (pure): severity + what happened, live status (acknowledged by whom, snoozed, escalated, resolved),
 * the account card, the playbook as one-click checkboxes, and Acknowledge / Snooze / Log outreach.
 * Every copy of an alert (owner, manager, VP, channel) renders from the same view so they stay identical.
 */
import { escapeMrkdwn, truncate } from '../src/lib/mrkdwn';
import { accountCardBlocks } from './account-card';
import { ActionIds, actionIdPattern } from './action-ids';
import { mrkdwn, plain, severityEmoji, slackDate, who } from './format';
import type { Block, MessagePayload } from './types';
import type { AccountCardView } from './view-models/card';
import type { AlertSeverity, AlertStatus } from './view-models/common';

/** `alert.step:<alertId>:<stepId>` (unique per message, as Block Kit requires). */
export function stepActionId(alertId: number, stepId: string): string {
  return `${ActionIds.completeStep}:${alertId}:${stepId}`;
}

export function parseStepActionId(actionId: string): { alertId: number; stepId: string } | null {
  const m = actionIdPattern(ActionIds.completeStep, ':(\\d+):([a-z0-9_-]+)').exec(actionId);
  return m ? { alertId: Number(m[1]), stepId: m[2] } : null;
}

export interface AlertStepView {
  id: string;
  title: string;
  owner: string; // team role
  dueAt: string; // ISO
  done: { by: string; at: string } | null;
}

export interface AlertReasonView {
  rule: string;
  severity: AlertSeverity;
  title: string;
  reason: string;
  firstSeenAt: string;
  /** the rule whose firing mutes this one (inhibit rules): listed, never notifies on its own */
  inhibitedBy: string | null;
  /** no longer holds; waiting out keep_firing_for */
  clearing: boolean;
}

export interface AlertMessageView {
  id: number;
  accountId: string;
  accountName: string;
  severity: AlertSeverity;
  status: AlertStatus;
  positive: boolean;
  title: string;
  reason: string;
  openedAt: string;
  slaDueAt: string | null;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  snoozedUntil: string | null;
  /** who snoozed it and why (reason already a label), while snoozed */
  snooze?: { by: string; reason: string | null; note: string | null } | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  /** why a person resolved it (saved, false_positive, not_actionable, churned) and their note */
  resolution?: { reason: string; note: string | null } | null;
  escalations: { at: string; to: string[]; reason: string }[];
  /** the group's reasons, highest severity first (the first is the headline) */
  reasons: AlertReasonView[];
  playbook: { title: string; steps: AlertStepView[] } | null;
  /** the account card, when the account still exists */
  card: AccountCardView | null;
  now: string;
}

const ROLE_LABEL: Record<string, string> = { csm: 'CSM', manager: 'Manager', vp: 'VP', admin: 'Admin' };

const when = (iso: string, format = '{date_short_pretty} at {time}') => slackDate(iso, format);

function hoursLeft(fromIso: string, toIso: string): string {
  const ms = Date.parse(toIso) - Date.parse(fromIso);
  const h = Math.round(Math.abs(ms) / 3_600_000);
  const span = h >= 48 ? `${Math.round(h / 24)}d` : `${h}h`;
  return ms >= 0 ? `in ${span}` : `${span} overdue`;
}

export function statusLine(v: AlertMessageView): string {
  const bits: string[] = [];
  switch (v.status) {
    case 'resolved':
      bits.push(
        v.resolvedBy && v.resolvedBy !== 'system'
          ? `:white_check_mark: Resolved by ${who(v.resolvedBy)} ${when(v.resolvedAt ?? v.now)}${v.resolution ? ` · ${escapeMrkdwn(v.resolution.reason.replace(/_/g, ' '))}${v.resolution.note ? `: ${escapeMrkdwn(truncate(v.resolution.note, 300))}` : ''}` : ''}`
          : `:white_check_mark: Resolved automatically ${when(v.resolvedAt ?? v.now)} — the condition cleared`,
      );
      break;
    case 'acknowledged':
      bits.push(`:eyes: Acknowledged by ${who(v.acknowledgedBy ?? 'system')} at ${when(v.acknowledgedAt ?? v.now, '{time} on {date_short}')}`);
      break;
    case 'snoozed':
      bits.push(`:zzz: ${snoozeText(v)}`);
      break;
    default:
      bits.push(
        v.slaDueAt
          ? `:hourglass_flowing_sand: Open · acknowledge by ${when(v.slaDueAt)} (${hoursLeft(v.now, v.slaDueAt)})`
          : ':information_source: Open · for your digest, no SLA',
      );
  }
  for (const e of v.escalations) bits.push(`:arrow_double_up: Escalated to ${e.to.map(whoOrChannel).join(', ')} ${when(e.at)}: ${escapeMrkdwn(e.reason)}`);
  return bits.join('\n');
}

/** "Snoozed until <date> by @x: waiting on customer (note)": the same words on every copy and in the fallback text. */
function snoozeText(v: AlertMessageView): string {
  const s = v.snooze;
  const by = s && s.by !== 'system' ? ` by ${who(s.by)}` : '';
  const why = s?.reason ? `: ${escapeMrkdwn(s.reason)}${s.note ? ` (${escapeMrkdwn(truncate(s.note, 300))})` : ''}` : '';
  return `Snoozed until ${when(v.snoozedUntil ?? v.now, '{date_short_pretty}')}${by}${why}`;
}

function reasonLines(v: AlertMessageView): string {
  const lines = v.reasons.slice(0, 12).map((r) => {
    const notes = [`since ${when(r.firstSeenAt, '{date_short_pretty}')}`];
    if (r.inhibitedBy) notes.push(`muted while ${escapeMrkdwn(r.inhibitedBy)} fires`);
    if (r.clearing) notes.push('clearing');
    return `${severityEmoji(r.severity)} *${escapeMrkdwn(truncate(r.title, 150))}* · ${notes.join(' · ')}\n${escapeMrkdwn(truncate(r.reason, 200))}`;
  });
  if (v.reasons.length > 12) lines.push(`…and ${v.reasons.length - 12} more`);
  return `*${v.reasons.length} reasons*\n${lines.join('\n')}`;
}

function whoOrChannel(id: string): string {
  if (/^C[A-Z0-9]{2,}$/.test(id)) return `<#${id}>`;
  return who(id);
}

function stepBlock(v: AlertMessageView, s: AlertStepView, i: number): Block {
  const live = v.status !== 'resolved';
  const overdue = !s.done && live && Date.parse(s.dueAt) < Date.parse(v.now);
  const meta = `${ROLE_LABEL[s.owner] ?? escapeMrkdwn(s.owner)} · due ${when(s.dueAt, '{date_short_pretty}')}${overdue ? ' · :warning: overdue' : ''}`;
  const done = s.done ? `\n:white_check_mark: Done by ${who(s.done.by)} ${when(s.done.at)}` : '';
  const title = escapeMrkdwn(truncate(s.title, 300));
  const block: Block = {
    type: 'section',
    block_id: `alert_step_${i}`,
    text: mrkdwn(`${s.done ? `~${title}~` : `*${title}*`}\n${meta}${done}`),
  };
  if (live) {
    const option = { text: mrkdwn('Done'), value: `${v.id}:${s.id}` };
    block.accessory = {
      type: 'checkboxes',
      // alert id and step id travel in the action_id: an unticked box sends no selected option to read them from
      action_id: stepActionId(v.id, s.id),
      options: [option],
      ...(s.done ? { initial_options: [option] } : {}),
    };
  }
  return block;
}

export function alertFallbackText(v: AlertMessageView): string {
  const state =
    v.status === 'acknowledged'
      ? `acknowledged by ${who(v.acknowledgedBy ?? 'system')}`
      : v.status === 'resolved'
        ? 'resolved'
        : v.status === 'snoozed'
          ? `snoozed until ${(v.snoozedUntil ?? '').slice(0, 10)}`
          : 'open';
  const kind = v.positive ? 'Opportunity' : `${v.severity[0].toUpperCase()}${v.severity.slice(1)} alert`;
  const more = v.reasons.length > 1 ? ` (+${v.reasons.length - 1} more)` : '';
  return truncate(`${escapeMrkdwn(`${kind} for ${v.accountName}: ${v.title}`)}${more} (${state})`, 3000);
}

export function alertMessage(v: AlertMessageView): MessagePayload {
  const blocks: Block[] = [];
  const emoji = v.positive ? ':large_green_circle:' : severityEmoji(v.severity);
  const label = v.positive ? 'Opportunity' : v.severity.toUpperCase();
  blocks.push({ type: 'header', block_id: 'alert_header', text: plain(truncate(`${label} · ${v.accountName}`, 150)) });
  blocks.push({
    type: 'section',
    block_id: 'alert_what',
    text: mrkdwn(truncate(`${emoji} *${escapeMrkdwn(v.title)}*\n${escapeMrkdwn(v.reason)}`, 3000)),
  });
  if (v.reasons.length > 1) blocks.push({ type: 'section', block_id: 'alert_reasons', text: mrkdwn(truncate(reasonLines(v), 3000)) });
  blocks.push({ type: 'context', block_id: 'alert_status', elements: [mrkdwn(truncate(statusLine(v), 3000))] });

  if (v.card) {
    // The card without its own header and buttons: this message has both already.
    const card = accountCardBlocks(v.card, { includeActions: false }).blocks.filter((b) => b.block_id !== 'card_header' && b.block_id !== 'card_alert');
    blocks.push({ type: 'divider' }, ...card);
  }

  if (v.playbook) {
    const done = v.playbook.steps.filter((s) => s.done).length;
    blocks.push({ type: 'divider' });
    blocks.push({
      type: 'section',
      block_id: 'alert_playbook',
      text: mrkdwn(`:clipboard: *Playbook: ${escapeMrkdwn(truncate(v.playbook.title, 200))}* · ${done}/${v.playbook.steps.length} done`),
    });
    v.playbook.steps.slice(0, 12).forEach((s, i) => blocks.push(stepBlock(v, s, i)));
  }

  if (v.status !== 'resolved') {
    const elements: NonNullable<Extract<Block, { type: 'actions' }>['elements']> = [];
    if (v.status === 'open' || v.status === 'snoozed') {
      elements.push({ type: 'button', action_id: ActionIds.acknowledge, text: plain('Acknowledge'), value: String(v.id), style: 'primary' });
    } else if (v.status === 'acknowledged') {
      elements.push({ type: 'button', action_id: ActionIds.unacknowledge, text: plain('Unacknowledge'), value: String(v.id) });
    }
    elements.push({ type: 'button', action_id: ActionIds.resolve, text: plain('Resolve…'), value: String(v.id) });
    elements.push({ type: 'button', action_id: ActionIds.reassign, text: plain('Reassign…'), value: String(v.id) });
    elements.push({ type: 'button', action_id: ActionIds.snoozeWithReason, text: plain('Snooze…'), value: String(v.id) });
    elements.push({ type: 'button', action_id: ActionIds.logOutreach, text: plain('Log outreach'), value: v.accountId });
    blocks.push({ type: 'actions', block_id: 'alert_actions', elements });
  }
  return { text: alertFallbackText(v), blocks };
}
