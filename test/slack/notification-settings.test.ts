import { describe, expect, it } from 'vitest';
import { ActionIds, CallbackIds } from '../../blocks/action-ids';
import { getSettings, isFollowing } from '../../src/attention/store';
import { viewSubmission } from '../support/block-actions';
import { buttonClick, useHarness, waitFor } from './support/harness';
import { U } from './support/seed';

const h = useHarness();

let views = 0;
function submission(user: string, v: { dm?: string[]; time?: string | null; away?: string | null; delegate?: string | null }) {
  return viewSubmission({
    user,
    viewId: `VN${++views}`,
    callbackId: CallbackIds.notificationSettingsModal,
    privateMetadata: '',
    values: {
      notify_dm: {
        notify_dm_value: { type: 'checkboxes', selected_options: (v.dm ?? []).map((value) => ({ value, text: { type: 'plain_text', text: value } })) },
      },
      notify_summary_time: { notify_summary_time_value: { type: 'timepicker', selected_time: v.time === undefined ? '17:00' : v.time } },
      notify_away_until: { notify_away_until_value: { type: 'datepicker', selected_date: v.away ?? null } },
      notify_delegate: { notify_delegate_value: { type: 'users_select', selected_user: v.delegate ?? null } },
    },
  });
}

describe('notification settings (App Home → modal)', () => {
  it('the App Home button opens the modal with the person’s current settings', async () => {
    const click = buttonClick(h.fake, ActionIds.notificationSettings, 'open', U.csm, 'home');
    await h.interact(click);
    const open = await waitFor(() => h.fake.callsTo('views.open')[0], 'views.open');
    expect(open.args.trigger_id).toBe(click.trigger_id);
    const view = open.args.view as {
      callback_id: string;
      blocks: { block_id?: string; element?: { initial_time?: string; initial_options?: { value: string }[] } }[];
    };
    expect(view.callback_id).toBe(CallbackIds.notificationSettingsModal);
    expect(view.blocks.find((b) => b.block_id === 'notify_summary_time')?.element?.initial_time).toBe('17:00');
    expect(view.blocks.find((b) => b.block_id === 'notify_dm')?.element?.initial_options?.map((o) => o.value)).toEqual(['critical', 'high', 'medium']);
  });

  it('bad input gets inline errors per block and nothing is saved', async () => {
    const r = await h.interact(submission(U.csm, { dm: ['critical'], time: null, away: '2026-11-01', delegate: U.csm }));
    expect(r.json?.response_action).toBe('errors');
    expect(Object.keys(r.json?.errors as object).sort()).toEqual(['notify_away_until', 'notify_delegate', 'notify_summary_time']);
    expect(h.db.$client.prepare('select count(*) n from notification_settings').get()).toEqual({ n: 0 });
  });

  it('away without a delegate is refused; a valid submission is saved and read back', async () => {
    const r = await h.interact(submission(U.csm, { dm: ['critical'], away: '2026-11-30' }));
    expect((r.json?.errors as Record<string, string> | undefined)?.notify_delegate).toContain('while you are away');
    const ok = await h.interact(submission(U.csm, { dm: ['critical'], time: '08:30', away: '2026-11-30', delegate: U.csm2 }));
    expect(ok.status).toBe(200);
    expect(ok.text).toBe('');
    expect(getSettings(h.db, U.csm, '17:00')).toEqual({
      userId: U.csm,
      dmSeverities: ['critical'],
      summaryTime: '08:30',
      awayUntil: '2026-11-30',
      delegateId: U.csm2,
    });
  });
});

describe('follow an account from its card', () => {
  it('toggles following and says so in an ephemeral reply', async () => {
    await h.interact(buttonClick(h.fake, ActionIds.followAccount, 'acme-corp', U.vp));
    const first = await waitFor(() => h.responses()[0], 'follow reply');
    expect(String(first.text)).toContain('You now follow *Acme Corp*');
    expect(isFollowing(h.db, U.vp, 'account', 'acme-corp')).toBe(true);
    await h.interact(buttonClick(h.fake, ActionIds.followAccount, 'acme-corp', U.vp));
    const second = await waitFor(() => h.responses()[1], 'unfollow reply');
    expect(String(second.text)).toContain('You no longer follow *Acme Corp*');
    expect(isFollowing(h.db, U.vp, 'account', 'acme-corp')).toBe(false);
  });
});

describe('/health follow', () => {
  const text = (r: { json?: Record<string, unknown> }) => JSON.stringify(r.json?.blocks ?? r.json?.text);
  it('a person follows an account by slug and unfollows it', async () => {
    expect(text(await h.command('follow acme-corp', U.csm2))).toContain('You now follow *Acme Corp*');
    expect(isFollowing(h.db, U.csm2, 'account', 'acme-corp')).toBe(true);
    expect(text(await h.command('follow Acme Corp', U.csm2))).toContain('already follow');
    expect(text(await h.command('unfollow acme-corp', U.csm2))).toContain('no longer follow');
    expect(isFollowing(h.db, U.csm2, 'account', 'acme-corp')).toBe(false);
  });

  it('a channel follows a segment (Slack’s escaped channel mention); unknown names get a clear answer', async () => {
    expect(text(await h.command('follow segment:enterprise <#C0ENT1|cs-enterprise>', U.manager))).toContain('now follows the *Enterprise* segment');
    expect(isFollowing(h.db, 'C0ENT1', 'segment', 'Enterprise')).toBe(true);
    expect(text(await h.command('follow segment:Nowhere', U.manager))).toContain('No accounts are in a segment called “Nowhere”. Segments: Enterprise');
    expect(text(await h.command('follow <!channel> corp', U.manager))).toContain('No account is called “&lt;!channel&gt; corp”');
    expect(text(await h.command('follow', U.manager))).toContain('Follow what?');
  });
});
