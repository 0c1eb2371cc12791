import type { AlertSeverity } from '../../db/schema';
import type { AlertsConfig } from '../config/sections/alerts';
import { parseDuration } from '../lib/dates';

/** Time to acknowledge: the configured SLA for the severity, shortened by the playbook's own SLA. Low: none (digest only). */
export function slaMs(severity: AlertSeverity, cfg: AlertsConfig, playbookSla?: string): number | null {
  if (severity === 'low') return null;
  const base = parseDuration(cfg.sla[severity]);
  return playbookSla ? Math.min(base, parseDuration(playbookSla)) : base;
}

export function slaDueAt(now: Date, severity: AlertSeverity, cfg: AlertsConfig, playbookSla?: string): string | null {
  const ms = slaMs(severity, cfg, playbookSla);
  return ms === null ? null : new Date(now.getTime() + ms).toISOString();
}

/** "48h" / "7d" for messages. */
export function formatSpan(ms: number): string {
  const h = Math.round(ms / 3_600_000);
  return h >= 48 && h % 24 === 0 ? `${h / 24}d` : `${h}h`;
}
