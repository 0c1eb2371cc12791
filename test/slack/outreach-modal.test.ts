import { describe, expect, it } from 'vitest';
import { CallbackIds } from '../../blocks/action-ids';
import { assertAllSentWithinLimits, useHarness, waitFor } from './support/harness';
import { U } from './support/seed';

const h = useHarness();

function submission(user: string, values: { type?: string; notes?: string; outcome?: string; next?: string | null }, meta: Record<string, unknown> = { accountId: 'acme-corp', alertId: 1 }) {
  return {
    type: 'view_submission',
    team: { id: 'T0001', domain: 'fake' },
    user: { id: user, username: 'u', name: 'u', team_id: 'T0001' },
    api_app_id: 'A0001',
    token: 'x',
    trigger_id: 't.1',
    view: {
      id: 'V123',
      type: 'modal',
      callback_id: CallbackIds.outreachModal,
      private_metadata: JSON.stringify(meta),
      state: {
        values: {
          outreach_type: { outreach_type_value: { type: 'static_select', selected_option: values.type ? { value: values.type, text: { type: 'plain_text', text: values.type } } : null } },
          outreach_notes: { outreach_notes_value: { type: 'plain_text_input', value: values.notes ?? null } },
          outreach_outcome: { outreach_outcome_value: { type: 'plain_text_input', value: values.outcome ?? null } },
          outreach_next_step: { outreach_next_step_value: { type: 'datepicker', selected_date: values.next ?? null } },
        },
      },
      hash: 'h',
    },
  };
}

const outreachRows = () => h.db.$client.prepare('select * from outreach order by id').all() as Record<string, unknown>[];

describe('outreach modal submission', () => {
  it('returns inline errors naming each bad block and saves nothing', async () => {
    const r = await h.interact(submission(U.csm, { type: 'fax', next: '2026-11-01' }));
    expect(r.status).toBe(200);
    expect(r.json?.response_action).toBe('errors');
    const errors = r.json?.errors as Record<string, string>;
    expect(Object.keys(errors).sort()).toEqual(['outreach_next_step', 'outreach_notes', 'outreach_type']);
    expect(errors.outreach_next_step).toContain('past');
    expect(outreachRows()).toHaveLength(0);
  });

  it('saves a valid submission, which becomes the card\'s last touch, and refreshes the logger\'s Home', async () => {
    const r = await h.interact(submission(U.csm, { type: 'call', notes: 'Talked to <!channel> champion', outcome: 'QBR booked', next: '2026-12-01' }));
    expect(r.status).toBe(200);
    expect(r.text).toBe('');
    const rows = outreachRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ account_id: 'acme-corp', logged_by: U.csm, type: 'call', outcome: 'QBR booked', next_step_on: '2026-12-01', alert_id: 1 });
    expect(rows[0].occurred_at).toBe('2026-11-20T15:00:00.000Z');
    const publish = await waitFor(() => h.fake.callsTo('views.publish')[0], 'home refresh');
    expect(publish.args.user_id).toBe(U.csm);
    expect(JSON.stringify(publish.args.view)).toContain('touched today');
    const card = await h.command('acme-corp');
    expect(JSON.stringify(card.json?.blocks)).toContain('call today — QBR booked');
    expect(JSON.stringify(card.json?.blocks)).toContain('next step 2026-12-01');
    assertAllSentWithinLimits(h.fake);
  });

  it('drops a forged or stale alert id instead of failing', async () => {
    const r = await h.interact(submission(U.csm, { type: 'email', notes: 'follow-up' }, { accountId: 'globex', alertId: 999 }));
    expect(r.status).toBe(200);
    expect(outreachRows().at(-1)).toMatchObject({ account_id: 'globex', alert_id: null });
  });

  it('re-checks permission on submit: a non-owner cannot save', async () => {
    const r = await h.interact(submission(U.csm2, { type: 'email', notes: 'sneaky' }));
    expect(r.json?.response_action).toBe('errors');
    expect(JSON.stringify(r.json?.errors)).toContain('Only the account owner');
    expect(outreachRows().filter((x) => x.logged_by === U.csm2)).toHaveLength(0);
  });
});
