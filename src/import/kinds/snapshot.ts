import { nameFromSlug } from '../cells';
import { type KindSpec, arrFromMrr, v } from '../kind';
import { INSERTED, RowWriter, UNCHANGED, UPDATED } from '../upsert';

/** Account attributes a snapshot row carries (field -> accounts column). */
const ACCOUNT_COLUMNS = [
  { field: 'account_id', column: 'id' },
  { field: 'name', column: 'name' },
  { field: 'arr', column: 'arr' },
  { field: 'seats_licensed', column: 'seats_licensed' },
  { field: 'renewal_date', column: 'renewal_date' },
  { field: 'owner_email', column: 'owner_email' },
  { field: 'segment', column: 'segment' },
];

/**
 * The no-warehouse path: one row per account with current metrics. Writes account_snapshots and
 * creates or updates the account itself (name defaults from the slug, ARR = 12 × MRR).
 */
export const snapshotKind: KindSpec = {
  kind: 'snapshot',
  noun: 'snapshot',
  table: 'account_snapshots',
  key: ['account_id', 'as_of'],
  needsAccounts: true,
  hooks(env) {
    const accounts = new RowWriter(env.client, 'accounts', ACCOUNT_COLUMNS, ['account_id'], 'updated_at');
    return {
      // The account first (created when unknown, named from its slug), then the snapshot row.
      write(row, _exists, upsert) {
        const id = row.account_id as string;
        const known = env.accounts.has(id);
        if (!known) {
          row.name ??= nameFromSlug(id);
          env.accounts.add(id);
          env.accountCreated();
        }
        const acct = accounts.write(row, env.stamp, known);
        const snap = upsert(row, false);
        if (snap === INSERTED) return INSERTED;
        return snap === UPDATED || acct !== UNCHANGED ? UPDATED : snap;
      },
    };
  },
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
