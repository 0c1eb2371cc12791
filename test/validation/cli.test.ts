/** `bellwether backtest` and `bellwether calibrate` through the real CLI, on file databases. */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, createDb } from '../../db';
import { main } from '../../src/cli/main';
import { addDays } from '../../src/lib/dates';
import { latestBacktest } from '../../src/validation/store';
import { parse } from 'yaml';
import { parseConfig } from '../../src/config/load';
import { scoringFingerprint } from '../../src/config/fingerprint';
import { cliOn } from './run-cli';
import { CRAFTED, T, T30, seedAccounts, seedOnePredictive } from './fixtures';

const dir = mkdtempSync(join(tmpdir(), 'bw-backtest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const dbPath = join(dir, 'b.db');
{
  const db = createDb(dbPath);
  seedAccounts(db, CRAFTED, { start: '2025-06-01', end: addDays(T, 150) });
  closeDb(db);
}

const run = cliOn(dbPath);

describe('bellwether backtest', () => {
  it('prints the tables, shows progress per date, and saves the run', async () => {
    const r = await run('backtest', '--from', T, '--to', T30, '--every', '30d', '--horizon', '90d');
    expect(r.code).toBe(0);
    expect(r.err).toContain(`[1/2] ${T}: 3 accounts scored, 1 churned within 90 days`);
    expect(r.out).toContain(`Backtest: 2 dates from ${T} to ${T30}, churn within 90 days`);
    expect(r.out).toMatch(/AUC \(pooled within dates\) \d\.\d{3}/);
    for (const h of [
      'Per date',
      'Churn rate by tier',
      'Churn rate by score decile',
      'Naive baselines',
      'baseline days since last login',
      'baseline random',
      'component usage',
    ])
      expect(r.out).toContain(h);
    expect(r.out).toContain('Alert precision per rule, from the resolution reasons people gave');
    expect(r.out).toContain('(no group resolved with a reason yet)');
    const db = createDb(dbPath);
    const saved = latestBacktest(db)!;
    closeDb(db);
    expect(saved).toMatchObject({
      from: T,
      to: T30,
      dates: 2,
      horizonDays: 90,
      accountDates: 5,
      churners: 2,
      configFingerprint: scoringFingerprint(parseConfig({}).scoring),
    });
    expect(r.out).toMatch(/Saved as backtest run \d+/);
  });

  it('prints JSON on stdout with --json and writes PNG charts with --charts', async () => {
    const charts = join(dir, 'charts');
    const r = await run('backtest', '--from', T, '--to', T30, '--json', '--charts', charts);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as { headline: { rows: number; churners: number }; dates: string[] };
    expect(json.headline).toMatchObject({ rows: 5, churners: 2 });
    expect(json.dates).toEqual([T, T30]);
    for (const f of ['backtest-roc.png', 'backtest-deciles.png']) {
      const png = readFileSync(join(charts, f));
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect(png.length).toBeGreaterThan(5000);
    }
  });

  it('defaults to month-ends with a full horizon of data after them', async () => {
    const r = await run('backtest', '--horizon', '30d');
    expect(r.code).toBe(0);
    // the data ends T+150 (2026-08-28): the last month-end with 30 days after it is 2026-07-28 → 2026-06-30
    expect(r.out).toMatch(/Backtest: 12 dates from 2025-07-31 to 2026-06-30, churn within 30 days/);
  });

  it('steps back from the last full-horizon date with --every alone', async () => {
    const r = await run('backtest', '--every', '7d', '--horizon', '30d', '--json');
    expect(r.code).toBe(0);
    const dates = (JSON.parse(r.out) as { dates: string[] }).dates;
    expect(dates).toHaveLength(12);
    expect(dates[11]).toBe('2026-07-29'); // data ends 2026-08-28; minus 30 days
    expect(dates[10]).toBe('2026-07-22');
  });

  it.each([
    [['--every', '30'], /--every must be a number of days such as 30d, got "30"/],
    [['--horizon', '0d'], /--horizon must be a number of days/],
    [['--from', '2026-02-30'], /--from must be a calendar date YYYY-MM-DD, got "2026-02-30"/],
    [['--from', T30, '--to', T], /--from \(2026-04-30\) must not be after --to \(2026-03-31\)/],
  ])('names the bad argument: %j', async (args, msg) => {
    const r = await run('backtest', ...args);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(msg);
  });

  it('says when there is no data at all', async () => {
    const empty = join(dir, 'empty.db');
    closeDb(createDb(empty));
    const err: string[] = [];
    const code = await main(['--db', empty, 'backtest'], { out: () => {}, err: (l) => err.push(l), isTTY: false }, {});
    expect(code).toBe(1);
    expect(err.join('\n')).toContain('the database has no dated data');
  });
});

describe('bellwether calibrate', () => {
  it('says plainly when there are too few churners, and writes nothing', async () => {
    const out = join(dir, 'proposed.yml');
    const r = await run('calibrate', '--out', out);
    expect(r.code).toBe(1);
    expect(r.out).toContain('Not enough history to trust a fit:');
    expect(r.out).toMatch(/too few churners to fit: \d+ in the training dates, at least 30 are needed/);
    expect(r.out).toContain('No config proposed.');
    expect(existsSync(out)).toBe(false);
  });

  it('refuses to write over the live config', async () => {
    const live = join(dir, 'live.yml');
    writeFileSync(live, 'timezone: UTC\n');
    const r = await run('--config', live, 'calibrate', '--out', live);
    expect(r.code).toBe(1);
    expect(r.err).toContain('is the live config; calibrate only proposes');
    expect(readFileSync(live, 'utf8')).toBe('timezone: UTC\n');
  });

  it('writes a proposed config that validates, leaving the live one alone', async () => {
    const book = join(dir, 'book.db');
    const db = createDb(book);
    seedOnePredictive(db, { accounts: 500, churnShare: 0.45, seed: 5, start: '2024-06-01', end: '2026-05-31', churnFrom: '2025-01-15', proShare: 0 });
    closeDb(db);
    const live = join(dir, 'live2.yml');
    writeFileSync(live, '# ours\ntimezone: UTC\n');
    const out = join(dir, 'proposed2.yml');
    const out2: string[] = [];
    const code = await main(['--db', book, '--config', live, 'calibrate', '--out', out], { out: (l) => out2.push(l), err: () => {}, isTTY: false }, {});
    const text = out2.join('\n');
    expect(code).toBe(0);
    expect(text).toMatch(/holdout +current +proposed/);
    expect(text).toContain(`Proposed config written to ${out}; the live config is unchanged.`);
    const proposed = parseConfig(parse(readFileSync(out, 'utf8')));
    expect(proposed.scoring.weights.support).toBeGreaterThan(20);
    expect(readFileSync(out, 'utf8')).toContain('# ours');
    expect(readFileSync(live, 'utf8')).toBe('# ours\ntimezone: UTC\n');
  });
});
