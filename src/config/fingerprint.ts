/**
 * A short fingerprint of the scoring section (weights, tiers, sub-score weights, segments, windows…): two configs
 * that score alike have the same one. A backtest run stores it, so Slack quotes a run only while the live config
 * scores the way that run did.
 */
import { createHash } from 'node:crypto';
import { stringify } from 'safe-stable-stringify';
import type { ScoringConfig } from './sections/scoring';

const cache = new WeakMap<ScoringConfig, string>();

export function scoringFingerprint(scoring: ScoringConfig): string {
  // Cards ask on every render; the config object is fixed once loaded, so hash it once.
  let fp = cache.get(scoring);
  if (fp === undefined) {
    // keys sorted, so the order of keys in the YAML file does not matter
    const { retention: _keptHowLong, ...scores } = scoring; // how long history is kept does not change a score
    fp = createHash('sha256')
      .update(stringify(scores) ?? '')
      .digest('hex')
      .slice(0, 16);
    cache.set(scoring, fp);
  }
  return fp;
}
