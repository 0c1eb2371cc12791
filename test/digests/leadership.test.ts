/**
 * The leadership post as runDigests queues it (real config, real SQLite): owners named without pings by default,
 * mentions when configured, movers weighted by ARR at stake, the churn-likelihood source, and a file snapshot.
 */
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db';
import { accounts } from '../../db/schema';
import { eq } from 'drizzle-orm';
import { parseConfig } from '../../src/config/load';
import { runDigests } from '../../src/digests/run';
import { assertWithinBlockKitLimits } from '../support/blockkit-limits';
import { testDb } from '../support/db';
import { addAccount, addMember, addScore, driver, seedRevenueHistory } from '../metrics/fixtures';

const NOW = new Date('2026-11-23T09:00:00Z'); // Monday of 2026-W48

function book(): Db {
  const db = testDb();
  seedRevenueHistory(db);
  addMember(db, { email: 'ana@x.io', name: 'Ana <!here> Ng', slackId: 'UANA' });
  addMember(db, { email: 'bo@x.io', name: 'Bo', slackId: 'UBO' });
  db.update(accounts).set({ ownerEmail: 'ana@x.io', ownerSlackId: 'UANA', renewalDate: '2027-01-10' }).where(eq(accounts.id, 'c')).run();
  db.update(accounts).set({ ownerEmail: 'bo@x.io', ownerSlackId: 'UBO' }).where(eq(accounts.id, 'd')).run();
  db.update(accounts).set({ ownerEmail: 'nobody@x.io' }).where(eq(accounts.id, 'i')).run(); // not a team member
  // A $0 account (live logo, no ARR) with the week's largest drop: no mover.
  addAccount(db, { id: 'free', name: 'Free Tier Co', arr: 0, contractStart: '2025-01-01' });
  const scores: Array<[string, number, number]> = [
    ['a', 82, 80],
    ['c', 60, 45],
    ['d', 28, 25],
    ['e', 88, 90],
    ['f', 70, 72],
    ['h', 55, 55],
    ['i', 30, 35],
    ['free', 90, 20],
  ];
  for (const [id, prev, now] of scores) {
    addScore(db, id, '2026-11-16', prev);
    addScore(db, id, '2026-11-23', now, [driver('usage_decline', 'logins down 42%')]);
  }
  return db;
}

function leadershipPost(db: Db, raw: Record<string, unknown> = {}) {
  const config = parseConfig({ ...raw, digests: { leadershipChannel: 'C0LEAD', charts: false, csmDigests: false, ...(raw.digests as object) } });
  runDigests(db, { config, now: NOW, audience: 'leadership' });
  const row = db.$client.prepare(`SELECT args FROM outbox WHERE idempotency_key = 'digest:2026-W48:leadership'`).get() as { args: string };
  return JSON.parse(row.args) as { channel: string; text: string; blocks: Array<{ type: string; text?: { text: string } }> };
}

const sectionWith = (post: ReturnType<typeof leadershipPost>, needle: string) => post.blocks.find((b) => b.text?.text.includes(needle))!.text!.text;

describe('leadership digest', () => {
  it('names owners without mentioning anyone by default (escaped team names, else the email)', () => {
    const post = leadershipPost(book());
    assertWithinBlockKitLimits(post, 'message');
    const s = JSON.stringify(post);
    expect(s).not.toContain('<@');
    expect(s).not.toContain('<!here>');
    const top = sectionWith(post, 'Top 10 at-risk accounts');
    expect(top).toContain('· Ana &lt;!here&gt; Ng —');
    expect(top).toContain('· Bo —');
    expect(top).toContain('· nobody@x.io —');
  });

  it('mentions owners when digests.leadership.mentionOwners is set', () => {
    const post = leadershipPost(book(), { digests: { leadership: { mentionOwners: true } } });
    const top = sectionWith(post, 'Top 10 at-risk accounts');
    expect(top).toContain('<@UANA>');
    expect(top).toContain('<@UBO>');
    expect(top).not.toContain('Ana');
  });

  it('ranks movers by points × ARR, leaves out the $0 account and moves under the configured minimum', () => {
    const movers = sectionWith(leadershipPost(book()), 'Biggest movers');
    expect(movers).not.toContain('Free Tier Co');
    // default minimum 5 points: c (▼15 × 30k) is the only drop; i (▲5 × 30k) the only gain
    expect(movers.split('\n').filter((l) => l.startsWith('•'))).toEqual(['• *c* 60 → 45 (▼ 15) · $30k', '• *i* 30 → 35 (▲ 5) · $30k']);
    const all = sectionWith(leadershipPost(book(), { digests: { leadership: { moverMinPoints: 0 } } }), 'Biggest movers');
    // c 450k, a 2 × 110k = 220k, d 3 × 25k = 75k; gains i 150k, f 150k (tie: larger change first), e 100k
    expect(
      all
        .split('\n')
        .filter((l) => l.startsWith('•'))
        .map((l) => l.split('*')[1]),
    ).toEqual(['c', 'a', 'd', 'i', 'f', 'e']);
  });

  it('says which churn likelihoods the intervention estimate used', () => {
    const est = sectionWith(leadershipPost(book()), 'Intervention estimate');
    expect(est).toContain('Churn likelihood from the default table (no backtest yet; run `bellwether backtest`)');
    const custom = sectionWith(leadershipPost(book(), { churnLikelihood: { defaults: { Critical: 0.6 } } }), 'Intervention estimate');
    expect(custom).toContain('Critical 60%');
  });

  it('matches the snapshot for a fixed book and clock', async () => {
    const post = leadershipPost(book());
    await expect(`${JSON.stringify({ text: post.text, blocks: post.blocks }, null, 2)}\n`).toMatchFileSnapshot('./__snapshots__/leadership-digest.json');
  });
});
