import { describe, expect, it } from 'vitest';
import { filterBook, loadBook, loadOpenAlerts, summarizeBook } from '../../src/book/read-model';
import { scopeForUser } from '../../src/book/scope';
import { saveOutreach } from '../../src/outreach/save-outreach';
import { testDb } from '../support/db';
import { TODAY, U, seedBook } from '../slack/support/seed';

const db = testDb();
seedBook(db);
const ids = (rows: { id: string }[]) => rows.map((r) => r.id);

describe('book of business', () => {
  it('scopes a CSM to their accounts, a manager to the team, the VP to everything', () => {
    expect(ids(loadBook(db, scopeForUser(db, U.csm).scope, TODAY)).sort()).toEqual(['acme-corp', 'globex']);
    expect(ids(loadBook(db, scopeForUser(db, U.manager).scope, TODAY)).sort()).toEqual(['acme-corp', 'acme-labs', 'globex', 'initech']);
    expect(ids(loadBook(db, scopeForUser(db, U.vp).scope, TODAY))).toHaveLength(5);
    const unmapped = scopeForUser(db, 'UNOBODY');
    expect(unmapped.caller).toBeNull();
    expect(loadBook(db, unmapped.scope, TODAY)).toEqual([]);
    // a Slack id in slack.admins may act on every account, so it sees every account too
    expect(scopeForUser(db, 'UNOBODY', ['UNOBODY'])).toMatchObject({ scope: { kind: 'all' }, label: 'All accounts' });
  });

  it("a manager's team survives a reporting cycle in bad data", () => {
    const mgr = db.$client.prepare('select email, manager_email from team_members where slack_id = ?').get(U.manager) as {
      email: string;
      manager_email: string | null;
    };
    const csm = db.$client.prepare('select email from team_members where slack_id = ?').get(U.csm) as { email: string };
    const setManager = db.$client.prepare('update team_members set manager_email = ? where email = ?');
    setManager.run(csm.email, mgr.email); // the manager now "reports" to their own report
    try {
      expect(ids(loadBook(db, scopeForUser(db, U.manager).scope, TODAY)).sort()).toEqual(['acme-corp', 'acme-labs', 'globex', 'initech']);
    } finally {
      setManager.run(mgr.manager_email, mgr.email);
    }
  });

  it('reads latest score, the score 7 days earlier and the last touch', () => {
    saveOutreach(db, {
      accountId: 'acme-corp',
      loggedBy: 'UCSM1',
      type: 'call',
      notes: null,
      outcome: null,
      nextStepOn: null,
      occurredAt: new Date('2026-11-18T09:00:00.000Z'),
    });
    const acme = loadBook(db, { kind: 'all' }, TODAY).find((r) => r.id === 'acme-corp')!;
    expect(acme).toMatchObject({ score: 42, tier: 'At-Risk', prev7: 55, lastTouchAt: '2026-11-18T09:00:00.000Z' });
  });

  it('summarises tiers, at-risk ARR and open alerts', () => {
    const scope = scopeForUser(db, U.manager).scope;
    const rows = loadBook(db, scope, TODAY);
    const s = summarizeBook(rows, loadOpenAlerts(db, scope).total);
    expect(s).toMatchObject({ accounts: 4, totalArr: 490_000, atRiskArr: 390_000, openAlerts: 1 });
    expect(s.byTier).toMatchObject({ 'At-Risk': 1, Critical: 1, Healthy: 1, Unscored: 1 });
  });

  it('filters: at risk, at risk renewing within 60 days, no touch in 30 days, renewals', () => {
    const rows = loadBook(db, { kind: 'all' }, TODAY);
    expect(ids(filterBook(rows, 'at_risk', TODAY))).toEqual(['initech', 'acme-corp']); // riskiest first
    expect(ids(filterBook(rows, 'at_risk_renewing', TODAY))).toEqual(['acme-corp']);
    expect(ids(filterBook(rows, 'no_touch_30', TODAY))).not.toContain('acme-corp');
    expect(ids(filterBook(rows, 'renewals_90', TODAY))).toEqual(['acme-corp', 'initech']);
    expect(ids(filterBook(rows, 'renewals_90', TODAY, { renewalDays: 60 }))).toEqual(['acme-corp']);
    expect(ids(filterBook(rows, 'all', TODAY, { segment: 'growth' }))).toEqual(['globex']);
  });
});
