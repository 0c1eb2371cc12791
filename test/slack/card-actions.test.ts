import { describe, expect, it } from 'vitest';
import { ActionIds, CallbackIds } from '../../blocks/action-ids';
import { assertWithinBlockKitLimits } from '../support/blockkit-limits';
import { assertAllSentWithinLimits, buttonClick, useHarness, waitFor } from './support/harness';
import { U } from './support/seed';

const h = useHarness();

describe('account card buttons', () => {
  it('Share in channel enqueues the public card (no buttons, no owner ping, no names) into the command channel', async () => {
    const r = await h.interact(buttonClick(h.fake, ActionIds.shareCard, 'acme-corp'));
    expect(r.status).toBe(200);
    const confirm = await waitFor(() => h.responses()[0], 'share confirmation');
    expect(confirm.text).toContain('Sharing the Acme Corp card');
    expect(confirm.response_type).toBe('ephemeral');
    const rows = h.db.$client.prepare("select method, channel, args from outbox where method = 'chat.postMessage'").all() as {
      method: string;
      channel: string;
      args: string;
    }[];
    expect(rows).toHaveLength(1);
    expect(rows[0].channel).toBe('C0001');
    const args = JSON.parse(rows[0].args) as { channel: string; text: string; blocks: { type: string }[] };
    assertWithinBlockKitLimits(args, 'message');
    expect(args.blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(JSON.stringify(args.blocks)).not.toContain('<@UCSM1>');
    expect(JSON.stringify(args.blocks)).not.toContain('Carl CSM'); // names stay out of shared cards by default (slack.sharedCard)
    expect(h.fake.callsTo('conversations.info').map((c) => c.args.channel)).toEqual(['C0001']); // checked for Slack Connect first
    expect(assertAllSentWithinLimits(h.fake)).toBeGreaterThan(0);
  });

  it('Log outreach by the owner opens the modal with the trigger id', async () => {
    const click = buttonClick(h.fake, ActionIds.logOutreach, 'acme-corp', U.csm);
    await h.interact(click);
    const open = await waitFor(() => h.fake.callsTo('views.open')[0], 'views.open');
    expect(open.args.trigger_id).toBe(click.trigger_id);
    const view = open.args.view as { callback_id: string; private_metadata: string; blocks: { block_id: string }[] };
    expect(view.callback_id).toBe(CallbackIds.outreachModal);
    expect(JSON.parse(view.private_metadata)).toMatchObject({ accountId: 'acme-corp', channelId: 'C0001', alertId: 1 });
    expect(view.blocks.map((b) => b.block_id)).toEqual(['outreach_account', 'outreach_type', 'outreach_notes', 'outreach_outcome', 'outreach_next_step']);
    assertAllSentWithinLimits(h.fake);
  });

  it("the owner's manager and the VP may log outreach too", async () => {
    await h.interact(buttonClick(h.fake, ActionIds.logOutreach, 'acme-corp', U.manager));
    await h.interact(buttonClick(h.fake, ActionIds.logOutreach, 'acme-corp', U.vp));
    await waitFor(() => h.fake.callsTo('views.open').length === 2, 'two modals');
  });

  it('refuses a non-owner with an ephemeral explanation and opens nothing', async () => {
    await h.interact(buttonClick(h.fake, ActionIds.logOutreach, 'acme-corp', U.csm2));
    const refusal = await waitFor(() => h.responses()[0], 'refusal');
    expect(refusal.response_type).toBe('ephemeral');
    expect(refusal.replace_original).toBe(false);
    expect(String(refusal.text)).toContain('Only the account owner (Carl CSM)');
    expect(h.fake.callsTo('views.open')).toHaveLength(0);
  });

  it('refuses from the App Home with a notice modal (there is no conversation to answer in)', async () => {
    await h.interact(buttonClick(h.fake, `${ActionIds.logOutreach}:home:0`, 'initech', U.outsider, 'home'));
    const open = await waitFor(() => h.fake.callsTo('views.open')[0], 'notice modal');
    expect(JSON.stringify(open.args.view)).toContain('Only the account owner (Cleo CSM)');
    assertAllSentWithinLimits(h.fake);
  });

  it('a pick-account button replaces the choices with the card', async () => {
    await h.interact(buttonClick(h.fake, `${ActionIds.pickAccount}:1`, 'acme-labs'));
    const resp = await waitFor(() => h.responses()[0], 'card response');
    expect(resp.replace_original).toBe(true);
    expect(String(resp.text)).toContain('Acme Labs: not scored yet');
    assertAllSentWithinLimits(h.fake);
  });
});
