import { z } from 'zod';
import { daysBetween } from '../../lib/dates';
import { defineRule } from '../rule';
import { round } from './round';

const SETTLED_RENEWALS = new Set(['renewed', 'committed', 'churned']);

/** A renewal within `days` days with a score under `score`, or flagged at risk by the CRM. */
export const renewalAtRisk = defineRule({
  id: 'renewal_at_risk',
  priority: 1,
  config: { days: z.number().int().default(90), score: z.number().default(50) },
  evaluate(f, r) {
    if (!f.account.renewalDate || SETTLED_RENEWALS.has(f.account.renewalStatus)) return null;
    const days = daysBetween(f.asOf, f.account.renewalDate);
    if (days < 0 || days > r.days) return null;
    const flagged = f.account.renewalStatus === 'at_risk';
    if (f.score >= r.score && !flagged) return null;
    return {
      severity: days <= 30 ? 'critical' : 'high',
      title: `Renewal in ${days} days is at risk`,
      reason: flagged
        ? `Renewal on ${f.account.renewalDate} is marked at risk (score ${round(f.score)}).`
        : `Renewal on ${f.account.renewalDate} with a health score of ${round(f.score)} (below ${r.score}).`,
      numbers: { days, score: round(f.score), renewalDate: f.account.renewalDate },
      drivers: ['renewal_at_risk', ...f.drivers.map((d) => d.id)],
    };
  },
});
