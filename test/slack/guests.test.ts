import { describe, expect, it } from 'vitest';
import { ActionIds } from '../../blocks/action-ids';
import { GUEST_MESSAGE } from '../../src/slack/guest-guard';
import { buttonClick, startHarness, useHarness, waitFor } from './support/harness';
import { U } from './support/seed';

const h = useHarness();

describe('Slack guests may not use the app', () => {
  it('refuses a guest flagged in the team table without calling Slack', async () => {
    const r = await h.command('acme-corp', U.guest);
    expect(r.json?.text).toBe(GUEST_MESSAGE);
    expect(r.json?.blocks).toBeUndefined();
  });

  it('refuses an ultra-restricted user detected via users.info, and caches the answer', async () => {
    expect((await h.command('acme-corp', 'UEXT1')).json?.text).toBe(GUEST_MESSAGE);
    expect((await h.command('mine', 'UEXT1')).json?.text).toBe(GUEST_MESSAGE);
    expect(h.fake.callsTo('users.info').filter((c) => c.args.user === 'UEXT1')).toHaveLength(1);
  });

  it('refuses guest button clicks and shows guests a notice Home', async () => {
    await h.interact(buttonClick(h.fake, ActionIds.logOutreach, 'acme-corp', 'UEXT1'));
    const resp = await waitFor(() => h.responses()[0], 'refusal');
    expect(resp.text).toBe(GUEST_MESSAGE);
    expect(h.fake.callsTo('views.open')).toHaveLength(0);
    await h.event({ type: 'app_home_opened', user: 'UEXT1', channel: 'D1', tab: 'home', event_ts: '1.1' });
    const pub = await waitFor(() => h.fake.callsTo('views.publish')[0], 'notice home');
    expect(JSON.stringify(pub.args.view)).toContain('full members of this workspace only');
    expect(JSON.stringify(pub.args.view)).not.toContain('Acme');
  });

  it('lets a workspace member who is not in the team table look up, but not act', async () => {
    const r = await h.command('acme-corp', 'UNEW1');
    expect(r.json?.text).toContain('Acme Corp: health 42');
    await h.interact(buttonClick(h.fake, ActionIds.logOutreach, 'acme-corp', 'UNEW1'));
    const resp = await waitFor(() => h.responses()[0], 'refusal');
    expect(String(resp.text)).toContain('not mapped to a Bellwether team member');
  });
});

describe('allowGuests config', () => {
  it('lets guests in when slack.allowGuests is true', async () => {
    const h2 = await startHarness({ config: { slack: { allowGuests: true } } });
    try {
      expect((await h2.command('acme-corp', 'UEXT1')).json?.text).toContain('Acme Corp: health 42');
    } finally {
      await h2.close();
    }
  });
});
