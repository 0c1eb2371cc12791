import type { AlertSeverity } from '../../db/schema';
import type { AlertsConfig } from '../config/sections/alerts';
import { parseDuration } from '../lib/dates';
import { SEVERITY_RANK } from './rule-ids';
import { addWorkingTime, type WorkingHours } from './working-hours';

export interface PlaybookSla {
  sla: string;
  severity: AlertSeverity;
}

/**
 * Time to acknowledge: the configured SLA for the alert's severity. A playbook may demand a faster acknowledgement,
 * but only for alerts at least as severe as the playbook is written for (a medium drop that borrows the
 * usage-decline playbook keeps the medium SLA). Low: none (digest only).
 */
export function slaMs(severity: AlertSeverity, cfg: AlertsConfig, playbook?: PlaybookSla): number | null {
  if (severity === 'low') return null;
  const base = parseDuration(cfg.sla[severity]);
  if (!playbook || SEVERITY_RANK[severity] < SEVERITY_RANK[playbook.severity]) return base;
  return Math.min(base, parseDuration(playbook.sla));
}

/** The working calendar of alerts config (working hours + holidays). */
export function workingCalendar(cfg: AlertsConfig): WorkingHours {
  return { ...cfg.workingHours, holidays: cfg.holidays };
}

/**
 * When an SLA started `now` falls due. With `timeZone` (the recipient's, e.g. the owner's) the clock runs only on
 * that person's working days (weekends and `alerts.holidays` pause it); without, it is wall-clock time.
 */
export function slaDueAt(now: Date, severity: AlertSeverity, cfg: AlertsConfig, playbook?: PlaybookSla, timeZone?: string | null): string | null {
  const ms = slaMs(severity, cfg, playbook);
  if (ms === null) return null;
  return timeZone === undefined ? new Date(now.getTime() + ms).toISOString() : addWorkingTime(now, ms, timeZone, workingCalendar(cfg)).toISOString();
}

/** The zone an alert's SLA clock runs in: its owner's (first chain level), else the configured default. */
export function slaZone(chain: { levels: { tz?: string | null }[][] }, ctx: { config: { timezone: string } }): string {
  return chain.levels[0]?.[0]?.tz ?? ctx.config.timezone;
}

/** "48h" / "7d" for messages. */
export function formatSpan(ms: number): string {
  const h = Math.round(ms / 3_600_000);
  return h >= 48 && h % 24 === 0 ? `${h / 24}d` : `${h}h`;
}
