/**
 * The intervention estimate, on expected churn (design: Digests): if CS works the top N accounts by expected ARR
 * at risk, each saved with probability `effectiveness` if it was going to churn, the ARR recovered is
 * Σ ARR × churn likelihood × effectiveness — not the whole ARR, most of which was never going to leave.
 */
import type { RiskRanked } from '../domain/churn-likelihood';

export interface InterventionScenario {
  effectiveness: number;
  /** Σ ARR × churn likelihood × effectiveness over the accounts worked */
  recoverableArr: number;
  net: number;
  /** (recovered − cost) / cost; null when nothing is worked (no cost) */
  roi: number | null;
}

export interface InterventionRow {
  topN: number;
  /** accounts actually worked (fewer than topN when the ranked list is short) */
  accounts: number;
  /** Σ ARR of the accounts worked */
  arr: number;
  /** Σ ARR × churn likelihood of the accounts worked */
  expectedArrAtRisk: number;
  cost: number;
  scenarios: InterventionScenario[];
}

/** `ranked`: accounts by expected ARR at risk, largest first (rankByExpectedArrAtRisk). */
export function interventionEstimate(
  ranked: ReadonlyArray<Pick<RiskRanked<{ arr: number }>, 'account' | 'expectedArrAtRisk'>>,
  opts: { topN: number[]; effectiveness: number[]; costPerAccount: number },
): InterventionRow[] {
  return opts.topN.map((n) => {
    const picked = ranked.slice(0, n);
    const arr = picked.reduce((s, r) => s + r.account.arr, 0);
    const expectedArrAtRisk = picked.reduce((s, r) => s + r.expectedArrAtRisk, 0);
    const cost = picked.length * opts.costPerAccount;
    return {
      topN: n,
      accounts: picked.length,
      arr,
      expectedArrAtRisk,
      cost,
      scenarios: opts.effectiveness.map((e) => {
        const recoverableArr = expectedArrAtRisk * e;
        return { effectiveness: e, recoverableArr, net: recoverableArr - cost, roi: cost > 0 ? (recoverableArr - cost) / cost : null };
      }),
    };
  });
}
