/**
 * One book, one number: the App Home (signed HTTP), `/health` and `/health mine` (signed HTTP), the CSM digest,
 * the CLI and the per-owner rollup show the same accounts, ARR, at-risk ARR and counts for one CSM; the
 * leadership metrics' totals equal the all-accounts book. The seed makes the definitions matter: ARR comes
 * from revenue events where an account has them (not accounts.arr), a churned account and one not started yet
 * are out, and one account was touched recently.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, createDb, type Db } from '../../db';
import { rollupByOwner } from '../../src/book/rollup';
import { loadBook, summarizeBook } from '../../src/book/read-model';
import { ALL, scopeOfMember, scopeOfTeam } from '../../src/book/scope';
import { main } from '../../src/cli/main';
import { money } from '../../src/domain/format';
import { computeBook } from '../../src/metrics/book';
import { computeMetrics } from '../../src/metrics/compute';
import { addOutreach, addRevenue } from '../metrics/fixtures';
import { useHarness, waitFor } from '../slack/support/harness';
import { addAccount, NOW, seedBook, TODAY, U } from '../slack/support/seed';

function seed(db: Db): void {
  seedBook(db);
  // globex's revenue history says 95k today (accounts.arr says 80k): every surface must show 95k
  addRevenue(db, 'globex', '2025-01-01', 'new', 80_000);
  addRevenue(db, 'globex', '2026-10-01', 'expansion', 15_000, 'seat');
  addAccount(db, { id: 'gone', name: 'Gone Ltd', owner: 'csm@x.io', ownerSlack: U.csm, arr: 50_000, lifecycle: 'churned' });
  addAccount(db, { id: 'later', name: 'Later Co', owner: 'csm@x.io', ownerSlack: U.csm, arr: 10_000 });
  db.$client.prepare("update accounts set contract_start = '2027-01-01' where id = 'later'").run();
  addOutreach(db, 'acme-corp', `${TODAY}T09:00:00.000Z`);
}

const CSM = { email: 'csm@x.io', name: 'Carl CSM', slackId: U.csm };
const EXPECTED = { accounts: 2, totalArr: 240_000 + 95_000, atRiskArr: 240_000, untouched: 1 };

const h = useHarness({ seed });
const dir = mkdtempSync(join(tmpdir(), 'bw-surfaces-'));
const dbPath = join(dir, 'b.db');
beforeAll(() => {
  const db = createDb(dbPath); // the same seed in a file, for the CLI
  seed(db);
  closeDb(db);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]): Promise<string> {
  const out: string[] = [];
  const code = await main(['--db', dbPath, ...args], { out: (l) => out.push(l), err: () => {}, isTTY: false }, {});
  expect(code).toBe(0);
  return out.join('\n');
}

describe('every surface reads one book', () => {
  it("a CSM's accounts, ARR, at-risk ARR and counts agree on App Home, /health, /health mine, the CSM digest, the CLI and the rollup", async () => {
    // the read model itself
    const rows = loadBook(h.db, scopeOfMember(h.db, CSM.email), TODAY);
    expect(rows.map((r) => r.id).sort()).toEqual(['acme-corp', 'globex']);
    const s = summarizeBook(rows, 0);
    expect({ accounts: s.accounts, totalArr: s.totalArr, atRiskArr: s.atRiskArr }).toEqual({
      accounts: 2,
      totalArr: EXPECTED.totalArr,
      atRiskArr: EXPECTED.atRiskArr,
    });

    // App Home over signed HTTP
    await h.event({ type: 'app_home_opened', user: U.csm, channel: 'D1', tab: 'home', event_ts: '1.1' });
    const home = JSON.stringify((await waitFor(() => h.fake.callsTo('views.publish')[0], 'views.publish')).args.view);
    expect(home).toContain(`*Accounts*\\n${EXPECTED.accounts} · ${money(EXPECTED.totalArr)} ARR`);
    expect(home).toContain(`*At-risk ARR*\\n${money(EXPECTED.atRiskArr)} (72%)`);
    expect(home).toContain(`of ${EXPECTED.accounts} · page 1/1`);

    // /health (overview) and /health mine over signed HTTP
    const overview = JSON.stringify((await h.command('', U.csm)).json);
    expect(overview).toContain(`${EXPECTED.accounts} accounts, ${money(EXPECTED.totalArr)} ARR`);
    const mine = JSON.stringify((await h.command('mine', U.csm)).json);
    expect(mine).toContain(`— ${EXPECTED.accounts} accounts, ${money(EXPECTED.totalArr)} ARR`);
    expect(mine).not.toContain('Gone Ltd');

    // the CSM digest
    const book = computeBook(h.db, CSM, { asOf: TODAY, now: NOW });
    expect({ accounts: book.accounts, totalArr: book.totalArr, atRiskArr: book.atRiskArr, untouched: book.noTouch.length }).toEqual(EXPECTED);

    // the CLI
    const json = JSON.parse(await cli('book', '--owner', CSM.email, '--as-of', TODAY, '--json')) as {
      summary: typeof s;
      owners: ReturnType<typeof rollupByOwner>;
    };
    expect({
      accounts: json.summary.accounts,
      totalArr: json.summary.totalArr,
      atRiskArr: json.summary.atRiskArr,
      openAlerts: json.summary.openAlerts,
    }).toEqual({
      accounts: 2,
      totalArr: EXPECTED.totalArr,
      atRiskArr: EXPECTED.atRiskArr,
      openAlerts: 1,
    });
    expect(json.owners).toHaveLength(1);
    expect(json.owners[0]).toMatchObject({
      ownerEmail: CSM.email,
      accounts: 2,
      arr: EXPECTED.totalArr,
      atRiskArr: EXPECTED.atRiskArr,
      openAlerts: 1,
      untouched: EXPECTED.untouched,
    });
  });

  it("a manager's rollup sums to the team's book, and leadership totals equal the all-accounts book", async () => {
    const team = scopeOfTeam(h.db, 'mgr@x.io');
    const teamRows = loadBook(h.db, team, TODAY);
    const owners = rollupByOwner(h.db, team, TODAY);
    expect(owners.map((o) => o.ownerEmail).sort()).toEqual(['csm2@x.io', 'csm@x.io']);
    expect(owners.reduce((n, o) => n + o.arr, 0)).toBe(summarizeBook(teamRows, 0).totalArr);
    expect(owners.reduce((n, o) => n + o.accounts, 0)).toBe(teamRows.length);
    // by at-risk ARR: acme-corp (240k) over initech (150k)
    expect(owners.map((o) => [o.ownerEmail, o.ownerName, o.atRiskArr])).toEqual([
      ['csm@x.io', 'Carl CSM', 240_000],
      ['csm2@x.io', expect.any(String), 150_000],
    ]);

    const all = summarizeBook(loadBook(h.db, ALL, TODAY), 0);
    const m = computeMetrics(h.db, { asOf: TODAY });
    expect(m.headline.totalArr.value).toBe(all.totalArr);
    expect(m.headline.atRiskArr.value).toBe(all.atRiskArr);
    expect(all.totalArr).toBe(240_000 + 95_000 + 150_000 + 30_000 + 20_000);

    const vp = JSON.parse(await cli('book', '--as-of', TODAY, '--json')) as { summary: typeof all };
    expect(vp.summary.totalArr).toBe(all.totalArr);
    expect(vp.summary.accounts).toBe(all.accounts);
  });

  it('the CLI names a bad --owner and a bad --as-of', async () => {
    const err: string[] = [];
    expect(await main(['--db', dbPath, 'book', '--owner', 'nobody@x.io'], { out: () => {}, err: (l) => err.push(l), isTTY: false }, {})).not.toBe(0);
    expect(err.join('\n')).toContain('nobody@x.io');
    expect(await main(['--db', dbPath, 'book', '--as-of', '2026-13-01'], { out: () => {}, err: (l) => err.push(l), isTTY: false }, {})).not.toBe(0);
    expect(err.join('\n')).toContain('--as-of');
  });
});
