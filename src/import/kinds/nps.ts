import { type KindSpec, v } from '../kind';

/** NPS survey responses. Without a response id, (account, responded_at) identifies a response. */
export const npsKind: KindSpec = {
  kind: 'nps',
  chunked: true,
  noun: 'NPS response',
  table: 'nps_responses',
  key: ['response_id'],
  accountRef: 'account_id',
  fields: {
    response_id: { type: 'text', column: 'id', aliases: ['id'], schema: v.text().min(1) },
    account_id: { type: 'slug', column: 'account_id', required: true, aliases: ['account'], schema: v.slug() },
    responded_at: { type: 'instant', column: 'responded_at', required: true, aliases: ['date'], schema: v.instant() },
    score: {
      type: 'int',
      column: 'score',
      required: true,
      aliases: ['nps', 'nps_score'],
      schema: v.scale(0, 10, 'NPS'),
    },
    comment: { type: 'text', column: 'comment', nullable: true, schema: v.text() },
  },
  finalize(row) {
    row.response_id ??= `${row.account_id}:${row.responded_at}`;
  },
};
