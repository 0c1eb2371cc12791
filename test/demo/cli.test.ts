import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDb } from '../../db';
import { main } from '../../src/cli/main';
import { count, dumpHash } from './support';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tmpDbPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bw-demo-'));
  dirs.push(dir);
  return join(dir, 'demo.db');
}

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l), isTTY: false }, {});
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('bellwether demo', () => {
  it('creates the database, generates data and prints counts with progress on stderr', async () => {
    const path = tmpDbPath();
    const r = await run(['--db', path, 'demo', '--accounts', '200', '--today', '2026-11-23']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Demo data written to .*demo\.db \(seed 42, 365 days of usage ending 2026-11-23/);
    expect(r.out).toMatch(/accounts\s+200/);
    expect(r.out).toMatch(
      /history: \d+ churned \(\d+ with warning signs before, \d+ by surprise\), \d+ troubled episodes that recovered on accounts that did not churn \(false alarms\)/,
    );
    expect(r.out).toMatch(/account_history\s+[\d,]+\s+dated attribute changes/);
    expect(r.out).toMatch(/team_members\s+25\s+1 VP, 3 managers, 20 CSMs, 1 admin/);
    expect(r.err).toMatch(/demo: accounts 200\/200 \(100%\)/);
    const db = createDb(path);
    expect(count(db, 'SELECT count(*) n FROM accounts')).toBe(200);
    expect(count(db, "SELECT count(*) n FROM accounts WHERE id = 'acme-corp'")).toBe(1);
    const usageRows = Number(/usage_daily\s+([\d,]+)/.exec(r.out)![1].replace(/,/g, ''));
    expect(count(db, 'SELECT count(*) n FROM usage_daily')).toBe(usageRows);
    db.$client.close();
  });

  it('is deterministic across runs with the same --seed and --today', async () => {
    const a = tmpDbPath();
    const b = tmpDbPath();
    expect((await run(['--db', a, 'demo', '--accounts', '60', '--seed', '9', '--today', '2026-03-01'])).code).toBe(0);
    expect((await run(['--db', b, 'demo', '--accounts', '60', '--seed', '9', '--today', '2026-03-01'])).code).toBe(0);
    const da = createDb(a);
    const db = createDb(b);
    expect(dumpHash(da)).toBe(dumpHash(db));
    da.$client.close();
    db.$client.close();
  });

  it('refuses a non-empty database without --replace, and replaces with it', async () => {
    const path = tmpDbPath();
    expect((await run(['--db', path, 'demo', '--accounts', '50', '--today', '2026-11-23'])).code).toBe(0);
    const refused = await run(['--db', path, 'demo', '--accounts', '80', '--today', '2026-11-23']);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/error: the database already has 50 accounts and 25 team members; use --replace/);
    const replaced = await run(['--db', path, 'demo', '--accounts', '80', '--days', '30', '--today', '2026-11-23', '--replace']);
    expect(replaced.code).toBe(0);
    expect(replaced.out).toMatch(/replaced 50 accounts and 25 team members/);
    const db = createDb(path);
    expect(count(db, 'SELECT count(*) n FROM accounts')).toBe(80);
    expect(count(db, 'SELECT count(DISTINCT day) n FROM usage_daily')).toBe(30);
    db.$client.close();
  });

  it('names the bad flag and writes nothing', async () => {
    const path = tmpDbPath();
    const cases: [string[], RegExp][] = [
      [['--accounts', 'lots'], /--accounts must be a whole number \(got "lots"\)/],
      [['--accounts', '0'], /--accounts must be from 1 to 100000 \(got 0\)/],
      [['--days', '1000'], /--days must be from 1 to 730 \(got 1000\)/],
      [['--seed', '1.5'], /--seed must be a whole number/],
      [['--today', '2026-13-01'], /--today must be a calendar date YYYY-MM-DD \(got "2026-13-01"\)/],
    ];
    for (const [flags, message] of cases) {
      const r = await run(['--db', path, 'demo', ...flags]);
      expect(r.code, flags.join(' ')).toBe(1);
      expect(r.err).toMatch(message);
    }
    const db = createDb(path);
    expect(count(db, 'SELECT count(*) n FROM accounts')).toBe(0);
    db.$client.close();
  });

  it('defaults --today to the current UTC date', async () => {
    const path = tmpDbPath();
    const before = new Date().toISOString().slice(0, 10);
    expect((await run(['--db', path, 'demo', '--accounts', '5', '--days', '7'])).code).toBe(0);
    const after = new Date().toISOString().slice(0, 10);
    const db = createDb(path);
    const { d } = db.$client.prepare('SELECT max(day) d FROM usage_daily').get() as { d: string };
    expect([before, after]).toContain(d);
    db.$client.close();
  });
});
