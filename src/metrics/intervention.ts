/**
 * The intervention estimate: if CS works the top N at-risk accounts by ARR, and a given share of that
 * ARR is saved, what is recovered against what the work costs.
 */
export interface InterventionRow {
  topN: number;
  /** accounts actually available (fewer than topN when the at-risk list is short) */
  accounts: number;
  arrAtRisk: number;
  cost: number;
  scenarios: Array<{ effectiveness: number; recoverableArr: number; net: number; roi: number | null }>;
}

export function interventionEstimate(
  atRiskArrsDesc: number[],
  opts: { topN: number[]; effectiveness: number[]; costPerAccount: number },
): InterventionRow[] {
  return opts.topN.map((n) => {
    const picked = atRiskArrsDesc.slice(0, n);
    const arrAtRisk = picked.reduce((s, v) => s + v, 0);
    const cost = picked.length * opts.costPerAccount;
    return {
      topN: n,
      accounts: picked.length,
      arrAtRisk,
      cost,
      scenarios: opts.effectiveness.map((e) => {
        const recoverableArr = arrAtRisk * e;
        return { effectiveness: e, recoverableArr, net: recoverableArr - cost, roi: cost > 0 ? (recoverableArr - cost) / cost : null };
      }),
    };
  });
}
