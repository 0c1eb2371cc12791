/**
 * Turning alert state into Slack writes — all through the outbox (enqueue), never a direct call:
 * a new copy per recipient (post as the copy's message key), a re-render of every existing copy (update the key),
 * thread replies (reply in the key's thread). Delivery owns where each message is; notify never sees a ts.
 * Runs inside the caller's transaction, so a transition and its messages commit together or not at all.
 */
import type { Db } from '../../db';
import { alertMessage } from '../../blocks/alert-message';
import type { AppConfig } from '../config/schema';
import { messageStates, postAs, replyInThread, updateMessage } from '../delivery/store/messages';
import type { Recipient } from './chain';
import { levelOf } from './chain';
import { isSlackUserId, memberTimeZone } from '../team/slack-user';
import { planDeliveries, planReplies } from '../attention/plan';
import { addCopy, copiesOf, copyRecipients } from './message-keys';
import type { AlertRecord } from './store';
import { loadAlertMessageView } from './view';

export const ALERT_EVENT_TYPE = 'bellwether_alert';

export interface NotifyContext {
  config: AppConfig;
  now: Date;
  /** a person's click caused this: its Slack writes go ahead of any delivery backlog */
  interactive?: boolean;
  /** what the notify calls made under this context queued (the caller reads it instead of counting outbox rows) */
  counts?: NotifyCounts;
}

/** Slack writes notify queued: new messages, updates of existing ones, thread replies. */
export interface NotifyCounts {
  posts: number;
  updates: number;
  replies: number;
}

export const noNotifyCounts = (): NotifyCounts => ({ posts: 0, updates: 0, replies: 0 });

/** The context's tally (a throwaway one when the caller does not count). */
const tally = (ctx: NotifyContext): NotifyCounts => ctx.counts ?? noNotifyCounts();

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
 * Each copy is a delivery message key (one per alert + recipient): asking again never makes a second message.
 */
export function postCopies(db: Db, alert: AlertRecord, recipients: Recipient[], ctx: NotifyContext, purpose: 'open' | 'escalation' = 'open'): Recipient[] {
  const added: Recipient[] = [];
  let payload: ReturnType<typeof render> | undefined; // rendered only once someone new is addressed
  // The attention budget decides per person (the one place followers and away delegates join the group's
  // recipients): send now, at their working morning, or hold for their summary. People with a copy are skipped.
  const has = copyRecipients(db, alert.id);
  const plan = planDeliveries(db, { id: alert.id, accountId: alert.accountId, severity: alert.severity, purpose }, recipients, ctx, has);
  for (const { recipient: r, availableAt } of plan) {
    const key = addCopy(db, alert.id, r.id, r.role, levelOf(alert.chain, r.id), ctx.now);
    if (!key) continue;
    payload ??= render(db, alert.id, ctx);
    const extra = { unfurl_links: false, metadata: { event_type: ALERT_EVENT_TYPE, event_payload: { alert_id: alert.id } } };
    if (postAs(db, key, r.id, { ...payload, extra }, { alertId: alert.id, availableAt }, ctx.now)) tally(ctx).posts += 1;
    added.push(r);
  }
  return added;
}

/** The alert's copies that reached (or are on their way to) Slack: a copy whose post failed has nothing to update. */
function liveCopies(db: Db, alertId: number) {
  const list = copiesOf(db, alertId);
  const states = messageStates(
    db,
    list.map((c) => c.messageKey),
  );
  return list.filter((c) => {
    const s = states.get(c.messageKey);
    return s !== undefined && s !== 'none' && s !== 'failed';
  });
}

/**
 * Re-render every copy of an alert after a change. Delivery puts the new content into a post still waiting to go
 * out, or queues an update of the sent (or in-flight) message. Returns the updates queued.
 */
export function rerenderCopies(db: Db, alert: AlertRecord, ctx: NotifyContext): number {
  const list = liveCopies(db, alert.id);
  if (!list.length) return 0;
  const payload = render(db, alert.id, ctx);
  let n = 0;
  for (const c of list) {
    const r = updateMessage(db, c.messageKey, payload, `v${alert.version}`, { alertId: alert.id, priority: priorityOf(ctx) }, ctx.now);
    if (r === 'queued') n += 1;
  }
  tally(ctx).updates += n;
  return n;
}

/**
 * A short threaded reply under each existing copy (e.g. "severity raised"): it notifies, the card stays one message.
 * Replies obey the attention budget like first notices (working hours, daily cap, personal settings): a held reply
 * leaves the group to the person's summary (its card is re-rendered in place anyway).
 */
export function replyToCopies(db: Db, alert: AlertRecord, text: string, key: string, ctx: NotifyContext): number {
  let n = 0;
  const list = liveCopies(db, alert.id);
  const byId = new Map(list.map((c) => [c.recipient, c]));
  const people = list.map((c) => ({
    role: 'owner' as const,
    id: c.recipient,
    tz: alert.chain.levels.flat().find((x) => x.id === c.recipient)?.tz ?? memberTimeZone(db, c.recipient),
  }));
  for (const { recipient: r, availableAt } of planReplies(db, { id: alert.id, accountId: alert.accountId, severity: alert.severity }, people, ctx)) {
    const c = byId.get(r.id)!;
    if (replyInThread(db, c.messageKey, key, { text }, { alertId: alert.id, availableAt }, ctx.now)) n += 1;
  }
  tally(ctx).replies += n;
  return n;
}

/** A copy's holder outside the chain (a follower, a delegate): their own time zone. */
