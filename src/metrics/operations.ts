/** Operational metrics over a period: alert SLA compliance, outreach logged, failed deliveries. */
import type { Db } from '../../db';
import { lastTouchesBefore, outreachAccountsBetween } from '../activity/store';
import { slaDecidedIn } from '../alerts/store';
import { failedBetween } from '../delivery/store/reports';
import { type Period, instantRange } from './periods';

export interface SlaCompliance {
  /** alerts whose acknowledgement deadline was decided in the period */
  eligible: number;
  /** of those, acknowledged on or before the deadline */
  met: number;
  compliance: number | null;
}

/**
 * An alert's SLA is decided when it is acknowledged (before the deadline) or when the deadline passes.
 * Alerts resolved before their deadline without acknowledgement (the condition cleared) need no ack and are left out.
 */
export function slaCompliance(db: Db, period: Period, accountIds?: Set<string>): SlaCompliance {
  const { from, to } = instantRange(period);
  const rows = slaDecidedIn(db, from, to);
  let eligible = 0;
  let met = 0;
  for (const r of rows) {
    if (accountIds && !accountIds.has(r.accountId)) continue;
    const ackedInTime = r.ack !== null && r.ack <= r.due;
    if (!ackedInTime && r.resolved !== null && r.resolved <= r.due && (r.ack === null || r.ack > r.resolved)) continue;
    eligible++;
    if (ackedInTime) met++;
  }
  return { eligible, met, compliance: eligible ? met / eligible : null };
}

export function outreachLogged(db: Db, period: Period, accountIds?: Set<string>): number {
  const { from, to } = instantRange(period);
  const rows = outreachAccountsBetween(db, from, to);
  return accountIds ? rows.filter((id) => accountIds.has(id)).length : rows.length;
}

/** Outbox rows created in the period that ended in status 'failed' (permanent errors or retries exhausted). */
export function failedDeliveries(db: Db, period: Period): number {
  const { from, to } = instantRange(period);
  return failedBetween(db, from, to);
}

/** Most recent outreach per account (ISO instant), for "no touch in N days". */
export function lastTouches(db: Db, asOfInstant: string): Map<string, string> {
  return lastTouchesBefore(db, asOfInstant);
}
