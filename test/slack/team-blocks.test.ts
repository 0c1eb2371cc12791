/** The team view's builders at their limits: a big organisation stays within Block Kit limits, and names are escaped. */
import { describe, expect, it } from 'vitest';
import { type TeamRowModel, TEAM_ROWS_HOME, teamHomeView, teamMessage } from '../../blocks/team-home';
import { assertWithinBlockKitLimits } from '../support/blockkit-limits';

const row = (i: number, name = `CSM ${i}`): TeamRowModel => ({
  name,
  kind: 'owner',
  open: JSON.stringify({ filter: 'all', page: 0, owner: `csm${i}@x.io` }),
  accounts: 10 + i,
  arr: 1_000_000 + i,
  atRiskArr: 100_000 * i,
  atRiskArrWeekAgo: 100_000 * i + 5_000,
  openAlerts: i,
  overdueSteps: i % 3,
  untouched: i % 5,
  slaThisWeek: { met: 3, decided: 4 },
  slaLastWeek: { met: 0, decided: 0 },
});

const model = (rows: TeamRowModel[]) => ({
  title: 'Your organisation',
  today: '2026-11-20',
  noTouchDays: 30,
  total: rows[0],
  rows,
  topAtRisk: Array.from({ length: 10 }, (_, i) => ({
    id: `a${i}`,
    name: `Account ${i} <!channel>`,
    arr: 500_000 - i,
    tier: 'Critical',
    score: 20,
    ownerName: 'Dana <@U1>',
  })),
  allAccounts: '{"filter":"all","page":0}',
  state: '{"view":"team","filter":"all","page":0}',
});

describe('team view blocks', () => {
  it('a 120-person organisation fits a Home (100 blocks) and a message (50 blocks), and says how many are left out', () => {
    const rows = Array.from({ length: 120 }, (_, i) => row(i));
    const home = teamHomeView(model(rows));
    assertWithinBlockKitLimits(home as unknown as Record<string, unknown>, 'home');
    expect(home.blocks.filter((b) => b.block_id?.startsWith('team_row_'))).toHaveLength(TEAM_ROWS_HOME);
    expect(JSON.stringify(home)).toContain(`…and ${120 - TEAM_ROWS_HOME} more`);
    const msg = teamMessage(model(rows));
    assertWithinBlockKitLimits(msg as unknown as Record<string, unknown>, 'message');
  });

  it('escapes names and shows a fall in at-risk ARR, and "–" when no SLA was decided', () => {
    const home = JSON.stringify(teamHomeView(model([row(1, 'Eve <!here> & co')])));
    expect(home).toContain('Eve &lt;!here&gt; &amp; co');
    expect(home).not.toContain('<!here>');
    expect(home).not.toContain('<!channel>');
    expect(home).toContain('Dana &lt;@U1&gt;');
    expect(home).toContain('at risk $100k (▼ −$5k vs 7d ago)');
    expect(home).toContain('SLA 75% (3/4) this week, – last');
  });
});
