/** The team rollup's arithmetic against a hand-built fixture with known answers, and agreement with the other surfaces. */
import { describe, expect, it } from 'vitest';
import { rollupByOwner } from '../../src/book/rollup';
import { loadBook } from '../../src/book/read-model';
import { ALL, scopeOfTeam } from '../../src/book/scope';
import { orgRollup, ownerRows, teamRollup, memberRow, slaWeeks } from '../../src/book/team';
import { computeBook } from '../../src/metrics/book';
import { slaCompliance } from '../../src/metrics/operations';
import { trailingDays } from '../../src/metrics/periods';
import { memberByEmail } from '../../src/team/store';
import { testDb } from '../support/db';
import { NOW, PLAYBOOKS, seedTeamBook, TODAY } from './support/team-fixture';

const db = testDb();
seedTeamBook(db);
const opts = { now: NOW };

const CARL = {
  accounts: 3,
  arr: 170_000,
  atRiskArr: 100_000,
  atRiskArrWeekAgo: 50_000,
  openAlerts: 1,
  overdueSteps: 1,
  untouched: 2,
  slaThisWeek: { met: 1, decided: 2 },
  slaLastWeek: { met: 1, decided: 2 },
};
const CLEO = {
  accounts: 1,
  arr: 200_000,
  atRiskArr: 200_000,
  atRiskArrWeekAgo: 0,
  openAlerts: 1,
  overdueSteps: 1,
  untouched: 0,
  slaThisWeek: { met: 0, decided: 0 },
  slaLastWeek: { met: 0, decided: 0 },
};

describe('team rollup arithmetic (hand-built fixture)', () => {
  it('the SLA weeks are the 7 days to today and the 7 before', () => {
    expect(slaWeeks(TODAY)).toEqual({
      thisWeek: { from: '2026-11-14T00:00:00.000Z', to: '2026-11-21T00:00:00.000Z' },
      lastWeek: { from: '2026-11-07T00:00:00.000Z', to: '2026-11-14T00:00:00.000Z' },
    });
  });

  it("a manager's team: a row per CSM with the known answers, most broken promises first", () => {
    const t = teamRollup(db, 'mgr@x.io', TODAY, opts);
    expect(t.rows.map((r) => r.name)).toEqual(['Carl CSM', 'Cleo CSM']); // misses 2 (1 step + 1 SLA) vs 1
    expect(t.rows[0]).toMatchObject({ key: 'csm@x.io', kind: 'owner', ...CARL });
    expect(t.rows[1]).toMatchObject({ key: 'csm2@x.io', kind: 'owner', ...CLEO });
    expect(t.total).toEqual({
      accounts: 4,
      arr: 370_000,
      atRiskArr: 300_000,
      atRiskArrWeekAgo: 50_000,
      openAlerts: 2,
      overdueSteps: 2,
      untouched: 2,
      slaThisWeek: { met: 1, decided: 2 },
      slaLastWeek: { met: 1, decided: 2 },
    });
  });

  it("the VP's view: the top-level manager's team added up, owners outside any team and unassigned on their own rows", () => {
    const o = orgRollup(db, TODAY, opts);
    expect(o.rows.map((r) => [r.name, r.kind])).toEqual([
      ['Mona Manager', 'manager'], // misses 3
      ['Otto Other', 'owner'], // misses 1 (c1's SLA)
      ['Unassigned', 'owner'], // misses 0, at risk 10k
    ]);
    expect(o.rows[0]).toMatchObject({ accounts: 4, arr: 370_000, atRiskArr: 300_000, overdueSteps: 2, openAlerts: 2 });
    expect(o.rows[1]).toMatchObject({ accounts: 1, arr: 30_000, atRiskArr: 0, openAlerts: 1, untouched: 1, slaThisWeek: { met: 0, decided: 1 } });
    expect(o.rows[2]).toMatchObject({ key: '', accounts: 1, arr: 10_000, atRiskArr: 10_000, untouched: 1 });
    expect(o.total).toMatchObject({
      accounts: 6,
      arr: 410_000,
      atRiskArr: 310_000,
      openAlerts: 3,
      overdueSteps: 2,
      untouched: 4,
      slaThisWeek: { met: 1, decided: 3 },
    });
  });

  it("a CSM with no accounts shows as a zero row in their manager's team", () => {
    db.$client
      .prepare(
        "insert into team_members(email, name, slack_id, role, manager_email, updated_at) values ('new@x.io', 'Nia New', 'UNEW9', 'csm', 'mgr@x.io', '2026-01-01')",
      )
      .run();
    try {
      const t = teamRollup(db, 'mgr@x.io', TODAY, opts);
      expect(t.rows.at(-1)).toMatchObject({ name: 'Nia New', accounts: 0, arr: 0 });
      expect(t.total.accounts).toBe(4);
    } finally {
      db.$client.prepare("delete from team_members where email = 'new@x.io'").run();
    }
  });

  it('a member row equals their row in the team', () => {
    expect(memberRow(db, memberByEmail(db, 'csm@x.io')!, TODAY, opts)).toMatchObject(CARL);
  });

  it('the top at-risk accounts by ARR name their owner', () => {
    expect(orgRollup(db, TODAY, { ...opts, top: 10 }).top.map((a) => [a.id, a.arr, a.ownerName])).toEqual([
      ['b1', 200_000, 'Cleo CSM'],
      ['a1', 100_000, 'Carl CSM'],
      ['u1', 10_000, null],
    ]);
  });
});

describe('the rollup agrees with the other definitions', () => {
  it('accounts, ARR, at-risk ARR, open alerts and untouched equal the JS rollup over loadBook', () => {
    const scope = scopeOfTeam(db, 'mgr@x.io');
    const sql = ownerRows(db, ALL, TODAY, opts);
    const js = rollupByOwner(db, ALL, TODAY);
    const pick = (r: { accounts: number; arr: number; atRiskArr: number; openAlerts: number; untouched: number }) => [
      r.accounts,
      r.arr,
      r.atRiskArr,
      r.openAlerts,
      r.untouched,
    ];
    expect(new Map(sql.map((r) => [r.email ?? '', pick(r)]))).toEqual(new Map(js.map((r) => [r.ownerEmail ?? '', pick(r)])));
    expect(loadBook(db, scope, TODAY)).toHaveLength(4);
  });

  it("SLA shares equal the leadership digest's slaCompliance over the same accounts", () => {
    const carl = new Set(['a1', 'a2', 'a3']);
    const thisWeek = slaCompliance(db, trailingDays(TODAY, 7), carl);
    const lastWeek = slaCompliance(db, trailingDays('2026-11-13', 7), carl);
    expect({ met: thisWeek.met, decided: thisWeek.eligible }).toEqual(CARL.slaThisWeek);
    expect({ met: lastWeek.met, decided: lastWeek.eligible }).toEqual(CARL.slaLastWeek);
  });

  it("the CSM digest's at-risk ARR a week ago, overdue steps and untouched accounts equal the row", () => {
    const book = computeBook(db, { email: 'csm@x.io', name: 'Carl CSM', slackId: 'UCSM1' }, { asOf: TODAY, now: NOW, playbooks: PLAYBOOKS });
    expect(book.atRiskArr).toBe(CARL.atRiskArr);
    expect(book.atRiskPrevious).toBe(CARL.atRiskArrWeekAgo);
    expect(book.noTouch).toHaveLength(CARL.untouched);
    expect(book.accounts).toBe(CARL.accounts);
    expect(book.totalArr).toBe(CARL.arr);
    // the digest lists live alerts of the book's accounts; the churned account's is not among them
    expect(book.openAlerts.map((a) => a.accountId)).toEqual(['a1']);
    expect(book.openAlerts.reduce((n, a) => n + (a.overdueSteps?.length ?? 0), 0)).toBe(CARL.overdueSteps);
  });
});
