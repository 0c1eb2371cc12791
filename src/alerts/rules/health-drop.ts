import { z } from 'zod';
import { defineRule } from '../rule';
import { round } from './round';

/** The score fell at least `points` below its peak of the last `days` days. */
export const healthDrop = defineRule({
  id: 'health_drop',
  priority: 3,
  config: { points: z.number().default(15), highPoints: z.number().default(25), days: z.number().int().default(7) },
  evaluate(f, r) {
    if (!f.windowPeak) return null;
    const drop = round(f.windowPeak.score - f.score);
    if (drop < r.points) return null;
    return {
      severity: drop >= r.highPoints ? 'high' : 'medium',
      title: `Health dropped ${drop} points in ${r.days} days`,
      reason: `Score fell from ${round(f.windowPeak.score)} (${f.windowPeak.asOf}) to ${round(f.score)} (${f.asOf}).`,
      numbers: { drop, from: round(f.windowPeak.score), to: round(f.score), since: f.windowPeak.asOf },
      drivers: f.drivers.map((d) => d.id),
    };
  },
});
