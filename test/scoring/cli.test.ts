/** `bellwether score` in-process against a temp-file database. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from '../../db';
import { main } from '../../src/cli/main';
import { addAccount, addNps, addTicket, addUsage } from './seed';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'bw-score-'));
  dirs.push(dir);
  const file = join(dir, 'bw.db');
  const db = createDb(file);
  addAccount(db, { id: 'acme', name: 'Acme <Corp>', seatsLicensed: 10, signupDate: '2024-01-01', arr: 40_000, renewalDate: '2026-07-20' });
  addAccount(db, { id: 'globex', seatsLicensed: 10, signupDate: '2024-01-01', arr: 25_000 });
  addUsage(db, 'acme', '2026-04-01', '2026-05-20', () => ({ activeUsers: 3, logins: 2, keyEvents: 1, featuresUsed: 3 }));
  addUsage(db, 'globex', '2026-04-01', '2026-06-30', () => ({ activeUsers: 9, logins: 9, keyEvents: 4, featuresUsed: 16, integrations: 4 }));
  addTicket(db, { accountId: 'acme', openedAt: '2026-06-01T10:00:00Z', priority: 'urgent' });
  addTicket(db, { accountId: 'acme', openedAt: '2026-06-02T10:00:00Z', priority: 'high' });
  addNps(db, 'acme', '2026-06-10', 3);
  db.$client.close();
  return { dir, file };
}

async function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l), isTTY: false }, env);
  return { code, out, err };
}

const rowCount = (file: string, asOf?: string) => {
  const db = createDb(file);
  const n = (db.$client.prepare(`SELECT COUNT(*) AS n FROM health_scores ${asOf ? 'WHERE as_of = ?' : ''}`).get(...(asOf ? [asOf] : [])) as { n: number }).n;
  db.$client.close();
  return n;
};

describe('bellwether score', () => {
  it('prints a summary with tier counts and at-risk ARR', async () => {
    const { file } = setup();
    const r = await run(['--db', file, 'score', '--as-of', '2026-06-30']);
    expect(r.code).toBe(0);
    expect(r.out[0]).toMatch(/^Scored 2 accounts as of 2026-06-30 in \d+ ms; mean data coverage \d+%$/);
    expect(r.out[1]).toMatch(/Thriving \d · Healthy \d · Neutral \d · At-Risk \d · Critical \d/);
    expect(r.out[2]).toBe('  At-risk ARR (At-Risk + Critical): $40,000');
    expect(rowCount(file, '2026-06-30')).toBe(2);
  });

  it('--json prints one JSON line per account on stdout and the summary on stderr', async () => {
    const { file } = setup();
    const r = await run(['--db', file, 'score', '--as-of', '2026-06-30', '--json']);
    expect(r.code).toBe(0);
    const lines = r.out.map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(['acme', 'globex']);
    expect(Object.keys(lines[0])).toEqual(['id', 'name', 'asOf', 'score', 'tier', 'coverage', 'components', 'drivers', 'expansion', 'quadrant', 'onboarding']);
    expect(lines[0].name).toBe('Acme <Corp>');
    // The breakdown: every component with its score, points, weights and sub-scores; points add up to the score.
    for (const l of lines) {
      expect(Object.keys(l.components)).toEqual(['usage', 'engagement', 'support', 'financial']);
      const points = Object.values(l.components as Record<string, { points: number }>).reduce((a, c) => a + c.points, 0);
      expect(Math.round(points * 10) / 10).toBe(l.score);
    }
    expect(lines[0].components.support).toMatchObject({
      weight: 20,
      score: expect.any(Number),
      parts: { openLoad: { score: expect.any(Number), weight: 0.5 } },
    });
    expect(lines[0].components.support.score).toBeLessThan(lines[1].components.support.score);
    expect(lines[0].components.usage.effectiveWeight).toBeGreaterThan(0);
    expect(lines[0].drivers.map((d: { id: string }) => d.id)).toEqual(expect.arrayContaining(['inactive', 'support_overload', 'detractor']));
    expect(r.err.join('\n')).toMatch(/Scored 2 accounts/);
  });

  it('backfills a range with progress; re-running does not duplicate', async () => {
    const { file } = setup();
    const r = await run(['--db', file, 'score', '--from', '2026-06-01', '--to', '2026-06-30', '--every', '7d']);
    expect(r.code).toBe(0);
    expect(r.err.filter((l) => /^\[\d\/5\] 2026-06-\d\d: 2 accounts/.test(l))).toHaveLength(5);
    expect(r.err.join('\n')).toMatch(/Backfilled 5 dates \(10 score rows\)/);
    await run(['--db', file, 'score', '--from', '2026-06-01', '--to', '2026-06-30', '--every', '7d']);
    expect(rowCount(file)).toBe(10);
  });

  it('defaults the as-of date to today in the configured time zone', async () => {
    const { dir, file } = setup();
    const cfg = join(dir, 'c.yml');
    writeFileSync(cfg, 'timezone: Pacific/Kiritimati\n');
    const r = await run(['--db', file, '--config', cfg, 'score']);
    expect(r.code).toBe(0);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Pacific/Kiritimati' }).format(new Date());
    // (UTC+14: differs from the UTC date for ten hours a day, so a UTC default would be caught)
    expect(r.out[0]).toContain(`as of ${today}`);
  });

  it('rejects bad dates and flag combinations with a message naming the flag', async () => {
    const { file } = setup();
    const cases: Array<[string[], RegExp]> = [
      [['--as-of', '2026-02-30'], /--as-of must be a calendar date YYYY-MM-DD, got "2026-02-30"/],
      [['--as-of', 'yesterday'], /--as-of must be a calendar date/],
      [['--from', '2026-06-01'], /--from needs --to/],
      [['--to', '2026-06-01'], /--to needs --from/],
      [['--from', '2026-6-1', '--to', '2026-06-30'], /--from must be a calendar date/],
      [['--from', '2026-06-30', '--to', '2026-06-01'], /--from \(2026-06-30\) must not be after --to \(2026-06-01\)/],
      [['--from', '2026-06-01', '--to', '2026-06-30', '--every', '1w'], /--every must be a number of days such as 7d, got "1w"/],
      [['--as-of', '2026-06-01', '--from', '2026-06-01', '--to', '2026-06-02'], /--as-of cannot be combined with --from\/--to/],
    ];
    for (const [args, re] of cases) {
      const r = await run(['--db', file, 'score', ...args]);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.err.join('\n')).toMatch(re);
    }
    expect(rowCount(file)).toBe(0);
  });
});
