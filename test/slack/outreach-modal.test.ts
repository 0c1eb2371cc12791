import { describe, expect, it } from 'vitest';
import { CallbackIds } from '../../blocks/action-ids';
import { viewSubmission } from '../support/block-actions';
import { assertAllSentWithinLimits, useHarness, waitFor } from './support/harness';
import { U } from './support/seed';

const h = useHarness();

let views = 0;

/** A view_submission as Slack sends it; each opened modal has its own view id unless one is given. */
function submission(
  user: string,
  values: { type?: string; notes?: string; outcome?: string; next?: string | null },
  meta: Record<string, unknown> = { accountId: 'acme-corp', alertId: 1 },
  viewId = `V${++views}`,
) {
  return viewSubmission({
    user,
    viewId,
    callbackId: CallbackIds.outreachModal,
    privateMetadata: JSON.stringify(meta),
    values: {
      outreach_type: {
        outreach_type_value: {
          type: 'static_select',
          selected_option: values.type ? { value: values.type, text: { type: 'plain_text', text: values.type } } : null,
        },
      },
      outreach_notes: { outreach_notes_value: { type: 'plain_text_input', value: values.notes ?? null } },
      outreach_outcome: { outreach_outcome_value: { type: 'plain_text_input', value: values.outcome ?? null } },
      outreach_next_step: { outreach_next_step_value: { type: 'datepicker', selected_date: values.next ?? null } },
    },
  });
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

  it("saves a valid submission, which becomes the card's last touch, and refreshes the logger's Home", async () => {
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
    expect(JSON.stringify(card.json?.blocks)).toContain(`call by <@${U.csm}> today — QBR booked`);
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

describe('a replayed view_submission logs the outreach once (issue 10)', () => {
  const count = () => outreachRows().length;

  it('the same payload delivered twice saves one row; both deliveries close the modal', async () => {
    const before = count();
    const payload = submission(U.csm, { type: 'call', notes: 'replayed once' }, { accountId: 'acme-corp' }, 'VREPLAY1');
    const first = await h.interact(payload);
    const second = await h.interact(payload);
    expect([first.status, first.text, second.status, second.text]).toEqual([200, '', 200, '']);
    expect(count()).toBe(before + 1);
    expect(outreachRows().filter((r) => r.notes === 'replayed once')).toEqual([
      expect.objectContaining({ account_id: 'acme-corp', idempotency_key: 'view:T0001:VREPLAY1' }),
    ]);
  });

  it('two deliveries racing each other still save one row', async () => {
    const before = count();
    const payload = submission(U.csm, { type: 'email', notes: 'raced' }, { accountId: 'acme-corp' }, 'VREPLAY2');
    const all = await Promise.all([h.interact(payload), h.interact(payload), h.interact(payload)]);
    expect(all.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(count()).toBe(before + 1);
  });

  it('a submission rejected with inline errors does not use up its view id: the corrected one is saved', async () => {
    const before = count();
    const bad = await h.interact(submission(U.csm, { type: 'call', next: '2020-01-01' }, { accountId: 'acme-corp' }, 'VREPLAY3'));
    expect(bad.json?.response_action).toBe('errors');
    expect(count()).toBe(before);
    const good = await h.interact(submission(U.csm, { type: 'call', notes: 'fixed' }, { accountId: 'acme-corp' }, 'VREPLAY3'));
    expect(good.text).toBe('');
    expect(count()).toBe(before + 1);
  });

  it('two different modals with the same content are two outreaches', async () => {
    const before = count();
    await h.interact(submission(U.csm, { type: 'call', notes: 'same words' }, { accountId: 'acme-corp' }));
    await h.interact(submission(U.csm, { type: 'call', notes: 'same words' }, { accountId: 'acme-corp' }));
    expect(count()).toBe(before + 2);
  });
});

describe('malformed submissions get inline errors or are ignored safely, never "[object Object]" (issue 10)', () => {
  it('an object where text belongs is an error on that field, and nothing is saved', async () => {
    const before = outreachRows().length;
    const payload = submission(U.csm, { type: 'call', notes: 'x' }, { accountId: 'acme-corp' });
    const values = payload.view.state.values as Record<string, Record<string, Record<string, unknown>>>;
    values.outreach_notes.outreach_notes_value.value = { text: 'evil' };
    values.outreach_outcome.outreach_outcome_value.value = ['a', 'b'];
    const r = await h.interact(payload);
    expect(r.json?.response_action).toBe('errors');
    expect(r.json?.errors).toEqual({
      outreach_notes: 'This value could not be read; please enter it again.',
      outreach_outcome: 'This value could not be read; please enter it again.',
    });
    expect(outreachRows().length).toBe(before);
  });

  it('a next-step date that does not exist (2026-02-30) is refused, not rolled into March', async () => {
    const r = await h.interact(submission(U.csm, { type: 'call', notes: 'x', next: '2027-02-30' }, { accountId: 'acme-corp' }));
    expect(r.json?.errors).toEqual({ outreach_next_step: 'Use a date like 2026-12-01.' });
  });

  it('an alert id in the metadata that is not a number is dropped, the outreach saved without it', async () => {
    const r = await h.interact(submission(U.csm, { type: 'call', notes: 'meta object' }, { accountId: 'acme-corp', alertId: { id: 1 } }));
    expect(r.status).toBe(200);
    expect(r.text).toBe('');
    expect(outreachRows().at(-1)).toMatchObject({ notes: 'meta object', alert_id: null });
  });
});
