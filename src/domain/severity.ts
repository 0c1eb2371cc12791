/** Alert severity order: one numbering (low 0 … critical 3) for code and SQL alike. */
import type { AlertSeverity } from '../../db/schema';

export const SEVERITY_RANK = { low: 0, medium: 1, high: 2, critical: 3 } as const satisfies Record<AlertSeverity, number>;

/** SQL expression ranking a severity column the same way (order by it `desc` for most severe first). */
export function severityRankSql(column: string): string {
  return `case ${column} ${Object.entries(SEVERITY_RANK)
    .filter(([, r]) => r > 0)
    .map(([s, r]) => `when '${s}' then ${r}`)
    .join(' ')} else 0 end`;
}

/**
 * Driver severity (scoring): a separate, shorter scale — warning, high, critical — on the same order, a warning
 * ranking as a medium alert. Drivers rank by points first and by this only to break ties.
 */
export const DRIVER_SEVERITY_AS_ALERT = { warning: 'medium', high: 'high', critical: 'critical' } as const satisfies Record<
  'warning' | 'high' | 'critical',
  AlertSeverity
>;

export function driverSeverityRank(s: keyof typeof DRIVER_SEVERITY_AS_ALERT): number {
  return SEVERITY_RANK[DRIVER_SEVERITY_AS_ALERT[s]];
}
