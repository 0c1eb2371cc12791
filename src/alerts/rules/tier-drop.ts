import { defineRule } from '../rule';
import { round } from './round';

/** The account is in the At-Risk or Critical tier. */
export const tierDrop = defineRule({
  id: 'tier_drop',
  priority: 2,
  config: {},
  evaluate(f) {
    if (f.tier !== 'At-Risk' && f.tier !== 'Critical') return null;
    const top = f.drivers[0];
    return {
      severity: f.tier === 'Critical' ? 'critical' : 'high',
      title: `Health tier is ${f.tier} (score ${round(f.score)})`,
      reason: top ? `Biggest driver: ${top.reason}` : `Score ${round(f.score)} puts the account in the ${f.tier} tier.`,
      numbers: { score: round(f.score), tier: f.tier },
      drivers: f.drivers.map((d) => d.id),
    };
  },
});
