/** Crafted AccountFeatures for pure scoreAccount tests. */
import type { AccountFeatures, UsageFeatures } from '../../src/scoring/features';

export const AS_OF = '2026-06-30';

export function usage(u: Partial<UsageFeatures> = {}): UsageFeatures {
  return {
    firstDay: '2025-01-01',
    lastLoginDay: AS_OF,
    days30: 30,
    logins30: 0,
    events30: 0,
    activeSeats30: 0,
    features30: 0,
    integrations: 0,
    daysPrev30: 30,
    loginsPrev30: 0,
    logins7: 0,
    loginsPrev7: 0,
    ...u,
  };
}

export function features(f: Partial<AccountFeatures> = {}): AccountFeatures {
  return {
    id: 'acme',
    name: 'Acme',
    segment: null,
    arr: 12_000,
    seatsLicensed: null,
    tenureDays: 400,
    renewalDate: null,
    renewalStatus: 'pending',
    usage: null,
    snapshot: null,
    tickets: null,
    nps: null,
    revenue: null,
    signals: [],
    ...f,
  };
}
