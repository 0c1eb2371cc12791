/**
 * The attention budget as a pure policy: for one (recipient, message), send now, deliver at a later instant
 * (the working morning), or hold for the recipient's daily summary. No I/O: the caller supplies every fact.
 */
import type { AlertSeverity } from '../../db/schema';

export interface DecideInput {
  severity: AlertSeverity;
  /** a person (DM) or a channel */
  recipientKind: 'person' | 'channel';
  /** this evaluation is the baseline (the database's first, before any attention decision): existing risk is not news */
  baseline: boolean;
  /** severities the person wants as a DM at once (their settings) */
  dmSeverities: readonly AlertSeverity[];
  /** individual DMs already counted against the person's local day */
  sentToday: number;
  /** alerts.dailyDmCap */
  dailyCap: number;
  /** the recipient is in working time now */
  workingNow: boolean;
  /** start of the recipient's next working period (= now when working) */
  nextWorking: Date;
  /** alerts.criticalOutsideWorkingHours */
  criticalOutsideWorkingHours: boolean;
  now: Date;
}

export type Decision =
  | { kind: 'now'; at: Date; reason: 'ok' | 'critical_outside_hours' }
  | { kind: 'later'; at: Date; reason: 'working_hours' }
  | { kind: 'summary'; reason: 'baseline' | 'preference' | 'cap' };

export function decide(i: DecideInput): Decision {
  if (i.baseline) return { kind: 'summary', reason: 'baseline' };
  // Channels are shared rooms, not a person's budget: no preferences, no cap, no working hours.
  if (i.recipientKind === 'channel') return { kind: 'now', at: i.now, reason: 'ok' };
  if (!i.dmSeverities.includes(i.severity)) return { kind: 'summary', reason: 'preference' };
  if (i.sentToday >= i.dailyCap) return { kind: 'summary', reason: 'cap' };
  if (i.workingNow) return { kind: 'now', at: i.now, reason: 'ok' };
  if (i.severity === 'critical' && i.criticalOutsideWorkingHours) return { kind: 'now', at: i.now, reason: 'critical_outside_hours' };
  return { kind: 'later', at: i.nextWorking, reason: 'working_hours' };
}
