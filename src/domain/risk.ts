/** "At risk": an account whose latest tier is At-Risk or Critical. One definition for every surface. */
import type { Tier } from './tier';

export const AT_RISK_TIERS: readonly Tier[] = ['At-Risk', 'Critical'];

export function isAtRiskTier(tier: Tier | string | null | undefined): boolean {
  return tier != null && (AT_RISK_TIERS as readonly string[]).includes(tier);
}

/** The same test in SQL over a tier column, e.g. `atRiskSql('ls.tier')`. */
export function atRiskSql(tierColumn: string): string {
  return `${tierColumn} in (${AT_RISK_TIERS.map((t) => `'${t}'`).join(', ')})`;
}
