import type { ImportKind, KindSpec } from '../kind';
import { accountsKind } from './accounts';
import { npsKind } from './nps';
import { revenueKind } from './revenue';
import { signalsKind } from './signals';
import { snapshotKind } from './snapshot';
import { teamKind } from './team';
import { ticketsKind } from './tickets';
import { usageKind } from './usage';

export const KINDS: Record<ImportKind, KindSpec> = {
  accounts: accountsKind,
  team: teamKind,
  usage: usageKind,
  tickets: ticketsKind,
  nps: npsKind,
  revenue: revenueKind,
  signals: signalsKind,
  snapshot: snapshotKind,
};
