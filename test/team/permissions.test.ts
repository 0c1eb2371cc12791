import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load';
import { canActOnAccount, identifyCaller, managerChain } from '../../src/team/permissions';
import { testDb } from '../support/db';
import { addAccount, U, seedBook } from '../slack/support/seed';

const db = testDb();
seedBook(db);
addAccount(db, { id: 'orphan', name: 'Orphan Ltd' });
addAccount(db, { id: 'slack-only', name: 'Slack Only', ownerSlack: U.csm2 });
const config = parseConfig({ slack: { admins: ['UADMIN'] } });

describe('identifyCaller', () => {
  it('maps a Slack id to the team member', () => {
    expect(identifyCaller(db, U.csm)).toMatchObject({ email: 'csm@x.io', role: 'csm', managerEmail: 'mgr@x.io' });
    expect(identifyCaller(db, U.guest)?.isRestricted).toBe(true);
    expect(identifyCaller(db, 'UNOPE')).toBeNull();
  });
  it('walks the manager chain', () => {
    expect(managerChain(db, 'csm@x.io')).toEqual(['mgr@x.io', 'vp@x.io']);
  });
});

describe('canActOnAccount', () => {
  const can = (user: string, account: string) => canActOnAccount(db, config, user, account);
  it('allows the owner, their manager (and above), the VP and configured admins', () => {
    expect(can(U.csm, 'acme-corp')).toEqual({ ok: true });
    expect(can(U.manager, 'acme-corp')).toEqual({ ok: true });
    expect(can(U.vp, 'acme-corp')).toEqual({ ok: true });
    expect(can('UADMIN', 'acme-corp')).toEqual({ ok: true });
    expect(can(U.csm2, 'slack-only')).toEqual({ ok: true }); // owner known only by Slack id
    expect(can(U.manager, 'slack-only')).toEqual({ ok: true }); // …and their manager via the team row
  });
  it('refuses other CSMs, unmapped users, unowned accounts and missing accounts, saying why', () => {
    const other = can(U.csm2, 'acme-corp');
    expect(other.ok).toBe(false);
    expect(!other.ok && other.reason).toContain('Carl CSM');
    expect(can(U.outsider, 'initech')).toMatchObject({ ok: false });
    expect(!can('UNOPE', 'acme-corp').ok).toBe(true);
    expect(can(U.csm, 'orphan')).toMatchObject({ ok: false, reason: expect.stringContaining('no owner') });
    expect(can(U.vp, 'orphan')).toEqual({ ok: true });
    expect(can(U.csm, 'missing')).toMatchObject({ ok: false, reason: expect.stringContaining('no longer exists') });
    // admins too: every action goes on to load the account (log outreach would crash on a deleted one)
    expect(can('UADMIN', 'missing')).toMatchObject({ ok: false, reason: expect.stringContaining('no longer exists') });
  });
});
