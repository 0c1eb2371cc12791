import type { AlertSeverity } from '../../db/schema';
import type { AlertsConfig } from '../config/sections/alerts';
import { parseDuration } from '../lib/dates';
import { SEVERITY_RANK } from './rule-ids';

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

export function slaDueAt(now: Date, severity: AlertSeverity, cfg: AlertsConfig, playbook?: PlaybookSla): string | null {
  const ms = slaMs(severity, cfg, playbook);
  return ms === null ? null : new Date(now.getTime() + ms).toISOString();
}

/** "48h" / "7d" for messages. */
export function formatSpan(ms: number): string {
  const h = Math.round(ms / 3_600_000);
  return h >= 48 && h % 24 === 0 ? `${h / 24}d` : `${h}h`;
}
