import { TICKET_PRIORITIES } from '../../../db/schema';
import { type KindSpec, v } from '../kind';

/** Support tickets keyed by the helpdesk's ticket id. */
export const ticketsKind: KindSpec = {
  kind: 'tickets',
  chunked: true,
  noun: 'ticket',
  table: 'tickets',
  key: ['ticket_id'],
  accountRef: 'account_id',
  fields: {
    ticket_id: { type: 'text', column: 'id', required: true, aliases: ['id'], schema: v.text().min(1) },
    account_id: { type: 'slug', column: 'account_id', required: true, aliases: ['account'], schema: v.slug() },
    opened_at: { type: 'instant', column: 'opened_at', required: true, aliases: ['created_at'], schema: v.instant() },
    closed_at: { type: 'instant', column: 'closed_at', nullable: true, schema: v.instant() },
    priority: { type: 'enum', column: 'priority', schema: v.oneOf(TICKET_PRIORITIES) },
    csat: {
      type: 'int',
      column: 'csat',
      nullable: true,
      schema: v.scale(1, 5, 'CSAT'),
    },
    escalated: { type: 'bool', column: 'escalated', schema: v.bool() },
    subject: { type: 'text', column: 'subject', nullable: true, schema: v.text() },
  },
  finalize(row, ctx) {
    if (typeof row.closed_at === 'string' && typeof row.opened_at === 'string' && row.closed_at < row.opened_at) {
      ctx.problem('closed_at', `is before opened_at (${row.opened_at})`);
    }
  },
};
