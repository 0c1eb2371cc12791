import { z } from 'zod';
import { defineRule, type Hit } from '../rule';
import { round } from './round';

/** Logins in the last 30 days fell at least `pct` percent below the 30 before. */
export const usageDecline = defineRule({
  id: 'usage_decline',
  priority: 4,
  config: { pct: z.number().default(30), highPct: z.number().default(50) },
  evaluate(f, r): Hit | null {
    if (f.usage && f.usage.previous > 0) {
      const pct = round(((f.usage.previous - f.usage.recent) / f.usage.previous) * 100);
      if (pct < r.pct) return null;
      return {
        severity: pct >= r.highPct ? 'high' : 'medium',
        title: `Usage down ${pct}% vs the previous 30 days`,
        reason: `Logins fell from ${f.usage.previous} to ${f.usage.recent} (last 30 days vs the 30 before).`,
        numbers: { pct, recent: f.usage.recent, previous: f.usage.previous },
        drivers: ['usage_decline', ...f.drivers.map((d) => d.id).filter((d) => d !== 'usage_decline')],
      };
    }
    // No usage rows (e.g. snapshot-only data): trust the scorer's driver if it flagged a decline.
    const d = f.usage ? undefined : f.drivers.find((x) => x.id === 'usage_decline');
    if (!d) return null;
    return {
      severity: d.severity === 'critical' ? 'high' : 'medium',
      title: 'Usage declining',
      reason: d.reason,
      numbers: { pct: null },
      drivers: f.drivers.map((x) => x.id),
    };
  },
});
