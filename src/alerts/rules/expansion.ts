import { z } from 'zod';
import { defineRule } from '../rule';
import { round } from './round';

/** A healthy account with a strong expansion signal or open growth signals: a positive alert (weekly batch). */
export const expansion = defineRule({
  id: 'expansion',
  config: { minExpansion: z.number().min(0).max(1).default(0.6), minScore: z.number().default(70) },
  evaluate(f, r) {
    const scored = f.expansion >= r.minExpansion && f.score >= r.minScore;
    const signals = f.signals.filter((s) => s.kind === 'expansion_opportunity' || s.kind === 'feature_limit_hit');
    if (!scored && !signals.length) return null;
    return {
      severity: scored && signals.length ? 'medium' : 'low',
      title: 'Expansion opportunity',
      reason: [
        scored ? `Expansion signal ${Math.round(f.expansion * 100)}% with a health score of ${round(f.score)}.` : '',
        signals.length ? `${signals.length} open growth signal(s), latest: ${signals[0].detail ?? signals[0].kind.replace(/_/g, ' ')}.` : '',
      ]
        .filter(Boolean)
        .join(' '),
      numbers: { expansion: round(f.expansion * 100), score: round(f.score), signals: signals.length },
      drivers: signals.map((s) => s.kind),
      positive: true,
    };
  },
});
