/**
 * The notify-path entry point of the attention budget. Given the recipients the alert code chose for one alert,
 * it adds followers, swaps away people for their delegates, and decides for each one: post now, post at the
 * working morning, or hold for the daily summary (recorded in the ledger; src/attention/summary.ts sends it).
 * Returns only the deliveries to make, each with its earliest send time.
 */
import type { Db } from '../../db';
import type { AlertSeverity } from '../../db/schema';
import type { Recipient } from '../alerts/chain';
import { workingCalendar } from '../alerts/sla';
import { isWorkingTime, nextWorkingInstant, zoneOrUtc } from '../alerts/working-hours';
import type { AppConfig } from '../config/schema';
import { zonedParts } from '../lib/zoned-time';
import { decide } from './policy';
import { followersOf, routeAway } from './route';
import { isSlackUserId } from '../team/slack-user';
import { getSettings, hasDecisionsBefore, individualCount, type LedgerPurpose, recordDecision } from './store';

export interface AttentionSubject {
  /** the alert group's id (alerts.id): the unit a person is told about once per day */
  id: number;
  accountId: string;
  severity: AlertSeverity;
  /** 'escalation' when the recipients are a next level of the chain, 'update' for a thread reply under existing copies, else 'open' */
  purpose: LedgerPurpose;
}

export interface PlannedDelivery {
  recipient: Recipient;
  availableAt: Date;
}

/** `has`: who already holds a copy of the group (nothing to decide for them: their copy is updated in place). */
export function planDeliveries(
  db: Db,
  subject: AttentionSubject,
  recipients: Recipient[],
  ctx: { config: AppConfig; now: Date },
  has: ReadonlySet<string> = new Set(),
): PlannedDelivery[] {
  const cfg = ctx.config.alerts;
  const defaults = { summaryTime: cfg.summaryTime, timezone: ctx.config.timezone };
  const withFollowers = subject.purpose === 'open' ? [...recipients, ...followersOf(db, subject.accountId, cfg)] : recipients;
  const routed = routeAway(db, withFollowers, ctx.now, defaults).filter((r) => !has.has(r.id));
  const baseline = cfg.baseline && subject.purpose === 'open' && !hasDecisionsBefore(db, ctx.now);
  return planEach(db, subject, routed, baseline, ctx);
}

/**
 * A thread reply under copies people already have (severity raised, SLA breached): the same policy (working
 * hours, daily cap, personal settings) without followers, delegates or baseline; a held reply leaves the group
 * to the person's summary.
 */
export function planReplies(
  db: Db,
  subject: Omit<AttentionSubject, 'purpose'>,
  recipients: Recipient[],
  ctx: { config: AppConfig; now: Date },
): PlannedDelivery[] {
  return planEach(db, { ...subject, purpose: 'update' }, recipients, false, ctx);
}

function planEach(db: Db, subject: AttentionSubject, recipients: Recipient[], baseline: boolean, ctx: { config: AppConfig; now: Date }): PlannedDelivery[] {
  const cfg = ctx.config.alerts;
  const wh = workingCalendar(cfg);
  const out: PlannedDelivery[] = [];
  for (const r of recipients) {
    const person = isSlackUserId(r.id);
    const tz = zoneOrUtc(r.tz ?? ctx.config.timezone);
    const nextWorking = nextWorkingInstant(ctx.now, tz, wh);
    const day = zonedParts(nextWorking, tz).date;
    const settings = getSettings(db, r.id, cfg.summaryTime);
    const d = decide({
      severity: subject.severity,
      recipientKind: person ? 'person' : 'channel',
      baseline,
      dmSeverities: settings.dmSeverities,
      sentToday: person ? individualCount(db, r.id, day) : 0,
      dailyCap: cfg.dailyDmCap,
      workingNow: isWorkingTime(ctx.now, tz, wh),
      nextWorking,
      criticalOutsideWorkingHours: cfg.criticalOutsideWorkingHours,
      now: ctx.now,
    });
    const recorded = recordDecision(
      db,
      {
        recipient: r.id,
        alertId: subject.id,
        accountId: subject.accountId,
        severity: subject.severity,
        purpose: subject.purpose,
        decision: d.kind,
        reason: d.reason,
        day,
      },
      ctx.now,
    );
    if (recorded === 'summary') continue;
    out.push({ recipient: r, availableAt: d.kind === 'summary' ? ctx.now : d.at });
  }
  return out;
}
