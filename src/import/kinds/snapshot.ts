import { type KindSpec, arrFromMrr, v } from '../kind';

/**
 * The no-warehouse path: one row per account with current metrics. Writes account_snapshots and
 * creates or updates the account itself (name defaults from the slug, ARR = 12 × MRR).
 */
export const snapshotKind: KindSpec = {
  kind: 'snapshot',
  noun: 'snapshot',
  table: 'account_snapshots',
  key: ['account_id', 'as_of'],
  fields: {
    account_id: { type: 'slug', column: 'account_id', required: true, aliases: ['id', 'account'], schema: v.slug() },
    as_of: { type: 'date', column: 'as_of', aliases: ['date'], schema: v.day() },
    mrr: { type: 'real', column: 'mrr', nullable: true, schema: v.money() },
    logins_30d: { type: 'int', column: 'logins_30d', nullable: true, schema: v.count() },
    features_used: { type: 'int', column: 'features_used', nullable: true, schema: v.count() },
    active_seats: { type: 'int', column: 'active_seats', nullable: true, schema: v.count() },
    open_tickets: { type: 'int', column: 'open_tickets', nullable: true, schema: v.count() },
    nps_score: {
      type: 'int',
      column: 'nps_score',
      nullable: true,
      aliases: ['nps'],
      schema: v.scale(0, 10, 'NPS'),
    },
    days_since_last_login: { type: 'int', column: 'days_since_last_login', nullable: true, schema: v.count() },
    // Account attributes carried by the snapshot (written to accounts, not account_snapshots).
    name: { type: 'text', column: null, aliases: ['account_name'], schema: v.text().min(1) },
    arr: { type: 'real', column: null, schema: v.money() },
    seats_licensed: { type: 'int', column: null, aliases: ['seats'], schema: v.count() },
    renewal_date: { type: 'date', column: null, schema: v.day() },
    owner_email: { type: 'email', column: null, aliases: ['owner'], schema: v.email() },
    segment: { type: 'text', column: null, aliases: ['plan', 'plan_tier', 'tier'], schema: v.text() },
  },
  finalize(row, ctx) {
    row.as_of ??= ctx.today;
    arrFromMrr(row, ctx);
  },
};
