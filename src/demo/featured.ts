/**
 * Hand-written accounts the README and walkthroughs rely on:
 * - acme-corp: mid-size Pro customer sliding toward churn (declining usage, champion left, competitor in play,
 *   two open high-priority tickets, NPS fell, renewal in 45 days, ARR above the $100k VP line).
 * - globex: Enterprise customer thriving and growing (seats nearly full, hitting limits, asking for a quote).
 */
import { addDays } from '../lib/dates';
import { addYears, nextAnniversary } from './calendar';
import type { AccountPlan, TeamMemberRow } from './types';

export const ACME_ID = 'acme-corp';
export const GLOBEX_ID = 'globex';
export const FEATURED_IDS = [ACME_ID, GLOBEX_ID] as const;

export function featuredAccounts(today: string, csms: readonly TeamMemberRow[]): AccountPlan[] {
  const acmeRenewal = addDays(today, 45);
  const acmeStart = addYears(acmeRenewal, -3);
  const globexStart = addYears(addDays(today, 210), -2);
  const acmeOwner = csms[0];
  const globexOwner = csms[1 % csms.length];
  return [
    {
      index: 0,
      id: ACME_ID,
      name: 'Acme Corp',
      segment: 'Pro',
      industry: 'Manufacturing',
      country: 'US',
      ownerEmail: acmeOwner.email,
      ownerSlackId: acmeOwner.slackId,
      arr: 118_800,
      peakArr: 118_800,
      seats: 150,
      signupDate: addDays(acmeStart, -14),
      contractStart: acmeStart,
      renewalDate: nextAnniversary(acmeStart, today),
      renewalStatus: 'in_negotiation',
      lifecycle: 'active',
      band: 'at_risk',
      pattern: 'declining',
      usage: { util: 0.45, loginsPerUser: 1.5, eventsPerUser: 4, featureBreadth: 8, integrations: 2, weekendFactor: 0.3, magnitude: 0.65, changeAgo: 45 },
      supportOverload: true,
      npsDrop: true,
      forcedSignals: [
        { kind: 'champion_departed', daysAgo: 12, detail: 'Champion Dana Whitfield (VP Operations) left Acme Corp', source: 'crm' },
        { kind: 'competitor_mentioned', daysAgo: 6, detail: 'Mentioned evaluating Vitally on the renewal call', source: 'csm' },
      ],
    },
    {
      index: 1,
      id: GLOBEX_ID,
      name: 'Globex',
      segment: 'Enterprise',
      industry: 'Software',
      country: 'US',
      ownerEmail: globexOwner.email,
      ownerSlackId: globexOwner.slackId,
      arr: 342_000,
      peakArr: 342_000,
      seats: 420,
      signupDate: addDays(globexStart, -30),
      contractStart: globexStart,
      renewalDate: nextAnniversary(globexStart, today),
      renewalStatus: 'pending',
      lifecycle: 'active',
      band: 'thriving',
      pattern: 'growing',
      usage: { util: 0.6, loginsPerUser: 1.8, eventsPerUser: 11, featureBreadth: 17, integrations: 7, weekendFactor: 0.25, magnitude: 0.5, changeAgo: 90 },
      supportOverload: false,
      npsDrop: false,
      forcedSignals: [
        { kind: 'feature_limit_hit', daysAgo: 9, detail: 'Hit the API rate limit of the Enterprise plan 14 times this week', source: 'product' },
        { kind: 'expansion_opportunity', daysAgo: 4, detail: 'Asked for a quote for 150 more seats and the Analytics add-on', source: 'crm' },
      ],
    },
  ];
}
