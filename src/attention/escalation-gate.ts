/**
 * The escalation-path entry point: may an alert escalate to its next level now? Non-critical alerts escalate only
 * in the working time of the people they would reach (each person's zone, working days, hours, holidays), so
 * nothing non-critical escalates at night or on a weekend. Critical alerts escalate at any time (their DMs still
 * wait for the working morning unless alerts.criticalOutsideWorkingHours).
 */
import type { AlertSeverity } from '../../db/schema';
import type { Recipient } from '../alerts/chain';
import { workingCalendar } from '../alerts/sla';
import { isWorkingTime } from '../alerts/working-hours';
import type { AppConfig } from '../config/schema';
import { isSlackUserId } from '../team/slack-user';

export function mayEscalateNow(severity: AlertSeverity, nextLevel: readonly Recipient[], ctx: { config: AppConfig; now: Date }): boolean {
  if (severity === 'critical') return true;
  const wh = workingCalendar(ctx.config.alerts);
  const people = nextLevel.filter((r) => isSlackUserId(r.id));
  // A channel-only level follows the team's default zone.
  if (!people.length) return isWorkingTime(ctx.now, ctx.config.timezone, wh);
  return people.some((r) => isWorkingTime(ctx.now, r.tz ?? ctx.config.timezone, wh));
}
