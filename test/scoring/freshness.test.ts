/**
 * Data freshness: a source older than its tolerance is said in `score` output (with a loud warning when all
 * data ended long ago), on the card and in the digests; trends never compare with a score older than twice
 * their window.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { accountCardBlocks } from '../../blocks/account-card';
import { createDb } from '../../db';
import { loadAccountCardView } from '../../src/accounts/card-view';
import { main } from '../../src/cli/main';
import { parseConfig } from '../../src/config/load';
import { runDigests } from '../../src/digests/run';
import { dataFreshness, staleStatements } from '../../src/scoring/freshness';
import { scoreTrends } from '../../src/scoring/history';
import { runScoring } from '../../src/scoring/run';
import { testDb } from '../support/db';
import { addMember, addScore, seedRevenueHistory } from '../metrics/fixtures';
import { addAccount, addTicket, addUsage } from './seed';
import { putScore } from '../support/scores';

const config = parseConfig({}).scoring;
const END = '2025-01-05';
const LATER = '2026-12-01'; // 695 days after END

function book(db: ReturnType<typeof testDb>) {
  addAccount(db, { id: 'old', signupDate: '2024-01-01', seatsLicensed: 10 });
  addUsage(db, 'old', '2024-10-01', END, () => ({ activeUsers: 5, logins: 6, keyEvents: 8, featuresUsed: 9, integrations: 3 }));
  addTicket(db, { accountId: 'old', openedAt: '2024-12-20T10:00:00Z', closedAt: '2024-12-21T10:00:00Z', priority: 'low' });
}

const text = (x: unknown) => JSON.stringify(x);

describe('data freshness', () => {
  it('dates each source and calls the old ones stale, in plain words', () => {
    const db = testDb();
    book(db);
    const f = dataFreshness(db, LATER, config);
    expect(f.find((x) => x.source === 'usage')).toEqual({ source: 'usage', latest: END, ageDays: 695, toleranceDays: 2, stale: true });
    expect(f.find((x) => x.source === 'nps')).toMatchObject({ latest: null, stale: false }); // no data is not stale data
    expect(staleStatements(f)[0]).toBe(`usage data last updated 695 days ago (${END}; tolerance 2 days)`);
    expect(staleStatements(dataFreshness(db, END, config))).toEqual([]);
    // A tolerance from config moves the line.
    expect(dataFreshness(db, '2025-01-08', { staleAfterDays: { ...config.staleAfterDays, usage: 3 } })[0].stale).toBe(false);
    expect(dataFreshness(db, '2025-01-08', config)[0].stale).toBe(true);
  });

  it('stale usage lowers coverage, not the data that is fresh', () => {
    const db = testDb();
    book(db);
    const fresh = runScoring(db, { asOf: END, config, keepScores: true }).scores![0];
    const stale = runScoring(db, { asOf: '2025-01-10', config, keepScores: true }).scores![0];
    expect(fresh.coverage).toBe(0.8); // no renewal or revenue data: financial has none
    // usage (35) and the usage-fed engagement parts (25) count as missing; support (20, tickets fresh) still counts
    expect(stale.coverage).toBe(0.2);
    expect(stale.score).toBe(
      runScoring(db, { asOf: '2025-01-10', config: { ...config, staleAfterDays: { ...config.staleAfterDays, usage: 30 } }, keepScores: true }).scores![0].score,
    );
  });

  it('`bellwether score` says which source is stale and warns loudly when the data ended long ago', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-fresh-'));
    const file = join(dir, 'bw.db');
    const db = createDb(file);
    book(db);
    db.$client.close();
    const out: string[] = [];
    const code = await main(['--db', file, 'score', '--as-of', LATER], { out: (l) => out.push(l), err: (l) => out.push(l), isTTY: false }, {});
    expect(code).toBe(0);
    const all = out.join('\n');
    expect(all).toMatch(/WARNING: the newest data ends 2025-01-05, 695 days before 2026-12-01/);
    expect(all).toMatch(/--as-of 2025-01-05/);
    expect(all).toContain('Stale: usage data last updated 695 days ago');
    const quiet: string[] = [];
    await main(['--db', file, 'score', '--as-of', END], { out: (l) => quiet.push(l), err: (l) => quiet.push(l), isTTY: false }, {});
    expect(quiet.join('\n')).not.toMatch(/WARNING|Stale/);
  });

  it('the card states stale data and shows no trend against a score from a year before', () => {
    const db = testDb();
    book(db);
    runScoring(db, { asOf: END, config });
    runScoring(db, { asOf: LATER, config });
    const view = loadAccountCardView(db, 'old', new Date(`${LATER}T12:00:00Z`))!;
    expect(view.staleData).toEqual(expect.arrayContaining([expect.stringContaining('usage data last updated 695 days ago')]));
    expect(view.trend).toEqual({ d7: null, d30: null });
    expect(text(accountCardBlocks(view, { shared: false }).blocks)).toContain('usage data last updated 695 days ago');
    // With a score 10 days before, the 7-day trend is there.
    runScoring(db, { asOf: '2025-01-15', config });
    expect(scoreTrends(db, ['old'], '2025-01-15').get('old')!.delta7).not.toBeNull();
  });

  it('trend windows: 7-day trend compares with a score 7–14 days back, 30-day with 30–60 days back', () => {
    const db = testDb();
    addAccount(db, { id: 'x', signupDate: '2024-01-01' });
    for (const [day, s] of [
      ['2026-01-01', 40],
      ['2026-02-10', 50],
      ['2026-03-01', 60],
      ['2026-03-10', 70],
    ] as const) {
      putScore(db, { accountId: 'x', asOf: day, score: s });
    }
    const t = scoreTrends(db, ['x'], '2026-03-10').get('x')!;
    expect(t.delta7).toBe(10); // vs 03-01 (9 days back)
    expect(t.delta30).toBeNull(); // 02-10 is only 28 days back, 01-01 is 68: neither fits 30–60
    expect(scoreTrends(db, ['x'], '2026-03-12').get('x')!.delta30).toBe(20); // vs 02-10, 30 days back
    expect(scoreTrends(db, ['x'], '2026-03-26').get('x')!.delta7).toBeNull(); // nearest 03-10 is 16 days back: too old
  });

  it('digests say which data is stale', () => {
    const db = testDb();
    seedRevenueHistory(db);
    addMember(db, { email: 'ana@x.io', name: 'Ana', slackId: 'UANA' });
    book(db);
    db.$client.prepare("UPDATE accounts SET owner_email = 'ana@x.io' WHERE id = 'old'").run();
    addScore(db, 'old', '2026-11-23', 50);
    const cfg = parseConfig({ digests: { leadershipChannel: 'C0LEAD' } });
    const outboxFile = join(mkdtempSync(join(tmpdir(), 'bw-fresh-digest-')), 'outbox.jsonl');
    runDigests(db, { config: cfg, now: new Date('2026-11-23T09:00:00Z'), outboxFile });
    const posts = db.$client.prepare("SELECT args FROM outbox WHERE method = 'chat.postMessage'").pluck().all() as string[];
    expect(posts.length).toBe(2); // leadership + Ana
    for (const p of posts) expect(p).toMatch(/usage data last updated \d+ days ago/);
  });
});
