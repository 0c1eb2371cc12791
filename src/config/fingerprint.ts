/**
 * A short fingerprint of the scoring section (weights, tiers, sub-score weights, segments, windows…): two configs
 * that score alike have the same one. A backtest run stores it, so Slack quotes a run only while the live config
 * scores the way that run did.
 */
import { createHash } from 'node:crypto';
import { stringify } from 'safe-stable-stringify';
import type { ScoringConfig } from './sections/scoring';

export function scoringFingerprint(scoring: ScoringConfig): string {
  // keys sorted, so the order of keys in the YAML file does not matter
  return createHash('sha256').update(stringify(scoring) ?? '').digest('hex').slice(0, 16);
}
