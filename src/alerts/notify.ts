/**
 * Turning alert state into Slack writes — all through the outbox (enqueue), never a direct call:
 * a new copy per recipient (chat.postMessage), a re-render of every existing copy (chat.update), thread replies.
 * Runs inside the caller's transaction, so a transition and its messages commit together or not at all.
 */
import type { Db } from '../../db';
import { alertMessage } from '../../blocks/alert-message';
import { stmt } from '../accounts/statements';
import type { AppConfig } from '../config/schema';
import { enqueue } from '../delivery/enqueue';
import type { Recipient } from './chain';
import { levelOf } from './chain';
import { isSlackUserId, memberTimeZone } from '../team/slack-user';
import { planDeliveries, planReplies } from '../attention/plan';
import type { AlertRecord } from './store';
import { loadAlertMessageView } from './view';

export const ALERT_EVENT_TYPE = 'bellwether_alert';

export interface NotifyContext {
  config: AppConfig;
  now: Date;
  /** a person's click caused this: its Slack writes go ahead of any delivery backlog */
  interactive?: boolean;
}

/** Outbox priority for writes made in this context. */
export const INTERACTIVE_PRIORITY = 1;
const priorityOf = (ctx: NotifyContext) => (ctx.interactive ? INTERACTIVE_PRIORITY : 0);

/** A direct message to a person (not a channel post). */
export const isDm = isSlackUserId;

function render(db: Db, alertId: number, ctx: NotifyContext) {
  const view = loadAlertMessageView(db, alertId, ctx.now, ctx.config.alerts.inhibit, ctx.config.scoring);
  if (!view) throw new Error(`alert ${alertId} not found`);
  return alertMessage(view);
}

/**
 * Post the alert to recipients that have no copy yet. Returns the recipients newly addressed.
 * alert_messages (unique per alert + recipient) plus the outbox idempotency key make this safe to repeat.
 */
export function postCopies(db: Db, alert: AlertRecord, recipients: Recipient[], ctx: NotifyContext, purpose: 'open' | 'escalation' = 'open'): Recipient[] {
  const added: Recipient[] = [];
  let payload: ReturnType<typeof render> | undefined; // rendered only once someone new is addressed
  // The attention budget decides per person (the one place followers and away delegates join the group's
  // recipients): send now, at their working morning, or hold for their summary. People with a copy are skipped.
  const has = new Set(copies(db, alert.id).map((c) => c.recipient));
  const plan = planDeliveries(db, { id: alert.id, accountId: alert.accountId, severity: alert.severity, purpose }, recipients, ctx, has);
  for (const { recipient: r, availableAt } of plan) {
    const ins = stmt(
      db,
      `insert into alert_messages (alert_id, recipient, role, level, created_at) values (?, ?, ?, ?, ?)
       on conflict (alert_id, recipient) do nothing returning id`,
    ).get(alert.id, r.id, r.role, levelOf(alert.chain, r.id), ctx.now.toISOString()) as { id: number } | undefined;
    if (!ins) continue;
    payload ??= render(db, alert.id, ctx);
    const { id: outboxId } = enqueue(
      db,
      {
        idempotencyKey: `alert:${alert.id}:post:${r.id}`,
        method: 'chat.postMessage',
        args: {
          channel: r.id,
          text: payload.text,
          blocks: payload.blocks,
          unfurl_links: false,
          metadata: { event_type: ALERT_EVENT_TYPE, event_payload: { alert_id: alert.id } },
        },
        channel: r.id,
        alertId: alert.id,
        availableAt: availableAt.toISOString(),
      },
      ctx.now,
    );
    stmt(db, 'update alert_messages set outbox_id = ? where id = ?').run(outboxId, ins.id);
    added.push(r);
  }
  return added;
}

interface CopyRow {
  id: number;
  recipient: string;
  outbox_id: number | null;
  post_status: string | null;
}

function copies(db: Db, alertId: number): CopyRow[] {
  return stmt(
    db,
    `select m.id, m.recipient, m.outbox_id, o.status post_status
       from alert_messages m left join outbox o on o.id = m.outbox_id where m.alert_id = ? order by m.id`,
  ).all(alertId) as CopyRow[];
}

/**
 * Re-render every copy of an alert after a change. A copy still waiting in the outbox gets the new content in place;
 * a sent (or in-flight) copy gets a chat.update whose channel/ts the worker fills in from alert_messages when sending.
 */
export function rerenderCopies(db: Db, alert: AlertRecord, ctx: NotifyContext): number {
  const list = copies(db, alert.id);
  if (!list.length) return 0;
  const payload = render(db, alert.id, ctx);
  let n = 0;
  for (const c of list) {
    if (c.post_status === 'failed' || c.outbox_id === null) continue;
    if (c.post_status === 'pending') {
      const replaced = stmt(
        db,
        `update outbox set args = json_set(args, '$.text', ?, '$.blocks', json(?)) where id = ? and status = 'pending' and unsure = 0`,
      ).run(payload.text, JSON.stringify(payload.blocks), c.outbox_id);
      // The row may have been claimed between the read and the write, or an earlier attempt may already have
      // posted the old content (unsure): fall through to an update if so.
      if (replaced.changes === 1) continue;
    }
    enqueue(
      db,
      {
        idempotencyKey: `alert:${alert.id}:update:${c.recipient}:v${alert.version}`,
        method: 'chat.update',
        args: { channel: c.recipient, _resolve: { alert_message_id: c.id, as: 'ts' }, text: payload.text, blocks: payload.blocks },
        channel: c.recipient,
        alertId: alert.id,
        priority: priorityOf(ctx),
      },
      ctx.now,
    );
    n += 1;
  }
  return n;
}

/**
 * A short threaded reply under each existing copy (e.g. "severity raised"): it notifies, the card stays one message.
 * Replies obey the attention budget like first notices (working hours, daily cap, personal settings): a held reply
 * leaves the group to the person's summary (its card is re-rendered in place anyway).
 */
export function replyToCopies(db: Db, alert: AlertRecord, text: string, key: string, ctx: NotifyContext): number {
  let n = 0;
  const list = copies(db, alert.id).filter((c) => c.post_status !== 'failed' && c.outbox_id !== null);
  const byId = new Map(list.map((c) => [c.recipient, c]));
  const people = list.map((c) => ({ role: 'owner' as const, id: c.recipient, tz: alert.chain.levels.flat().find((x) => x.id === c.recipient)?.tz ?? memberTimeZone(db, c.recipient) }));
  for (const { recipient: r, availableAt } of planReplies(db, { id: alert.id, accountId: alert.accountId, severity: alert.severity }, people, ctx)) {
    const c = byId.get(r.id)!;
    enqueue(
      db,
      {
        idempotencyKey: `alert:${alert.id}:reply:${key}:${c.recipient}`,
        method: 'chat.postMessage',
        args: { channel: c.recipient, _resolve: { alert_message_id: c.id, as: 'thread_ts' }, text },
        channel: c.recipient,
        alertId: alert.id,
        availableAt: availableAt.toISOString(),
      },
      ctx.now,
    );
    n += 1;
  }
  return n;
}

/** A copy's holder outside the chain (a follower, a delegate): their own time zone. */
