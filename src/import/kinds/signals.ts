import { SIGNAL_KINDS } from '../../../db/schema';
import { type KindSpec, v } from '../kind';

/** Account signals (champion departed, payment failed …). Without an id, (account, kind, time) identifies one. */
export const signalsKind: KindSpec = {
  kind: 'signals',
  chunked: true,
  noun: 'signal',
  table: 'signals',
  key: ['signal_id'],
  accountRef: 'account_id',
  fields: {
    signal_id: { type: 'text', column: 'id', aliases: ['id'], schema: v.text().min(1) },
    account_id: { type: 'slug', column: 'account_id', required: true, aliases: ['account'], schema: v.slug() },
    kind: { type: 'enum', column: 'kind', required: true, aliases: ['type', 'signal'], schema: v.oneOf(SIGNAL_KINDS) },
    occurred_at: { type: 'instant', column: 'occurred_at', required: true, aliases: ['date', 'at'], schema: v.instant() },
    detail: { type: 'text', column: 'detail', nullable: true, schema: v.text() },
    source: { type: 'text', column: 'source', nullable: true, schema: v.text() },
    resolved_at: { type: 'instant', column: 'resolved_at', nullable: true, schema: v.instant() },
  },
  finalize(row) {
    row.signal_id ??= `${row.account_id}:${row.kind}:${row.occurred_at}`;
  },
};
