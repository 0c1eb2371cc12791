/** "At risk": an account whose latest tier is At-Risk or Critical. One definition for every surface. */
import { AT_RISK_TIERS, type Tier } from '../scoring/types';

export { AT_RISK_TIERS };

export function isAtRiskTier(tier: Tier | string | null | undefined): boolean {
  return tier != null && (AT_RISK_TIERS as readonly string[]).includes(tier);
}

/** The same test in SQL over a tier column, e.g. `atRiskSql('ls.tier')`. */
export function atRiskSql(tierColumn: string): string {
  return `${tierColumn} in (${AT_RISK_TIERS.map((t) => `'${t}'`).join(', ')})`;
}
