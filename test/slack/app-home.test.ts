import { describe, expect, it } from 'vitest';
import { ActionIds } from '../../blocks/action-ids';
import { HOME_PAGE_SIZE } from '../../blocks/home';
import { assertAllSentWithinLimits, buttonClick, useHarness, waitFor } from './support/harness';
import { getAlert } from '../../src/alerts/store';
import { addAccount, addReason, addScore, seedBook, TODAY, U } from './support/seed';

const h = useHarness({
  seed: (db) => {
    seedBook(db);
    // a big book for the VP: 40 more accounts to page through
    for (let i = 0; i < 40; i++) {
      addAccount(db, { id: `bulk-${i}`, name: `Bulk Co ${i}`, owner: 'out@x.io', ownerSlack: U.outsider, arr: 1000 * i });
      addScore(db, `bulk-${i}`, TODAY, 20 + i, i < 10 ? 'Critical' : 'Healthy');
    }
  },
});

type View = { type: string; blocks: { block_id?: string; type: string; elements?: { action_id: string; value: string }[] }[]; private_metadata: string };
const lastHome = () => h.fake.callsTo('views.publish').at(-1)?.args.view as View;

describe('App Home', () => {
  it("publishes the caller's book on app_home_opened", async () => {
    const r = await h.event({ type: 'app_home_opened', user: U.csm, channel: 'D1', tab: 'home', event_ts: '1.1' });
    expect(r.status).toBe(200);
    const call = await waitFor(() => h.fake.callsTo('views.publish')[0], 'views.publish');
    expect(call.args.user_id).toBe(U.csm);
    const s = JSON.stringify(call.args.view);
    expect(s).toContain('Your accounts');
    expect(s).toContain('Acme Corp');
    expect(s).toContain('Globex Inc');
    expect(s).not.toContain('Initech');
    expect(s).toContain('$240k (75%)'); // at-risk ARR share of 320k
    expect(s).toContain('Usage down 45% in 30 days');
    assertAllSentWithinLimits(h.fake);
  });

  it('lists open alert GROUPS with all their reasons (top first); a listed account shows its group in one line; Acknowledge acts on the whole group', async () => {
    addReason(h.db, 1, 'acme-corp', 'usage_decline', 'high', 'Usage down 45% in 30 days');
    addReason(h.db, 1, 'acme-corp', 'inactivity', 'medium', 'No login by <!here> admins for 21 days');
    addReason(h.db, 1, 'acme-corp', 'health_drop', 'medium', 'Health dropped 26 points', 'cleared');
    await h.event({ type: 'app_home_opened', user: U.csm, channel: 'D1', tab: 'home', event_ts: '1.1' });
    await waitFor(() => h.fake.callsTo('views.publish')[0], 'views.publish');
    const home = lastHome() as unknown as { blocks: { block_id?: string; text?: { text: string }; accessory?: { action_id: string; value: string } }[] };
    const group = home.blocks.find((b) => b.block_id === 'home_alert_0')!;
    expect(group.text!.text).toContain('*Acme Corp* · high');
    expect(group.text!.text).toContain('Usage down 45% in 30 days · No login by &lt;!here&gt; admins for 21 days');
    expect(group.text!.text).not.toContain('Health dropped'); // a cleared reason is not listed
    expect(group.accessory).toMatchObject({ value: '1' });
    expect(group.accessory!.action_id.startsWith(`${ActionIds.acknowledge}:`)).toBe(true);
    const acme = home.blocks.find((b) => b.block_id?.startsWith('home_row_') && b.text?.text.includes('Acme Corp'))!;
    expect(acme.text!.text).toContain(':large_orange_circle: _high alert_: Usage down 45% in 30 days · +1 more');
    const globex = home.blocks.find((b) => b.block_id?.startsWith('home_row_') && b.text?.text.includes('Globex'))!;
    expect(globex.text!.text).not.toContain('alert');
    // Acknowledge from the Home: the whole group is acknowledged and the Home re-published without the button
    h.fake.reset();
    await h.interact(buttonClick(h.fake, group.accessory!.action_id, group.accessory!.value, U.csm, 'home'));
    await waitFor(() => getAlert(h.db, 1)!.status === 'acknowledged', 'group acknowledged');
    expect(getAlert(h.db, 1)!.acknowledgedBy).toBe(U.csm);
    await waitFor(() => h.fake.callsTo('views.publish')[0], 'home refresh');
    const after = lastHome() as unknown as { blocks: { block_id?: string; text?: { text: string }; accessory?: unknown }[] };
    const refreshed = after.blocks.find((b) => b.block_id === 'home_alert_0')!;
    expect(refreshed.text!.text).toContain('· acknowledged');
    expect(refreshed.accessory).toBeUndefined();
  });

  it('ignores the Messages tab', async () => {
    await h.event({ type: 'app_home_opened', user: U.csm, channel: 'D1', tab: 'messages', event_ts: '1.1' });
    await new Promise((r) => setTimeout(r, 100));
    expect(h.fake.callsTo('views.publish')).toHaveLength(0);
  });

  it('filters in one click: at risk and renewing within 60 days', async () => {
    await h.interact(buttonClick(h.fake, `${ActionIds.homeFilter}:at_risk_renewing`, 'at_risk_renewing', U.manager, 'home'));
    await waitFor(() => h.fake.callsTo('views.publish')[0], 'filtered home');
    const s = JSON.stringify(lastHome());
    expect(s).toContain('Acme Corp'); // At-Risk, renews in 45 days
    expect(s).not.toContain('Initech'); // Critical but renews in 80 days
    // the manager's list shows more than one owner: expected ARR at risk is its default order
    expect(JSON.parse(lastHome().private_metadata)).toEqual({ filter: 'at_risk_renewing', page: 0, sort: 'expected' });
  });

  it('filters: no touch in 30 days', async () => {
    await h.interact(buttonClick(h.fake, `${ActionIds.homeFilter}:no_touch_30`, 'no_touch_30', U.csm, 'home'));
    await waitFor(() => h.fake.callsTo('views.publish')[0], 'filtered home');
    const rows = lastHome().blocks.filter((b) => b.block_id?.startsWith('home_row_'));
    expect(rows).toHaveLength(2);
  });

  it('paginates a large book and stays within 100 blocks', async () => {
    await h.event({ type: 'app_home_opened', user: U.vp, channel: 'D1', tab: 'home', event_ts: '1.1' });
    await waitFor(() => h.fake.callsTo('views.publish')[0], 'vp home');
    // the VP opens on the team view; "All accounts" is one click away
    const all = lastHome()
      .blocks.find((b) => b.block_id === 'team_nav')!
      .elements!.find((e) => e.action_id.endsWith(':all'))!;
    h.fake.reset();
    await h.interact(buttonClick(h.fake, all.action_id, all.value, U.vp, 'home'));
    await waitFor(() => h.fake.callsTo('views.publish')[0], 'all accounts');
    const first = lastHome();
    expect(first.blocks.filter((b) => b.block_id?.startsWith('home_row_'))).toHaveLength(HOME_PAGE_SIZE);
    const next = first.blocks.find((b) => b.block_id === 'home_pages')!.elements!.find((e) => e.action_id.endsWith(':next'))!;
    await h.interact(buttonClick(h.fake, next.action_id, next.value, U.vp, 'home'));
    await waitFor(() => h.fake.callsTo('views.publish').length === 2, 'page 2');
    expect(JSON.parse(lastHome().private_metadata)).toEqual({ filter: 'all', page: 1, sort: 'expected' });
    expect(JSON.stringify(lastHome())).toContain('page 2/3');
    assertAllSentWithinLimits(h.fake);
  });
});
