/** The trust statements in Slack: the leadership digest (latest backtest or "not validated yet") and the card. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { accountCardBlocks } from '../../blocks/account-card';
import { NOT_VALIDATED, NOT_VALIDATED_FOR_CONFIG, tierChurnStatement, trustStatement } from '../../blocks/trust';
import { loadAccountCardView } from '../../src/accounts/card-view';
import { scoringFingerprint } from '../../src/config/fingerprint';
import { parseConfig } from '../../src/config/load';
import { runDigests } from '../../src/digests/run';
import { runScoring } from '../../src/scoring/run';
import { runBacktest } from '../../src/validation/backtest';
import { defaultDates } from '../../src/validation/dates';
import { latestBacktest, saveBacktestRun, validationFor } from '../../src/validation/store';
import { assertWithinBlockKitLimits } from '../support/blockkit-limits';
import { testDb } from '../support/db';
import { addScore, seedRevenueHistory } from '../metrics/fixtures';
import { seedOnePredictive } from './fixtures';

const config = parseConfig({ digests: { leadershipChannel: 'C0LEAD' } });
const NOW = new Date('2026-11-23T09:00:00Z');
const LIVE = scoringFingerprint(config.scoring);
/** a config calibrate might propose: other weights, so another fingerprint */
const proposed = parseConfig({ digests: { leadershipChannel: 'C0LEAD' }, scoring: { weights: { usage: 20, engagement: 0, support: 40, financial: 40 } } });
const PROPOSED = scoringFingerprint(proposed.scoring);

// One real backtest on a synthetic book, reused by every test.
const book = testDb();
seedOnePredictive(book, { accounts: 300, churnShare: 0.45, seed: 9, start: '2024-06-01', end: '2026-05-31', churnFrom: '2025-01-15' });
const { result } = runBacktest(book, {
  dates: defaultDates({ first: '2024-06-01', last: '2026-05-31' }, 90, 12),
  horizonDays: 90,
  config,
  bootstrap: { reps: 100 },
});

/** runs saved before the digest: [fingerprint, from, ranAt] */
function leadershipPost(runs: [string | null, string, string][]) {
  const db = testDb();
  seedRevenueHistory(db);
  addScore(db, 'a', '2026-11-23', 80);
  addScore(db, 'c', '2026-11-23', 35);
  for (const [fp, from, ranAt] of runs) saveBacktestRun(db, { ...result, from }, ranAt, fp as string);
  runDigests(db, { config, now: NOW, audience: 'leadership', outboxFile: join(mkdtempSync(join(tmpdir(), 'bw-trust-')), 'outbox.jsonl') });
  const row = db.$client.prepare(`SELECT args FROM outbox WHERE idempotency_key = 'digest:2026-W48:leadership'`).get() as { args: string };
  return JSON.parse(row.args) as { text: string; blocks: unknown[] };
}

describe('leadership digest trust statement', () => {
  it('says "not validated yet" without a backtest', () => {
    const post = leadershipPost([]);
    assertWithinBlockKitLimits(post, 'message');
    expect(JSON.stringify(post.blocks)).toContain('*Can the score be trusted?*\\nNot validated yet: run `bellwether backtest`');
    expect(post.text).toContain('Not validated yet');
  });

  it("quotes the latest backtest's AUC, interval, lift and surprise churn with its date range", () => {
    const post = leadershipPost([[LIVE, result.from, '2026-11-20T08:00:00Z']]);
    assertWithinBlockKitLimits(post, 'message');
    const h = result.headline;
    const s = JSON.stringify(post.blocks);
    expect(s).toContain(
      `Backtest ${result.from} to ${result.to}, churn within 90 days: AUC ${h.auc!.toFixed(2)} (95% CI ${result.aucInterval!.low.toFixed(2)}–${result.aucInterval!.high.toFixed(2)})`,
    );
    expect(s).toContain(`the lowest-scored 10% churned ${h.lift10!.toFixed(1)}× as often as average`);
    expect(s).toContain(`${Math.round(h.surprise.share! * 100)}% of churners were Thriving or Healthy`);
    expect(s).not.toContain('Not validated yet');
  });

  it('reads the newest run, and words a weak AUC honestly', () => {
    const db = testDb();
    saveBacktestRun(db, result, '2026-11-01T00:00:00Z', LIVE);
    saveBacktestRun(db, { ...result, from: '2025-01-31', headline: { ...result.headline, auc: 0.52 } }, '2026-11-10T00:00:00Z', LIVE);
    const b = latestBacktest(db)!;
    expect(b.from).toBe('2025-01-31');
    expect(trustStatement(b)).toContain('AUC 0.52');
    expect(trustStatement(b)).toContain('barely better than chance');
    expect(trustStatement(null)).toBe(NOT_VALIDATED);
  });

  it('quotes only the latest run scored with the live config, not a newer one run with a proposed config', () => {
    const post = leadershipPost([
      [LIVE, '2025-03-31', '2026-11-01T00:00:00Z'],
      [PROPOSED, '2025-06-30', '2026-11-20T00:00:00Z'],
    ]);
    const s = JSON.stringify(post.blocks);
    expect(s).toContain('Backtest 2025-03-31 to');
    expect(s).not.toContain('Backtest 2025-06-30');
  });

  it('says "not validated with the current scoring config" when every run used another config', () => {
    const post = leadershipPost([
      [PROPOSED, '2025-06-30', '2026-11-20T00:00:00Z'],
      [null, '2025-01-31', '2026-11-21T00:00:00Z'], // a run from before fingerprints were recorded
    ]);
    const s = JSON.stringify(post.blocks);
    expect(s).toContain('*Can the score be trusted?*\\nNot validated with the current scoring config: run `bellwether backtest`');
    expect(post.text).toContain(NOT_VALIDATED_FOR_CONFIG);
    expect(s).not.toContain('Backtest 2025');
    expect(trustStatement(null, true)).toBe(NOT_VALIDATED_FOR_CONFIG);
  });
});

describe('scoring fingerprint', () => {
  it('ignores key order, and changes with any scoring setting', () => {
    const a = parseConfig({ scoring: { weights: { usage: 35, engagement: 25, support: 20, financial: 20 } } }).scoring;
    const b = parseConfig({ scoring: { weights: { financial: 20, support: 20, engagement: 25, usage: 35 } } }).scoring;
    expect(scoringFingerprint(a)).toBe(scoringFingerprint(b));
    expect(scoringFingerprint(a)).toBe(LIVE); // the defaults
    expect(PROPOSED).not.toBe(LIVE);
    const tiers = parseConfig({ scoring: { tiers: { thriving: 90, healthy: 70, neutral: 50, atRisk: 30 } } }).scoring;
    expect(scoringFingerprint(tiers)).not.toBe(LIVE);
  });
});

describe('account card: tier churn rate from history', () => {
  runScoring(book, { asOf: '2026-05-31', config: config.scoring });
  const ids = book.$client.prepare(`SELECT account_id FROM health_scores WHERE as_of = '2026-05-31' ORDER BY account_id`).pluck().all() as string[];

  it('is absent without a backtest, and with only a run of another config', () => {
    saveBacktestRun(book, result, '2026-11-19T08:00:00Z', PROPOSED);
    expect(validationFor(book, config.scoring)).toEqual({ run: null, otherConfig: true });
    const view = loadAccountCardView(book, ids[0], NOW, { scoring: config.scoring })!;
    const card = accountCardBlocks(view);
    assertWithinBlockKitLimits(card as never, 'message');
    expect(JSON.stringify(card)).not.toContain('in your history');
  });

  it("gives the tier's historical churn rate once a backtest exists", () => {
    saveBacktestRun(book, result, '2026-11-20T08:00:00Z', LIVE);
    saveBacktestRun(book, { ...result, from: '2025-06-30' }, '2026-11-21T08:00:00Z', PROPOSED);
    let quoted = 0;
    for (const id of ids.slice(0, 40)) {
      const view = loadAccountCardView(book, id, NOW, { scoring: config.scoring })!;
      const card = accountCardBlocks(view);
      const tier = view.score!.tier;
      const t = result.headline.tiers.find((x) => x.tier === tier)!;
      const text = JSON.stringify(card);
      if (t.rows >= 20) {
        quoted++;
        expect(text).toContain(
          `${tier} accounts churned ${Math.round(t.rate! * 100)}% within 90 days in your history (backtest ${result.from} to ${result.to}`,
        );
        assertWithinBlockKitLimits(card as never, 'message');
      } else expect(text).not.toContain('in your history');
    }
    expect(quoted).toBeGreaterThan(0);
    expect(tierChurnStatement('Critical', { ...latestBacktest(book)!, tierChurn: { Critical: { rows: 5, churners: 4, rate: 0.8 } } })).toBeNull();
  });
});
