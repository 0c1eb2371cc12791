import { EXPANSION_TYPES, REVENUE_KINDS } from '../../../db/schema';
import { revenueEventAccount } from '../../activity/store';
import { rebuildAccountRollups, refreshAccountRollups } from '../../book/account-rollups';
import { type KindSpec, arrFromMrr, v } from '../kind';

const NEGATIVE = new Set(['contraction', 'churn']);

/**
 * Revenue movements (new, expansion, contraction, churn, reactivation). Amounts are stored signed:
 * exports usually list churned ARR as a positive amount, so churn and contraction are negated here.
 */
export const revenueKind: KindSpec = {
  kind: 'revenue',
  chunked: true,
  noun: 'revenue event',
  table: 'revenue_events',
  key: ['event_id'],
  accountRef: 'account_id',
  fields: {
    event_id: { type: 'text', column: 'id', aliases: ['id'], schema: v.text().min(1) },
    account_id: { type: 'slug', column: 'account_id', required: true, aliases: ['account'], schema: v.slug() },
    occurred_on: { type: 'date', column: 'occurred_on', required: true, aliases: ['date', 'day'], schema: v.day() },
    kind: { type: 'enum', column: 'kind', required: true, aliases: ['type'], schema: v.oneOf(REVENUE_KINDS) },
    arr_delta: { type: 'real', column: 'arr_delta', aliases: ['arr', 'amount'], schema: v.signedMoney() },
    mrr_delta: { type: 'real', column: null, aliases: ['mrr'], schema: v.signedMoney() },
    expansion_type: { type: 'enum', column: 'expansion_type', nullable: true, schema: v.oneOf(EXPANSION_TYPES) },
    note: { type: 'text', column: 'note', nullable: true, schema: v.text() },
  },
  finalize(row, ctx) {
    arrFromMrr(row, ctx, 'arr_delta', 'mrr_delta', false);
    if (typeof row.arr_delta !== 'number') {
      if (typeof row.mrr_delta === 'number') return; // reported by arrFromMrr
      ctx.problem('arr_delta', 'is required (or give mrr_delta)');
      return;
    }
    const kind = row.kind as string;
    if (NEGATIVE.has(kind)) row.arr_delta = -Math.abs(row.arr_delta);
    else if (row.arr_delta < 0) ctx.problem('arr_delta', `must not be negative for kind ${kind}`);
    if (row.expansion_type != null && kind !== 'expansion') {
      ctx.problem('expansion_type', `only applies to kind expansion (this row is ${kind})`);
    }
    row.event_id ??= `${row.account_id}:${kind}:${row.occurred_on}`;
  },
  // Each batch refreshes the per-account rollups (ARR as of today) of the accounts it touched, in its own
  // transaction: the events' accounts, and the account an event was moved away from by a re-import.
  hooks(env) {
    const touched = new Set<string>();
    return {
      write(row, exists, upsert) {
        const before = revenueEventAccount(env.client, row.event_id as string);
        if (before !== undefined && before !== row.account_id) touched.add(before);
        return upsert(row, exists);
      },
      afterBatch(rows) {
        for (const r of rows) touched.add(r.account_id as string);
        refreshAccountRollups(env.client, touched);
        touched.clear();
      },
    };
  },
  onUndo: (client) => void rebuildAccountRollups(client),
};
