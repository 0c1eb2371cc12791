import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { accounts } from '../../db/schema';
import { buildCsmDigest } from '../../blocks/digest-csm';
import { buildLeadershipDigest } from '../../blocks/digest-leadership';
import { linesSection } from '../../blocks/digest-parts';
import { computeBook } from '../../src/metrics/book';
import { computeMetrics } from '../../src/metrics/compute';
import { interventionEstimate } from '../../src/metrics/intervention';
import { parseConfig } from '../../src/config/load';
import { churnLikelihoods, rankByExpectedArrAtRisk } from '../../src/domain/churn-likelihood';
import { validationFor } from '../../src/validation/store';
import { assertWithinBlockKitLimits } from '../support/blockkit-limits';
import { testDb } from '../support/db';
import { addAccount, addAlert, addMember, addScore, driver, seedRevenueHistory } from '../metrics/fixtures';

const HOSTILE = '<!channel> & <https://evil.example|click me> *Acme*';
const NOW = new Date('2026-11-23T09:00:00Z');

function allText(payload: { text: string; blocks: unknown[] }): string {
  return JSON.stringify(payload);
}

function hostileDb() {
  const db = testDb();
  seedRevenueHistory(db);
  db.update(accounts).set({ name: HOSTILE, ownerSlackId: 'U0OWNER1', segment: '<!here> tier', industry: '<@U999> & co' }).where(eq(accounts.id, 'c')).run();
  db.update(accounts).set({ ownerSlackId: '<!everyone>', ownerEmail: '<b>@x.io' }).where(eq(accounts.id, 'd')).run();
  // Driver words are rendered from figures; the free text in them is a signal's detail, read from the signals table.
  db.$client
    .prepare(
      "insert into signals (id, account_id, kind, occurred_at, detail) values ('s1', 'c', 'competitor_mentioned', '2026-11-20', '<!channel> evaluating Rival')",
    )
    .run();
  addScore(db, 'c', '2026-11-23', 35, [
    driver('competitor_mentioned', 'competitor mentioned on 2026-11-20: <!channel> evaluating Rival', 12),
    driver('inactive', 'no login for 30 days'),
    driver('detractor', 'NPS 2'),
  ]);
  addScore(db, 'd', '2026-11-23', 20, [driver('payment_failed', 'payment failed twice')]);
  addScore(db, 'a', '2026-11-23', 80);
  return db;
}

function leadership(db = hostileDb(), mentionOwners = false) {
  const metrics = computeMetrics(db, { asOf: '2026-11-23' });
  const config = parseConfig({});
  const churnLikelihood = churnLikelihoods(validationFor(db, config.scoring), config.churnLikelihood);
  const intervention = interventionEstimate(rankByExpectedArrAtRisk(metrics.scored, churnLikelihood), {
    topN: [10, 25, 50],
    effectiveness: [0.1, 0.15, 0.2],
    costPerAccount: 600,
  });
  return buildLeadershipDigest({
    week: '2026-W48',
    metrics,
    intervention,
    costPerAccount: 600,
    churnLikelihood,
    mentionOwners,
    chartTitles: ['Health', 'GRR/NRR'],
  });
}

describe('leadership digest blocks', () => {
  it('fits Block Kit limits, has a text fallback, headline arrows, and the sections the design asks for', () => {
    const msg = leadership();
    assertWithinBlockKitLimits(msg as unknown as Record<string, unknown>, 'message');
    const s = allText(msg);
    for (const part of [
      'Total ARR',
      'NRR (12 months)',
      'GRR (last 7d)',
      'Logo churn',
      'At-risk ARR by plan tier',
      'plan tier × industry',
      'Top 10 at-risk accounts by ARR',
      'Renewals at risk in the next 90 days',
      'Biggest movers',
      'Intervention estimate',
      'Alert SLA compliance',
      'Outreach logged',
      'Failed deliveries',
      'Health distribution',
    ]) {
      expect(s).toContain(part);
    }
    expect(s).toMatch(/▲|▼/);
    expect(msg.text).toContain('Customer health — week 2026-W48');
  });

  it('escapes hostile account, segment, industry and driver text and never trusts a malformed owner id', () => {
    const s = allText(leadership(hostileDb(), true));
    expect(s).not.toContain('<!channel>');
    expect(s).not.toContain('<!here>');
    expect(s).not.toContain('<!everyone>');
    expect(s).not.toContain('<https://evil');
    expect(s).not.toContain('<@U999>');
    expect(s).toContain('&lt;!channel&gt; &amp; &lt;https://evil.example|click me&gt;');
    expect(s).toContain('competitor mentioned on 2026-11-20: &lt;!channel&gt; evaluating Rival'); // the driver's detail, escaped
    expect(s).toContain('<@U0OWNER1>'); // a well-formed owner id becomes a real mention
    expect(s).toContain('&lt;b&gt;@x.io'); // malformed id: falls back to the escaped email
  });

  it('keeps the risk table a single code block when a segment name contains backticks', () => {
    const db = hostileDb();
    db.update(accounts).set({ segment: '```break``` out' }).where(eq(accounts.id, 'd')).run();
    const msg = leadership(db);
    const table = (msg.blocks as Array<{ text?: { text: string } }>).find((b) => b.text?.text.includes('plan tier × industry'))!.text!.text;
    expect(table.match(/```/g)).toHaveLength(2);
    expect(table).toContain("'''break'''");
  });

  it('stays within limits for a large portfolio with long names', () => {
    const db = testDb();
    for (let i = 0; i < 300; i++) {
      const id = `acct-${i}`;
      addAccount(db, {
        id,
        name: `${'Very Long Company Name '.repeat(8)}${i} <!channel>`,
        arr: 10_000 + i * 1_000,
        segment: `Segment ${i % 15} ${'x'.repeat(30)}`,
        industry: `Industry ${i % 9}`,
        ownerSlackId: `U${String(i).padStart(6, '0')}`,
        renewalDate: '2026-12-20',
      });
      addScore(db, id, '2026-11-16', 60);
      addScore(db, id, '2026-11-23', i % 3 === 0 ? 20 : i % 3 === 1 ? 40 : 75, [driver('usage_decline', 'x'.repeat(500)), driver('inactive', 'y'.repeat(500))]);
    }
    const msg = leadership(db);
    assertWithinBlockKitLimits(msg as unknown as Record<string, unknown>, 'message');
    expect(allText(msg)).toContain('…and ');
  });
});

describe('CSM digest blocks', () => {
  it('fits limits, escapes names and alert titles, shows SLA state', () => {
    const db = hostileDb();
    addMember(db, { email: 'ana@x.io', name: 'Ana <!here>', slackId: 'U0OWNER1' });
    addAlert(db, { accountId: 'c', rule: 'tier_drop', title: `Tier fell for ${HOSTILE}`, openedAt: '2026-11-20T09:00:00Z', slaDueAt: '2026-11-22T09:00:00Z' });
    const book = computeBook(db, { email: 'ana@x.io', name: 'Ana <!here>', slackId: 'U0OWNER1' }, { asOf: '2026-11-23', now: NOW });
    const msg = buildCsmDigest(book, { week: '2026-W48' });
    assertWithinBlockKitLimits(msg as unknown as Record<string, unknown>, 'message');
    const s = allText(msg);
    expect(s).not.toContain('<!channel>');
    expect(s).not.toContain('<!here>');
    expect(s).toContain('SLA overdue');
    expect(s).toContain('playbooks were not loaded');
    expect(s).toContain('No touch in 30 days');
    expect(s).toContain('Renewals in the next 60 days');
  });

  it('stays within limits for a 200-account book with many alerts', () => {
    const db = testDb();
    addMember(db, { email: 'big@x.io', name: 'Big', slackId: 'UBIG' });
    for (let i = 0; i < 200; i++) {
      const id = `b-${i}`;
      addAccount(db, { id, name: `${'Name '.repeat(20)}${i}`, arr: 5_000 + i, ownerEmail: 'big@x.io', renewalDate: '2026-12-10' });
      addScore(db, id, '2026-11-16', 70);
      addScore(db, id, '2026-11-23', 30 + (i % 50));
      addAlert(db, { accountId: id, rule: 'health_drop', title: 'T'.repeat(300), openedAt: '2026-11-20T09:00:00Z', slaDueAt: '2026-11-21T09:00:00Z' });
    }
    const book = computeBook(db, { email: 'big@x.io', name: 'Big', slackId: 'UBIG' }, { asOf: '2026-11-23', now: NOW, playbooks: [] });
    const msg = buildCsmDigest(book, { week: '2026-W48' });
    assertWithinBlockKitLimits(msg as unknown as Record<string, unknown>, 'message');
    expect(book.openAlerts).toHaveLength(200);
  });
});

describe('linesSection', () => {
  const text = (b: Record<string, unknown>) => (b.text as { text: string }).text;
  it('shows at most `limit` lines and one note that counts everything left out', () => {
    const lines = Array.from({ length: 20 }, (_, i) => `• line ${i}`);
    const t = text(linesSection('*Title*', lines, 'none', 15));
    expect(t.split('\n')).toHaveLength(1 + 15 + 1);
    expect(t.endsWith('_…and 5 more_')).toBe(true);
  });
  it('when the 3000-character limit cuts first, the single note still counts every line not shown', () => {
    const lines = Array.from({ length: 20 }, (_, i) => `• ${String(i).padStart(2, '0')} ${'x'.repeat(250)}`);
    const t = text(linesSection('*Title*', lines, 'none', 15));
    const shown = t.split('\n').filter((l) => l.startsWith('• ')).length;
    expect(shown).toBeLessThan(15);
    expect(t.length).toBeLessThanOrEqual(3000);
    expect(t.match(/more_/g)).toHaveLength(1);
    expect(t.endsWith(`_…and ${20 - shown} more_`)).toBe(true);
  });
});
