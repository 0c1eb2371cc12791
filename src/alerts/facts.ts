import type { Db } from '../../db';
import type { Lifecycle, RenewalStatus } from '../../db/schema';
import { accountById } from '../accounts/store';
import { loginSpan, loginWindows, openSignalsBetween } from '../activity/store';
import { addDays, daysBetween } from '../lib/dates';
import type { Driver } from '../scoring/types';
import type { ScoringConfig } from '../config/sections/scoring';
import { defaultScoring, latestScore, peakScore } from '../scoring/store';

export { scoredAccountIds } from '../scoring/store';

/** What the alert rules look at for one account, read from the latest score, history, usage and signals. */
export interface AccountFacts {
  account: {
    id: string;
    name: string;
    arr: number;
    renewalDate: string | null;
    renewalStatus: RenewalStatus;
    lifecycle: Lifecycle;
  };
  asOf: string;
  score: number;
  tier: string;
  expansion: number;
  drivers: Driver[];
  /** highest score in the look-back window before asOf (for drops) */
  windowPeak: { score: number; asOf: string } | null;
  /** logins in the last 30 days vs the 30 before; null without login data in either window */
  usage: { recent: number; previous: number } | null;
  /** days since the last day with a login; null when there is no usage history at all */
  daysSinceLogin: number | null;
  /** unresolved signals within the configured window, newest first */
  signals: { kind: string; occurredAt: string; detail: string | null }[];
}

export interface FactsOptions {
  /** score date to evaluate; default each account's latest */
  asOf?: string;
  dropWindowDays: number;
  signalWindowDays: number;
  /** the live scoring config (drivers' words are rendered with it); the built-in one when not given */
  scoring?: ScoringConfig;
}

export function loadAccountFacts(db: Db, accountId: string, opts: FactsOptions): AccountFacts | null {
  const a = accountById(db, accountId);
  if (!a) return null;
  const s = latestScore(db, accountId, opts.scoring ?? defaultScoring(), opts.asOf);
  if (!s) return null;
  const asOf = s.asOf;
  const peak = peakScore(db, accountId, addDays(asOf, -opts.dropWindowDays), asOf);

  const u = loginWindows(db, accountId, { from: addDays(asOf, -60), mid: addDays(asOf, -30), to: asOf });
  const seen = loginSpan(db, accountId, asOf);
  const signals = openSignalsBetween(db, accountId, addDays(asOf, -opts.signalWindowDays), asOf);

  return {
    account: {
      id: a.id,
      name: a.name,
      arr: a.arr,
      renewalDate: a.renewalDate,
      renewalStatus: a.renewalStatus,
      lifecycle: a.lifecycle,
    },
    asOf,
    score: s.score,
    tier: s.tier,
    expansion: s.expansion,
    drivers: s.drivers,
    windowPeak: peak,
    usage: u.n > 0 ? { recent: u.recent, previous: u.previous } : null,
    // With usage rows but never a login, count from the start of the data rather than reporting "no data".
    daysSinceLogin: seen.lastLogin ? daysBetween(seen.lastLogin, asOf) : seen.first ? daysBetween(seen.first, asOf) : null,
    signals,
  };
}
