import { rebuildUsageRollups, rollupRefresher } from '../../usage/rollups';
import { type KindSpec, v } from '../kind';

/** Daily product usage per account, keyed by (account, day). */
export const usageKind: KindSpec = {
  kind: 'usage',
  chunked: true,
  noun: 'usage day',
  table: 'usage_daily',
  key: ['account_id', 'day'],
  accountRef: 'account_id',
  // The per-account rollups the daily pass reads move with the rows: in each chunk's transaction, and rebuilt
  // when a failed or crashed import's committed chunks are taken back.
  hooks(env) {
    const refresh = rollupRefresher(env.client);
    return { afterBatch: (rows) => refresh(rows.map((r) => String(r.account_id))) };
  },
  onUndo: (client) => void rebuildUsageRollups(client),
  fields: {
    account_id: { type: 'slug', column: 'account_id', required: true, aliases: ['account'], schema: v.slug() },
    day: { type: 'date', column: 'day', required: true, aliases: ['date'], schema: v.day() },
    active_users: { type: 'int', column: 'active_users', schema: v.count() },
    logins: { type: 'int', column: 'logins', schema: v.count() },
    key_events: { type: 'int', column: 'key_events', aliases: ['events'], schema: v.count() },
    features_used: { type: 'int', column: 'features_used', schema: v.count() },
    integrations: { type: 'int', column: 'integrations', schema: v.count() },
  },
};
