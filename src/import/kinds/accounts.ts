import { LIFECYCLES, RENEWAL_STATUSES } from '../../../db/schema';
import { type KindSpec, arrFromMrr, v } from '../kind';

/** Accounts: one row per customer, keyed by slug. Columns not in the file keep their stored values. */
export const accountsKind: KindSpec = {
  kind: 'accounts',
  noun: 'account',
  table: 'accounts',
  key: ['account_id'],
  updatedAt: true,
  requiredOnInsert: ['name'],
  needsAccounts: true,
  // The account set is this kind's own key set: a new id creates an account (and needs a name).
  hooks: (env) => ({
    isNew: (key) => !env.accounts.has(key),
    accepted: (row) => void env.accounts.add(String(row.account_id)),
  }),
  fields: {
    account_id: { type: 'slug', column: 'id', required: true, aliases: ['id', 'slug', 'account'], schema: v.slug() },
    name: { type: 'text', column: 'name', aliases: ['account_name'], schema: v.text().min(1) },
    owner_email: { type: 'email', column: 'owner_email', nullable: true, aliases: ['owner'], schema: v.email() },
    owner_slack_id: { type: 'text', column: 'owner_slack_id', nullable: true, schema: v.text() },
    segment: { type: 'text', column: 'segment', nullable: true, aliases: ['plan', 'plan_tier', 'tier'], schema: v.text() },
    industry: { type: 'text', column: 'industry', nullable: true, schema: v.text() },
    country: { type: 'text', column: 'country', nullable: true, schema: v.text() },
    arr: { type: 'real', column: 'arr', schema: v.money() },
    mrr: { type: 'real', column: null, schema: v.money() },
    contract_start: { type: 'date', column: 'contract_start', nullable: true, schema: v.day() },
    renewal_date: { type: 'date', column: 'renewal_date', nullable: true, schema: v.day() },
    renewal_status: { type: 'enum', column: 'renewal_status', schema: v.oneOf(RENEWAL_STATUSES) },
    lifecycle: { type: 'enum', column: 'lifecycle', schema: v.oneOf(LIFECYCLES) },
    signup_date: { type: 'date', column: 'signup_date', nullable: true, schema: v.day() },
    seats_licensed: { type: 'int', column: 'seats_licensed', nullable: true, aliases: ['seats'], schema: v.count() },
    // Valid-from date of the row's values (a CRM history export): the values they replace are kept in
    // account_history up to this day, so scoring a past date reads what was true then. Load oldest first.
    as_of: { type: 'date', column: 'as_of', nullable: true, aliases: ['valid_from', 'effective_date'], schema: v.day() },
  },
  finalize(row, ctx) {
    if (typeof row.as_of === 'string' && row.as_of > ctx.today)
      ctx.problem('as_of', `is ${row.as_of}, after today (${ctx.today}): values cannot be valid from the future`);
    arrFromMrr(row, ctx);
  },
};
