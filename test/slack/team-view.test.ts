/**
 * The team view over signed HTTP (real Bolt, fake Slack recording views.publish): the manager's and the VP's
 * App Homes (rows, order, drill-down, sort toggle, Back, a row opening the card), `/health team`, and the home
 * row, `/health team` and the CSM digest agreeing for the same CSM.
 */
import { describe, expect, it } from 'vitest';
import { ActionIds } from '../../blocks/action-ids';
import { money } from '../../src/domain/format';
import { computeBook } from '../../src/metrics/book';
import { NOW, PLAYBOOKS, seedTeamBook, TODAY } from '../book/support/team-fixture';
import { buttonClick, useHarness, waitFor } from './support/harness';
import { U } from './support/seed';

const h = useHarness({ seed: seedTeamBook });

type El = { action_id: string; value: string; text?: { text: string } };
type B = { block_id?: string; type: string; text?: { text: string }; elements?: El[]; accessory?: El; fields?: { text: string }[] };
type HomeView = { type: string; blocks: B[]; private_metadata: string };

const lastHome = () => h.fake.callsTo('views.publish').at(-1)?.args.view as HomeView;
const rows = (v: HomeView, prefix: string) => v.blocks.filter((b) => b.block_id?.startsWith(prefix));
const rowTexts = (v: HomeView, prefix: string) => rows(v, prefix).map((b) => b.text!.text);
const button = (v: HomeView, match: (e: El) => boolean): El => {
  for (const b of v.blocks) for (const e of [...(b.elements ?? []), ...(b.accessory ? [b.accessory] : [])]) if (match(e)) return e;
  throw new Error('button not found');
};

async function openHome(user: string): Promise<HomeView> {
  h.fake.reset();
  await h.event({ type: 'app_home_opened', user, channel: 'D1', tab: 'home', event_ts: '1.1' });
  await waitFor(() => h.fake.callsTo('views.publish')[0], 'views.publish');
  return lastHome();
}

async function click(e: El, user: string): Promise<HomeView> {
  h.fake.reset();
  await h.interact(buttonClick(h.fake, e.action_id, e.value, user, 'home'));
  await waitFor(() => h.fake.callsTo('views.publish')[0], `publish after ${e.action_id}`);
  return lastHome();
}

describe("the manager's App Home", () => {
  it('opens on a row per CSM with the rollup figures, by what needs attention', async () => {
    const v = await openHome(U.manager);
    expect(v.blocks[0].text!.text).toContain('Your team');
    const texts = rowTexts(v, 'team_row_');
    expect(texts).toHaveLength(2);
    expect(texts[0]).toContain('*Carl CSM* · 3 accounts · $170k ARR');
    expect(texts[0]).toContain('at risk $100k (▲ +$50k vs 7d ago)');
    expect(texts[0]).toContain('1 open alert · SLA 50% (1/2) this week, 50% (1/2) last · 1 overdue step · 2 untouched 30d');
    expect(texts[1]).toContain('*Cleo CSM* · 1 account · $200k ARR');
    expect(texts[1]).toContain('SLA – this week, – last'); // nothing decided
    const summary = v.blocks
      .find((b) => b.block_id === 'team_summary')!
      .fields!.map((f) => f.text)
      .join('\n');
    expect(summary).toContain('4 · $370k ARR');
    expect(summary).toContain('$300k (81%)');
    expect(v.blocks.find((b) => b.block_id === 'team_order')).toBeDefined();
    expect(JSON.stringify(v)).not.toContain('Charlie One'); // Otto is not on this team
  });

  it("one click opens a CSM's book (no owner column: one owner), rows open the card, and Back returns", async () => {
    const team = await openHome(U.manager);
    const carl = rows(team, 'team_row_')[0].accessory!;
    expect(carl.action_id.startsWith(`${ActionIds.homeOpen}:`)).toBe(true);
    const book = await click(carl, U.manager);
    expect(book.blocks[0].text!.text).toContain("Carl CSM's accounts");
    const list = rowTexts(book, 'home_row_');
    expect(list.map((t) => /\*(.+?)\*/.exec(t)![1])).toEqual(['Alpha One', 'Alpha Two', 'Alpha Three']); // score order, unscored last
    expect(list.join('\n')).not.toContain('_owner_');
    expect(book.blocks.find((b) => b.block_id === 'home_sort')).toBeUndefined();
    // a row opens the card in a modal
    const open = rows(book, 'home_row_')[0].accessory!;
    expect(open.action_id.startsWith(`${ActionIds.openCard}:`)).toBe(true);
    h.fake.reset();
    await h.interact(buttonClick(h.fake, open.action_id, open.value, U.manager, 'home'));
    const modal = await waitFor(() => h.fake.callsTo('views.open')[0], 'card modal');
    expect(JSON.stringify(modal.args.view)).toContain('Alpha One');
    expect((modal.args.view as { type: string }).type).toBe('modal');
    // filters stay inside Carl's book
    const filter = button(book, (e) => e.action_id === `${ActionIds.homeFilter}:at_risk`);
    h.fake.reset();
    await h.interact({
      ...buttonClick(h.fake, filter.action_id, filter.value, U.manager, 'home'),
      view: { id: 'V1', type: 'home', private_metadata: book.private_metadata },
    });
    await waitFor(() => h.fake.callsTo('views.publish')[0], 'filtered');
    expect(rowTexts(lastHome(), 'home_row_').map((t) => /\*(.+?)\*/.exec(t)![1])).toEqual(['Alpha One']);
    // Back: the team again
    const back = await click(
      button(lastHome(), (e) => e.action_id.endsWith(':back')),
      U.manager,
    );
    expect(rowTexts(back, 'team_row_')).toHaveLength(2);
  });

  it("a manager cannot open a book outside their team by forging the button's value", async () => {
    const v = await click({ action_id: `${ActionIds.homeOpen}:row:0`, value: JSON.stringify({ filter: 'all', page: 0, owner: 'out@x.io' }) }, U.manager);
    expect(JSON.stringify(v)).not.toContain('Charlie One');
    expect(v.blocks[0].text!.text).toContain("Your team's accounts");
  });
});

describe("the VP's App Home", () => {
  it('opens on managers (then owners outside a team), plus the top at-risk accounts by ARR with their owner', async () => {
    const v = await openHome(U.vp);
    const texts = rowTexts(v, 'team_row_');
    expect(texts.map((t) => /\*(.+?)\*/.exec(t)![1])).toEqual(['Mona Manager', 'Otto Other', 'Unassigned']);
    expect(texts[0]).toContain('(team) · 4 accounts · $370k ARR');
    expect(rows(v, 'team_row_')[0].accessory!.text!.text).toBe('Open team');
    expect(rows(v, 'team_row_')[2].accessory).toBeUndefined(); // unassigned: nobody's book to open
    const top = rowTexts(v, 'team_top_');
    expect(top.map((t) => /\*(.+?)\*/.exec(t)![1])).toEqual(['Bravo One', 'Alpha One', 'Unowned One']);
    expect(top[0]).toContain('$200k');
    expect(top[0]).toContain('owner Cleo CSM');
    expect(top[2]).toContain('owner unassigned');
  });

  it("drills into a manager's team, then a CSM's book; Back goes up one level each time", async () => {
    const org = await openHome(U.vp);
    const team = await click(rows(org, 'team_row_')[0].accessory!, U.vp);
    expect(team.blocks[0].text!.text).toContain("Mona Manager's team");
    expect(rowTexts(team, 'team_row_').map((t) => /\*(.+?)\*/.exec(t)![1])).toEqual(['Carl CSM', 'Cleo CSM']);
    const cleo = await click(rows(team, 'team_row_')[1].accessory!, U.vp);
    expect(cleo.blocks[0].text!.text).toContain("Cleo CSM's accounts");
    expect(rowTexts(cleo, 'home_row_').map((t) => /\*(.+?)\*/.exec(t)![1])).toEqual(['Bravo One']);
    const up = await click(
      button(cleo, (e) => e.action_id.endsWith(':back')),
      U.vp,
    );
    expect(up.blocks[0].text!.text).toContain("Mona Manager's team");
    const top = await click(
      button(up, (e) => e.action_id.endsWith(':back')),
      U.vp,
    );
    expect(rowTexts(top, 'team_row_')).toHaveLength(3);
  });

  it('all accounts: an owner column, expected ARR at risk first, score order one click away', async () => {
    const org = await openHome(U.vp);
    const all = await click(
      button(org, (e) => e.action_id.endsWith(':all')),
      U.vp,
    );
    const names = (v: HomeView) => rowTexts(v, 'home_row_').map((t) => /\*(.+?)\*/.exec(t)![1]);
    // ARR × churn likelihood (default table): 70k, 20k, 3.5k, 2.4k, 2k, 0
    expect(names(all)).toEqual(['Bravo One', 'Alpha One', 'Unowned One', 'Charlie One', 'Alpha Two', 'Alpha Three']);
    expect(rowTexts(all, 'home_row_')[0]).toContain(`_owner_ <@${U.csm2}>`);
    expect(rowTexts(all, 'home_row_')[2]).toContain('_owner_ unassigned');
    const toggle = button(all, (e) => e.action_id === `${ActionIds.homeOpen}:sort`);
    expect(toggle.text!.text).toBe('Sort by score');
    const byScore = await click(toggle, U.vp);
    expect(names(byScore)).toEqual(['Bravo One', 'Unowned One', 'Alpha One', 'Charlie One', 'Alpha Two', 'Alpha Three']);
    expect(button(byScore, (e) => e.action_id === `${ActionIds.homeOpen}:sort`).text!.text).toBe('Sort by expected ARR at risk');
    const back = await click(
      button(byScore, (e) => e.action_id.endsWith(':back')),
      U.vp,
    );
    expect(rowTexts(back, 'team_row_')).toHaveLength(3);
  });
});

describe('/health team', () => {
  it("a manager gets the same rows as their Home; the CSM digest's figures agree", async () => {
    const home = rowTexts(await openHome(U.manager), 'team_row_');
    const r = await h.command('team', U.manager);
    const msg = (r.json!.blocks as B[]).filter((b) => b.block_id?.startsWith('team_row_')).map((b) => b.text!.text);
    expect(msg).toEqual(home);
    const book = computeBook(h.db, { email: 'csm@x.io', name: 'Carl CSM', slackId: U.csm }, { asOf: TODAY, now: NOW, playbooks: PLAYBOOKS });
    const overdue = book.openAlerts.reduce((n, a) => n + (a.overdueSteps?.length ?? 0), 0);
    expect(msg[0]).toContain(`${book.accounts} accounts · ${money(book.totalArr)} ARR`);
    expect(msg[0]).toContain(`at risk ${money(book.atRiskArr)} (▲ +${money(book.atRiskArr - book.atRiskPrevious)} vs 7d ago)`);
    expect(msg[0]).toContain(`${book.openAlerts.length} open alert · `);
    expect(msg[0]).toContain(`${overdue} overdue step · ${book.noTouch.length} untouched 30d`);
  });

  it('a CSM gets their own row', async () => {
    const r = await h.command('team', U.csm);
    const rowsOf = (r.json!.blocks as B[]).filter((b) => b.block_id?.startsWith('team_row_'));
    expect(rowsOf).toHaveLength(1);
    expect(rowsOf[0].text!.text).toContain('*Carl CSM* · 3 accounts · $170k ARR');
  });

  it('the VP gets the managers', async () => {
    const r = await h.command('team', U.vp);
    const names = (r.json!.blocks as B[]).filter((b) => b.block_id?.startsWith('team_row_')).map((b) => /\*(.+?)\*/.exec(b.text!.text)![1]);
    expect(names).toEqual(['Mona Manager', 'Otto Other', 'Unassigned']);
  });

  it('someone with no team gets a clear answer', async () => {
    const r = await h.command('team', 'UNEW1');
    expect(JSON.stringify(r.json)).toContain('not in the Bellwether team list');
  });
});

describe('/health lists showing more than one owner', () => {
  const names = (blocks: B[]) => blocks.filter((b) => /^list_\d+$/.test(b.block_id ?? '')).map((b) => /\*(.+?)\*/.exec(b.text!.text)![1]);

  it("the VP's `/health mine`: expected ARR at risk first, an owner line and an Open card button per row; score order one click away", async () => {
    const r = await h.command('mine', U.vp);
    const blocks = r.json!.blocks as B[];
    expect(names(blocks)).toEqual(['Bravo One', 'Alpha One', 'Unowned One', 'Charlie One', 'Alpha Two', 'Alpha Three']);
    const first = blocks.find((b) => b.block_id === 'list_0')!;
    expect(first.text!.text).toContain('_owner_ csm2@x.io');
    expect(first.accessory!.action_id.startsWith(`${ActionIds.openCard}:`)).toBe(true);
    const toggle = blocks.find((b) => b.block_id === 'list_sort')!.elements![0];
    expect(toggle.text!.text).toBe('Sort by score');
    h.fake.reset();
    await h.interact(buttonClick(h.fake, toggle.action_id, toggle.value, U.vp, 'message'));
    const replaced = await waitFor(() => h.responses()[0], 'list re-sorted');
    expect(replaced.replace_original).toBe(true);
    expect(names(replaced.blocks as B[])).toEqual(['Bravo One', 'Unowned One', 'Alpha One', 'Charlie One', 'Alpha Two', 'Alpha Three']);
    // a row opens the card (modal) from the message too
    h.fake.reset();
    await h.interact(buttonClick(h.fake, first.accessory!.action_id, first.accessory!.value, U.vp, 'message'));
    const modal = await waitFor(() => h.fake.callsTo('views.open')[0], 'card modal');
    expect(JSON.stringify(modal.args.view)).toContain('Bravo One');
  });

  it("a CSM's list has one owner: no owner line, no toggle, the filter's own order", async () => {
    const r = await h.command('mine', U.csm);
    const blocks = r.json!.blocks as B[];
    expect(names(blocks)).toEqual(['Alpha One', 'Alpha Two', 'Alpha Three']);
    expect(JSON.stringify(blocks)).not.toContain('_owner_');
    expect(blocks.find((b) => b.block_id === 'list_sort')).toBeUndefined();
  });

  it('a tampered sort value gets a clear answer, not a crash', async () => {
    h.fake.reset();
    await h.interact(buttonClick(h.fake, ActionIds.listSort, '{"list":"nope"}', U.vp, 'message'));
    const r = await waitFor(() => h.responses()[0], 'answer');
    expect(JSON.stringify(r)).toContain('could not be re-sorted');
  });
});
