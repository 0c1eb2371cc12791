/** calibrate on synthetic histories: one predictive component per segment, the rest noise. */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load';
import { calibrate, checkedFit, splitDates } from '../../src/validation/calibrate';
import { defaultDates } from '../../src/validation/dates';
import { MIN_TIER_SHARE, fitTiers, fitWeights, matchShares, tiersOrdered, weightGrid } from '../../src/validation/fit';
import { proposedConfigYaml } from '../../src/validation/proposed-config';
import type { BacktestRow } from '../../src/validation/score-dates';
import { calibrationReport, proposesChange } from '../../src/cli/commands/calibrate';
import type { Tier } from '../../src/scoring/types';
import { testDb } from '../support/db';
import { seedOnePredictive } from './fixtures';
import { parse } from 'yaml';

const config = parseConfig({});

describe('weight grid', () => {
  it('holds every vector within the config constraints, and only those', () => {
    const g = weightGrid();
    expect(g.length).toBeGreaterThan(50);
    for (const w of g) {
      expect(w.usage + w.engagement + w.support + w.financial).toBe(100);
      expect(Math.max(w.usage, w.engagement, w.support, w.financial)).toBeLessThanOrEqual(40);
    }
    expect(g).toContainEqual({ usage: 35, engagement: 25, support: 20, financial: 20 });
    expect(g).toContainEqual({ usage: 40, engagement: 40, support: 20, financial: 0 });
  });
});

const row = (date: string, label: 0 | 1, comps: (number | null)[], score = 50): BacktestRow => ({
  date,
  accountId: `${date}-${Math.random()}`,
  segment: null,
  score,
  tier: 'Neutral',
  components: comps,
  parts: {},
  drivers: [],
  rules: [],
  daysSinceLogin: null,
  loginTrendPct: null,
  label,
  churnOn: null,
});

describe('fitWeights', () => {
  it('moves weight to the component that ranks churners, away from noise', () => {
    // support separates churners perfectly; usage is anti-informative
    const rows: BacktestRow[] = [];
    for (let i = 0; i < 40; i++) rows.push(row('d', i < 10 ? 1 : 0, [i < 10 ? 90 : 10, 50, i < 10 ? 10 : 90, 50]));
    const fit = fitWeights(rows, config.scoring.weights);
    expect(fit.changed).toBe(true);
    expect(fit.auc).toBe(1);
    expect(fit.weights.support).toBeGreaterThan(fit.weights.usage); // the nearest perfect ranking to the current weights
    expect(fit.weights.support).toBeGreaterThan(20);
    expect(fit.weights.usage).toBeLessThan(35);
  });

  it('keeps the current weights when nothing beats them', () => {
    const rows = [row('d', 1, [10, 10, 10, 10]), row('d', 0, [90, 90, 90, 90])];
    expect(fitWeights(rows, config.scoring.weights)).toMatchObject({ changed: false, weights: config.scoring.weights });
  });
});

describe('checkedFit', () => {
  const dates = ['2025-01-31', '2025-02-28', '2025-03-31', '2025-04-30', '2025-05-31', '2025-06-30', '2025-07-31', '2025-08-31'];
  const book = (flipLate: boolean) =>
    dates.flatMap((d, k) =>
      Array.from({ length: 20 }, (_, i) => {
        const churner = i < 5;
        const inverted = flipLate && k >= 6;
        const support = churner !== inverted ? 10 : 90;
        return row(d, churner ? 1 : 0, [(i * 37 + k * 11) % 100, 50, support, 50]);
      }),
    );
  it('keeps a change that holds up on the newest training dates', () => {
    const fit = checkedFit(book(false), config.scoring.weights, 30);
    expect(fit.changed).toBe(true);
    expect(fit.weights.support).toBeGreaterThan(20);
  });
  it('drops a change that does not (the signal turned over: noise, not a pattern)', () => {
    const rows = book(true);
    expect(fitWeights(rows, config.scoring.weights).changed).toBe(true); // the plain fit would change
    const fit = checkedFit(rows, config.scoring.weights, 30);
    expect(fit).toMatchObject({ changed: false, rejected: 'noise', weights: config.scoring.weights });
  });
});

describe('checkedFit near chance', () => {
  it('does not reshuffle weights when even the best ones rank churners near chance', () => {
    // churners and non-churners drawn from the same values: any gain is noise
    const rows = Array.from({ length: 200 }, (_, i) =>
      row(`2025-0${1 + (i % 8)}-28`, i % 7 === 0 ? 1 : 0, [(i * 37) % 100, (i * 53) % 100, (i * 71) % 100, (i * 13) % 100]),
    );
    const plain = fitWeights(rows, config.scoring.weights);
    const fit = checkedFit(rows, config.scoring.weights, 30);
    expect(plain.changed).toBe(true); // the plain fit would move the weights…
    expect(plain.auc!).toBeLessThan(0.55); // …for a gain that stays near chance
    expect(fit).toMatchObject({ changed: false, weights: config.scoring.weights });
    expect(fit.rejected).toBe('chance');
  });
});

describe('fitTiers', () => {
  const t = config.scoring.tiers;
  it('keeps ordered tiers and reorders disordered ones with the nearest thresholds', () => {
    // 100 rows at 40 (At-Risk) churn 10%, 100 rows at 60 (Neutral) churn 50%: disordered.
    const scores = [...Array(100).fill(40), ...Array(100).fill(60), ...Array(100).fill(90)];
    const labels = [
      ...Array.from({ length: 100 }, (_, i) => (i < 10 ? 1 : 0)),
      ...Array.from({ length: 100 }, (_, i) => (i < 50 ? 1 : 0)),
      ...Array(100).fill(0),
    ];
    expect(tiersOrdered(scores, labels, t)).toBe(false);
    const fit = fitTiers(scores, labels, t);
    expect(fit.changed).toBe(true);
    expect(tiersOrdered(scores, labels, fit.tiers)).toBe(true);
    expect(parseConfig({ scoring: { tiers: fit.tiers } }).scoring.tiers).toEqual(fit.tiers);
    const swapped = [...labels.slice(100, 200), ...labels.slice(0, 100), ...labels.slice(200)];
    expect(fitTiers(scores, swapped, t)).toMatchObject({ changed: false, ordered: true, tiers: t });
  });
  it('never leaves a tier with less than 2% of account-dates (or its old share): no Thriving-only-at-100', () => {
    // old scores: 20% Thriving (≥ 85). New scores bunch at 99: carried over by share, Thriving would start at 100
    // and hold 1% of the rows.
    const old = [...Array.from({ length: 800 }, (_, i) => 10 + (i % 75)), ...Array(200).fill(90)];
    const fresh = [...Array.from({ length: 400 }, (_, i) => 20 + (i % 79)), ...Array(590).fill(99), ...Array(10).fill(100)];
    const labels = fresh.map((s, i) => (s < 40 && i % 3 === 0 ? 1 : 0));
    expect(matchShares(old, fresh, t).thriving).toBe(100);
    const fit = fitTiers(fresh, labels, t, old);
    expect(fit.minShares).toEqual({
      Thriving: MIN_TIER_SHARE,
      Healthy: MIN_TIER_SHARE,
      Neutral: MIN_TIER_SHARE,
      'At-Risk': MIN_TIER_SHARE,
      Critical: MIN_TIER_SHARE,
    });
    expect(fit.tiers.thriving).toBeLessThan(100);
    const share = (lo: number, hi: number) => fresh.filter((s) => s >= lo && s < hi).length / fresh.length;
    const { thriving, healthy, neutral, atRisk } = fit.tiers;
    for (const x of [share(thriving, 101), share(healthy, thriving), share(neutral, healthy), share(atRisk, neutral), share(0, atRisk)])
      expect(x).toBeGreaterThanOrEqual(MIN_TIER_SHARE);
    // a tier that was already smaller keeps only its own share: no Critical rows before, none required after
    const noCritical = fitTiers(
      fresh.map((s) => Math.max(s, 30)),
      labels,
      t,
      old.map((s) => Math.max(s, 30)),
    );
    expect(noCritical.minShares.Critical).toBe(0);
  });
  it('does not call noise disorder', () => {
    // Healthy 2/1000 vs Thriving 1/1000: not significantly out of order
    const scores = [...Array(1000).fill(75), ...Array(1000).fill(95)];
    const labels = [...Array.from({ length: 1000 }, (_, i) => (i < 1 ? 1 : 0)), ...Array.from({ length: 1000 }, (_, i) => (i < 2 ? 1 : 0))];
    expect(tiersOrdered(scores, labels, t)).toBe(true);
  });
});

describe('matchShares', () => {
  const t = config.scoring.tiers;
  const old = Array.from({ length: 101 }, (_, i) => i);
  it('keeps thresholds on the same distribution and follows a shifted one', () => {
    expect(matchShares(old, old, t)).toEqual(t);
    const shifted = old.map((s) => Math.min(100, s + 5));
    expect(matchShares(old, shifted, t)).toEqual({ thriving: 90, healthy: 75, neutral: 55, atRisk: 35 });
  });
  it('keeps an empty top tier empty', () => {
    const low = Array.from({ length: 50 }, (_, i) => i + 20); // nobody ≥ 70 before
    const m = matchShares(
      low,
      low.map((s) => s + 10),
      t,
    );
    expect(m.thriving).toBeGreaterThan(79); // nobody is Thriving after either
    expect(m.healthy).toBeGreaterThan(79);
  });
});

describe('splitDates', () => {
  it('holds out the newest quarter and trains only on dates a full horizon before it', () => {
    const dates = defaultDates({ first: '2025-01-01', last: '2026-04-30' }, 90, 12);
    const s = splitDates(dates, 90);
    expect(s.test).toEqual(['2025-10-31', '2025-11-30', '2025-12-31']);
    expect(s.train[s.train.length - 1]).toBe('2025-07-31'); // + 90 days = 2025-10-29, before the holdout
    expect(s.gap).toEqual(['2025-08-31', '2025-09-30']);
  });
});

const BOOK = { accounts: 700, churnShare: 0.45, seed: 11, start: '2024-06-01', end: '2026-05-31', churnFrom: '2025-01-15' };
const DATES = defaultDates({ first: BOOK.start, last: BOOK.end }, 90, 12);

describe('calibrate: one predictive component, the others noise', () => {
  const db = testDb();
  seedOnePredictive(db, { ...BOOK, proShare: 0 });
  const r = calibrate(db, { dates: DATES, horizonDays: 90, config });
  const w = config.scoring.weights;

  it('has enough history to fit', () => {
    expect(r.problems).toEqual([]);
    expect(r.trainChurners).toBeGreaterThan(100);
  });

  it('moves weight toward the predictive component (support) and away from the noise (engagement)', () => {
    const p = r.proposed!.weights;
    expect(p.support).toBeGreaterThan(w.support);
    expect(p.engagement).toBeLessThan(w.engagement);
    expect(r.weights!.auc!).toBeGreaterThan(r.weights!.currentAuc!);
  });

  it('does not lower the holdout AUC', () => {
    expect(r.after!.auc!).toBeGreaterThanOrEqual(r.before!.auc!);
  });

  it('moves sub-score weight toward the sub-score that ranks churners best', () => {
    const support = r.subScores!.filter((x) => x.name.startsWith('support.')).sort((a, b) => b.auc! - a.auc!);
    const top = support[0].name.split('.')[1] as 'volume';
    const share = (t: Record<string, number>) => t[top] / Object.values(t).reduce((a, b) => a + b, 0);
    expect(r.parts!.changed).toBe(true);
    expect(share(r.parts!.table.support)).toBeGreaterThan(share({ openLoad: 0.5, oldestOpen: 0.2, volume: 0.2, csat: 0.1 }));
    expect(r.parts!.auc!).toBeGreaterThan(r.parts!.currentAuc!);
  });

  it('proposes a config the schema accepts, keeping the rest of the live file', () => {
    const live = '# my config\ntimezone: Europe/Berlin\nscoring:\n  featureCount: 30\n';
    const text = proposedConfigYaml(live, r.proposed!, ['Proposed by calibrate']);
    const parsed = parseConfig(parse(text));
    expect(parsed.timezone).toBe('Europe/Berlin');
    expect(parsed.scoring.featureCount).toBe(30);
    expect(parsed.scoring.weights).toEqual(r.proposed!.weights);
    expect(parsed.scoring.tiers).toEqual(r.proposed!.tiers);
    expect(parsed.scoring.partWeights).toEqual(r.proposed!.partWeights);
    expect(Object.keys(parsed.scoring.partWeights.support ?? {}).length).toBeGreaterThan(0);
    expect(text.startsWith('# Proposed by calibrate')).toBe(true);
    expect(text).toContain('# my config');
  });
});

describe('calibrate: per segment', () => {
  const db = testDb();
  seedOnePredictive(db, { ...BOOK, proShare: 0.5 });
  const r = calibrate(db, { dates: DATES, horizonDays: 90, config });

  it('gives a segment with enough churners its own weights, toward what predicts there', () => {
    const pro = r.proposed!.segments.Pro?.weights;
    expect(pro).toBeDefined();
    expect(pro!.engagement).toBeGreaterThan(pro!.support); // NPS predicts Pro churn; tickets mislead there
    const seg = r.segments!.find((s) => s.segment === 'Pro')!;
    expect(seg.churners).toBeGreaterThanOrEqual(30);
    expect(seg.auc!).toBeGreaterThan(seg.currentAuc!);
    expect(parseConfig({ scoring: r.proposed }).scoring.segments).toEqual(r.proposed!.segments);
  });

  it('improves the holdout AUC', () => {
    expect(r.after!.auc!).toBeGreaterThan(r.before!.auc!);
  });
});

describe('too little history', () => {
  it('says so plainly and proposes nothing', () => {
    const db = testDb();
    seedOnePredictive(db, { accounts: 40, churnShare: 0.1, seed: 2, start: '2024-06-01', end: '2026-05-31', churnFrom: '2025-01-15' });
    const r = calibrate(db, { dates: defaultDates({ first: '2024-06-01', last: '2026-05-31' }, 90, 12), horizonDays: 90, config });
    expect(r.problems.join('\n')).toMatch(/too few churners to fit: \d+ in the training dates, at least 30 are needed/);
    expect(r.proposed).toBeUndefined();
    const short = calibrate(db, { dates: ['2026-01-31', '2026-02-28'], horizonDays: 90, config });
    expect(short.problems[0]).toMatch(/too little history: 0 training date\(s\)/);
  });
});

describe('calibrate report: plain and consistent', () => {
  const db = testDb();
  seedOnePredictive(db, { ...BOOK, proShare: 0 });
  const r = calibrate(db, { dates: DATES, horizonDays: 90, config });
  const rate = (tier: Tier, rows: number, churners: number) => ({ tier, rows, churners, rate: churners / rows });

  it('says when a component weight goes to 0, and what no longer counts', () => {
    const zero = { ...r, weights: { ...r.weights!, changed: true, weights: { usage: 40, engagement: 0, support: 40, financial: 20 } } };
    const text = calibrationReport(zero).join('\n');
    expect(text).toContain('engagement weight 0: NPS, login recency, seat use, feature adoption and integrations no longer count');
    expect(text).not.toContain('usage weight 0');
    const kept = calibrationReport({ ...r, weights: { ...r.weights!, changed: false, weights: r.weights!.current } }).join('\n');
    expect(kept).not.toMatch(/^\w+ weight 0:/m);
  });

  it('checks tier order on the holdout and says plainly when it does not hold', () => {
    const inverted = {
      ...r.after!,
      tiers: [rate('Thriving', 0, 0), rate('Healthy', 500, 94), rate('Neutral', 400, 64), rate('At-Risk', 200, 30), rate('Critical', 41, 5)],
    };
    const text = calibrationReport({ ...r, after: inverted }).join('\n');
    expect(text).toMatch(/On the holdout the (proposed|current) tiers' churn rates are NOT ordered: Critical 12\.2% vs Healthy 18\.8%/);
    expect(text).toContain('Neutral 16.0% vs Healthy 18.8%');
    const ordered = {
      ...r.after!,
      tiers: [rate('Thriving', 300, 3), rate('Healthy', 500, 10), rate('Neutral', 400, 40), rate('At-Risk', 200, 60), rate('Critical', 5, 0)],
    };
    // Critical has too few rows to take part
    expect(calibrationReport({ ...r, after: ordered }).join('\n')).toMatch(/On the holdout the (proposed|current) tiers' churn rates are ordered too/);
  });

  it('does not call it a proposal when nothing is proposed', () => {
    const weak = { ...r.after!, auc: 0.504 };
    const none = {
      ...r,
      after: weak,
      weights: { ...r.weights!, changed: false },
      segments: r.segments!.map((s) => ({ ...s, changed: false })),
      parts: { ...r.parts!, changed: false },
      tiers: { ...r.tiers!, changed: false },
    };
    expect(proposesChange(none)).toBe(false);
    const text = calibrationReport(none).join('\n');
    expect(text).toContain('Warning: the model ranks churners barely better than chance on the holdout (AUC 0.504), and no fit does better.');
    expect(text).not.toContain('proposal');
    expect(calibrationReport({ ...r, after: weak }).join('\n')).toContain('treat this proposal with caution');
  });
});
