/**
 * GRR, NRR, logo churn and the revenue movements behind them, per the design's definitions:
 * - churned account: cancelled and not reactivated within 30 days;
 * - GRR = (starting ARR − churned − contraction) / starting ARR;
 * - NRR = (starting ARR − churned − contraction + expansion) / starting ARR;
 * - logo churn = accounts churned in the period / accounts at start.
 * Only the cohort of accounts with ARR at the period start counts (new logos are not retention).
 */
import { addDays } from '../lib/dates';
import { CHURN_GRACE_DAYS } from '../scoring/features'; // one definition of churn for scoring and metrics
import { type Portfolio, arrAt } from './portfolio';
import type { Period } from './periods';

export interface ExpansionSplit {
  seat: number;
  upgrade: number;
  cross_sell: number;
  /** expansion whose type the data does not say (including net gains from a quick reactivation) */
  unspecified: number;
}

export interface Retention extends Period {
  startingArr: number;
  startingAccounts: number;
  churnedArr: number;
  contractionArr: number;
  expansionArr: number;
  expansion: ExpansionSplit;
  churnedAccounts: number;
  /** ratios 0..n; null when nobody was a customer at the start */
  grr: number | null;
  nrr: number | null;
  logoChurn: number | null;
}

export function retention(p: Portfolio, period: Period): Retention {
  const r: Retention = {
    ...period,
    startingArr: 0,
    startingAccounts: 0,
    churnedArr: 0,
    contractionArr: 0,
    expansionArr: 0,
    expansion: { seat: 0, upgrade: 0, cross_sell: 0, unspecified: 0 },
    churnedAccounts: 0,
    grr: null,
    nrr: null,
    logoChurn: null,
  };
  const addExpansion = (type: string | null, amount: number) => {
    if (amount <= 0) return;
    const key = type === 'seat' || type === 'upgrade' || type === 'cross_sell' ? type : 'unspecified';
    r.expansion[key] += amount;
    r.expansionArr += amount;
  };
  for (const a of p.accounts) {
    const start = arrAt(p, a, period.start);
    if (start <= 0) continue;
    r.startingAccounts++;
    r.startingArr += start;
    const evs = p.events.get(a.id) ?? [];
    let churned = false;
    evs.forEach((e, i) => {
      if (e.day <= period.start || e.day > period.end) return;
      switch (e.kind) {
        case 'expansion':
        case 'new': // more business from an existing customer
          if (e.arrDelta >= 0) addExpansion(e.kind === 'new' ? 'cross_sell' : e.expansionType, e.arrDelta);
          else r.contractionArr += -e.arrDelta;
          break;
        case 'contraction':
          if (e.arrDelta <= 0) r.contractionArr += -e.arrDelta;
          else addExpansion(e.expansionType, e.arrDelta);
          break;
        case 'churn': {
          const graceEnd = addDays(e.day, CHURN_GRACE_DAYS);
          const back = evs.slice(i + 1).find((x) => x.kind === 'reactivation' && x.day <= graceEnd);
          if (back) {
            // Came back within the grace period: not churn; only the net change counts.
            const net = back.arrDelta + e.arrDelta;
            if (net < 0) r.contractionArr += -net;
            else addExpansion(null, net);
          } else {
            r.churnedArr += -e.arrDelta;
            churned = true;
          }
          break;
        }
        case 'reactivation':
          // Either paired with a churn above, or a win-back after the grace period (new business).
          break;
      }
    });
    if (churned) r.churnedAccounts++;
  }
  if (r.startingArr > 0) {
    r.grr = (r.startingArr - r.churnedArr - r.contractionArr) / r.startingArr;
    r.nrr = (r.startingArr - r.churnedArr - r.contractionArr + r.expansionArr) / r.startingArr;
  }
  if (r.startingAccounts > 0) r.logoChurn = r.churnedAccounts / r.startingAccounts;
  return r;
}
