/**
 * The attention tables' one owner: personal notification settings, follows, and the attention ledger
 * (every send-now / hold / later decision, which the daily cap and the daily summary read).
 */
import type { Db } from '../../db';
import type { AlertSeverity } from '../../db/schema';
import { stmt } from '../../db/statement-cache';

export const SEVERITIES: readonly AlertSeverity[] = ['critical', 'high', 'medium', 'low'];

export interface NotificationSettings {
  userId: string;
  /** severities that DM at once; the others wait for the daily summary */
  dmSeverities: AlertSeverity[];
  /** local HH:MM */
  summaryTime: string;
  /** YYYY-MM-DD inclusive (local), null = not away */
  awayUntil: string | null;
  delegateId: string | null;
}

/** Defaults for someone who never opened the settings: every severity DMs at once, summary at alerts.summaryTime. */
export function defaultSettings(userId: string, summaryTime: string): NotificationSettings {
  return { userId, dmSeverities: ['critical', 'high', 'medium'], summaryTime, awayUntil: null, delegateId: null };
}

export function getSettings(db: Db, userId: string, defaultSummaryTime: string): NotificationSettings {
  const r = stmt(db, 'select user_id, dm_severities, summary_time, away_until, delegate_id from notification_settings where user_id = ?').get(userId) as
    | { user_id: string; dm_severities: string; summary_time: string; away_until: string | null; delegate_id: string | null }
    | undefined;
  if (!r) return defaultSettings(userId, defaultSummaryTime);
  return {
    userId: r.user_id,
    dmSeverities: JSON.parse(r.dm_severities) as AlertSeverity[],
    summaryTime: r.summary_time,
    awayUntil: r.away_until,
    delegateId: r.delegate_id,
  };
}

export function saveSettings(db: Db, s: NotificationSettings, now: Date): void {
  stmt(
    db,
    `insert into notification_settings (user_id, dm_severities, summary_time, away_until, delegate_id, updated_at) values (?, ?, ?, ?, ?, ?)
     on conflict (user_id) do update set dm_severities = excluded.dm_severities, summary_time = excluded.summary_time,
       away_until = excluded.away_until, delegate_id = excluded.delegate_id, updated_at = excluded.updated_at`,
  ).run(s.userId, JSON.stringify(s.dmSeverities), s.summaryTime, s.awayUntil, s.delegateId, now.toISOString());
}

/** People with stored settings (the summary schedule also walks everyone with held items). */
export function awaySettings(db: Db, today: string): { userId: string; delegateId: string; awayUntil: string }[] {
  return stmt(
    db,
    `select user_id userId, delegate_id delegateId, away_until awayUntil from notification_settings
      where away_until is not null and away_until >= ? and delegate_id is not null`,
  ).all(today) as { userId: string; delegateId: string; awayUntil: string }[];
}

// ── follows ───────────────────────────────────────────────────────────────────

export type FollowKind = 'account' | 'segment';

export function follow(db: Db, follower: string, kind: FollowKind, target: string, now: Date): boolean {
  return (
    stmt(db, 'insert into follows (follower, kind, target, created_at) values (?, ?, ?, ?) on conflict do nothing').run(
      follower,
      kind,
      target,
      now.toISOString(),
    ).changes === 1
  );
}

export function unfollow(db: Db, follower: string, kind: FollowKind, target: string): boolean {
  return stmt(db, 'delete from follows where follower = ? and kind = ? and target = ?').run(follower, kind, target).changes === 1;
}

export function isFollowing(db: Db, follower: string, kind: FollowKind, target: string): boolean {
  return Boolean(stmt(db, 'select 1 from follows where follower = ? and kind = ? and target = ?').get(follower, kind, target));
}

/** Stored followers of an account, directly or through its segment. */
export function storedFollowers(db: Db, accountId: string, segment: string | null): string[] {
  return (
    stmt(db, `select distinct follower from follows where (kind = 'account' and target = ?) or (kind = 'segment' and target = ?) order by follower`).all(
      accountId,
      segment ?? '',
    ) as { follower: string }[]
  ).map((r) => r.follower);
}

// ── ledger ────────────────────────────────────────────────────────────────────

export type Decision = 'now' | 'later' | 'summary';

export type LedgerPurpose = 'open' | 'escalation' | 'update';

export interface LedgerEntry {
  recipient: string;
  alertId: number;
  accountId: string;
  severity: AlertSeverity;
  /** the first notice of an alert group, its escalation to this recipient, or a thread reply (severity rise, SLA breach) */
  purpose: LedgerPurpose;
  decision: Decision;
  reason: string;
  day: string;
}

/** Record a decision once per (recipient, alert, severity, purpose); a repeat returns the decision made first. */
export function recordDecision(db: Db, e: LedgerEntry, now: Date): Decision {
  const ins = stmt(
    db,
    `insert into attention_ledger (recipient, alert_id, account_id, severity, purpose, decision, reason, day, created_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing`,
  ).run(e.recipient, e.alertId, e.accountId, e.severity, e.purpose, e.decision, e.reason, e.day, now.toISOString());
  if (ins.changes === 1) return e.decision;
  return (
    stmt(db, 'select decision from attention_ledger where recipient = ? and alert_id = ? and severity = ? and purpose = ?').get(
      e.recipient,
      e.alertId,
      e.severity,
      e.purpose,
    ) as { decision: Decision }
  ).decision;
}

/** True until the first evaluation has been decided: decisions made before `now` mean a baseline exists. */
export function hasDecisionsBefore(db: Db, now: Date): boolean {
  return Boolean(stmt(db, 'select 1 from attention_ledger where created_at < ? limit 1').get(now.toISOString()));
}

/** Individual DMs (now or later) already counted against a recipient's local day. */
export function individualCount(db: Db, recipient: string, day: string): number {
  return (stmt(db, `select count(*) n from attention_ledger where recipient = ? and day = ? and decision != 'summary'`).get(recipient, day) as { n: number }).n;
}

export interface HeldItem {
  id: number;
  alertId: number;
  accountId: string;
  severity: AlertSeverity;
  reason: string;
  /** local day it counts against */
  day: string;
}

/** Items held for a recipient's summary and not yet folded into one. */
export function heldFor(db: Db, recipient: string): HeldItem[] {
  return stmt(
    db,
    `select id, alert_id alertId, account_id accountId, severity, reason, day from attention_ledger
      where recipient = ? and decision = 'summary' and summary_outbox_id is null order by id`,
  ).all(recipient) as HeldItem[];
}

export function recipientsWithHeld(db: Db): string[] {
  return (
    stmt(db, `select distinct recipient from attention_ledger where decision = 'summary' and summary_outbox_id is null order by recipient`).all() as {
      recipient: string;
    }[]
  ).map((r) => r.recipient);
}

export function markSummarized(db: Db, ids: number[], outboxId: number): void {
  const mark = stmt(db, 'update attention_ledger set summary_outbox_id = ? where id = ? and summary_outbox_id is null');
  for (const id of ids) mark.run(outboxId, id);
}
