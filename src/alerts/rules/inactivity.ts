import { z } from 'zod';
import { defineRule } from '../rule';

/** Nobody has logged in for `days` days. */
export const inactivity = defineRule({
  id: 'inactivity',
  priority: 5,
  config: { days: z.number().int().default(14), highDays: z.number().int().default(30) },
  evaluate(f, r) {
    if (f.daysSinceLogin === null || f.daysSinceLogin < r.days) return null;
    return {
      severity: f.daysSinceLogin >= r.highDays ? 'high' : 'medium',
      title: `No logins for ${f.daysSinceLogin} days`,
      reason: `Nobody at ${f.account.name} has logged in for ${f.daysSinceLogin} days.`,
      numbers: { days: f.daysSinceLogin },
      drivers: ['inactive', ...f.drivers.map((d) => d.id).filter((d) => d !== 'inactive')],
    };
  },
});
