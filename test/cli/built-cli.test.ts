/**
 * The compiled CLI (dist/, built by the global setup from the current sources) run as users run it:
 * `node bin/bellwether.mjs …`, with no TypeScript loader anywhere. A broken build, a path that only
 * resolves from src/, or a worker thread that still expects .ts files fails here.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/bellwether.mjs');
const dir = mkdtempSync(join(tmpdir(), 'bw-built-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env = { ...process.env };
for (const k of Object.keys(env)) if (k.startsWith('SLACK_') || k.startsWith('BELLWETHER_') || k === 'NODE_OPTIONS') delete env[k];

const cli = (args: string[], cwd = dir) => spawnSync(process.execPath, [BIN, ...args], { cwd, env, encoding: 'utf8', timeout: 120_000 });

/** Packages a dist/ file imports statically, following its ./chunk imports (what loading it costs). */
function staticPackages(file: string, seen = new Set<string>()): Set<string> {
  const out = new Set<string>();
  if (seen.has(file)) return out;
  seen.add(file);
  for (const m of readFileSync(join(ROOT, 'dist', file), 'utf8').matchAll(/^import\s(?:[^;]*?\sfrom\s)?"([^"]+)";$/gm)) {
    const spec = m[1];
    if (spec.startsWith('./')) for (const p of staticPackages(spec.slice(2), seen)) out.add(p);
    else out.add(spec);
  }
  return out;
}

describe('the compiled CLI (bin/bellwether.mjs → dist/)', () => {
  it('runs from dist/ JavaScript only: no TypeScript loader in the build', () => {
    const js = readdirSync(join(ROOT, 'dist')).filter((f) => f.endsWith('.js'));
    expect(js).toContain('bellwether.js');
    expect(js).toContain('background-worker.js');
    for (const f of js) expect(readFileSync(join(ROOT, 'dist', f), 'utf8'), f).not.toMatch(/(from |import\()"(tsx|[^"]*\.ts)"/);
    expect(readdirSync(join(ROOT, 'dist/migrations')).some((f) => f.endsWith('.sql'))).toBe(true);
  });

  it('--help lists every command and loads nothing but commander', () => {
    const r = cli(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: bellwether \[options\] \[command\]/);
    for (const c of COMMANDS) expect(r.stdout).toContain(`  ${c.term} `);
    // what the entry imports before any command is chosen: the command modules, database and Slack libraries load later
    expect([...staticPackages('bellwether.js')].filter((p) => !p.startsWith('node:'))).toEqual(['commander']);
  });

  it('a command’s own --help shows its options (its module loaded on demand)', () => {
    const r = cli(['help', 'score']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: bellwether score [options]');
    expect(r.stdout).toContain('--as-of');
  });

  it('creates, migrates and fills a database, then scores it (demo, score --json)', () => {
    const db = join(dir, 'cli.db');
    const demo = cli(['--db', db, 'demo', '--accounts', '30', '--days', '40', '--today', '2026-05-01']);
    expect(demo.stderr).not.toMatch(/error/i);
    expect(demo.status).toBe(0);
    const score = cli(['--db', db, 'score', '--as-of', '2026-05-01', '--json']);
    expect(score.status).toBe(0);
    const printed = score.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; asOf: string; score: number });
    for (const s of printed) expect(s.asOf).toBe('2026-05-01');
    const scored = Number(/Scored (\d+) accounts as of 2026-05-01/.exec(score.stderr)?.[1]);
    expect(scored).toBeGreaterThan(20); // churned demo accounts are not scored
    expect(printed).toHaveLength(scored);
    const d = new Database(db, { readonly: true });
    try {
      expect((d.prepare('select count(*) n from accounts').get() as { n: number }).n).toBe(30);
      expect((d.prepare("select count(*) n from health_scores where as_of = '2026-05-01'").get() as { n: number }).n).toBe(scored);
      const migrations = readdirSync(join(ROOT, 'db/migrations')).filter((f) => f.endsWith('.sql')).length;
      expect((d.prepare('select count(*) n from __drizzle_migrations').get() as { n: number }).n).toBe(migrations);
    } finally {
      d.close();
    }
  });

  it('a bad argument is a clear error and exit code, not a stack trace', () => {
    const r = cli(['--db', join(dir, 'bad.db'), 'score', '--as-of', '2026-13-45']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('--as-of');
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it('says how to build when dist/ is missing', () => {
    const bare = join(dir, 'bare');
    mkdirSync(join(bare, 'bin'), { recursive: true });
    copyFileSync(BIN, join(bare, 'bin/bellwether.mjs'));
    const r = spawnSync(process.execPath, [join(bare, 'bin/bellwether.mjs'), '--help'], { env, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('npm run build');
  });

  describe('online start: background jobs in compiled worker threads', () => {
    let fake: FakeSlack;
    let child: ChildProcess | undefined;
    afterAll(async () => {
      if (child && child.exitCode === null) child.kill('SIGKILL');
      await fake?.close();
    });

    it('scores in a worker thread loaded from dist/ and stops cleanly on SIGTERM', async () => {
      fake = await startFakeSlack();
      const db = join(dir, 'online.db');
      expect(cli(['--db', db, 'demo', '--accounts', '25', '--days', '40']).status).toBe(0);
      const cfg = join(dir, 'online.yml');
      writeFileSync(
        cfg,
        [
          'alerts:',
          '  escalationChannel: C0ESCALATE',
          '  workingHours:',
          '    enabled: false',
          'digests:',
          '  leadershipChannel: C0LEADERS',
          'delivery:',
          '  perChannelIntervalMs: 0',
          '',
        ].join('\n'),
      );
      const proc = spawn(process.execPath, [BIN, '--db', db, '--config', cfg, '--outbox', join(dir, 'online.jsonl'), 'start'], {
        cwd: ROOT, // the stock playbooks/
        env: { ...env, SLACK_BOT_TOKEN: 'xoxb-built', SLACK_SIGNING_SECRET: 'built-secret', SLACK_API_URL: fake.url, PORT: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = proc;
      let out = '';
      let err = '';
      proc.stdout!.on('data', (d) => (out += String(d)));
      proc.stderr!.on('data', (d) => (err += String(d)));
      const exited = once(proc, 'exit');
      await new Promise<void>((done, fail) => {
        const timer = setInterval(() => {
          if (/\[scoring\] \d+ accounts scored/.test(out)) {
            clearInterval(timer);
            done();
          }
        }, 50);
        void exited.then(() => {
          clearInterval(timer);
          fail(new Error(`service exited early: ${out.slice(-2000)} ${err.slice(-2000)}`));
        });
      });
      expect(out).toContain('background jobs in worker threads');
      const scored = Number(/\[scoring\] (\d+) accounts scored/.exec(out)?.[1]);
      expect(scored).toBeGreaterThan(15);
      proc.kill('SIGTERM');
      const [code] = await exited;
      expect(code).toBe(0);
      const d = new Database(db, { readonly: true });
      try {
        // what the thread wrote, through its own connection
        expect((d.prepare("select count(*) n from job_runs where job = 'scoring' and status = 'done'").get() as { n: number }).n).toBe(1);
        expect((d.prepare('select count(*) n from health_scores where as_of = (select max(as_of) from health_scores)').get() as { n: number }).n).toBe(scored);
      } finally {
        d.close();
      }
      expect(err).not.toMatch(/tsx|ERR_UNKNOWN_FILE_EXTENSION|ERR_MODULE_NOT_FOUND/);
    });
  });
});
