import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'bw-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Strip Slack credentials the developer's shell may carry: this is the no-credentials path.
const env = { ...process.env };
for (const k of ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'BELLWETHER_DB', 'BELLWETHER_OUTBOX', 'BELLWETHER_CONFIG']) delete env[k];

function start(args: string[]) {
  return spawnSync(process.execPath, ['bin/bellwether.mjs', '--db', join(dir, 'b.db'), '--outbox', join(dir, 'outbox.jsonl'), 'start', ...args], {
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
}

describe('bellwether start (offline)', () => {
  it('generates demo data into an empty database, runs one cycle, writes the outbox and exits 0', () => {
    const r = start(['--demo-accounts', '300']);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Bellwether offline cycle for \d{4}-\d{2}-\d{2}/);
    expect(r.stdout).toMatch(/scoring: +\d+ accounts/);

    const db = new Database(join(dir, 'b.db'), { readonly: true });
    const n = (q: string) => (db.prepare(q).get() as { n: number }).n;
    expect(n('select count(*) n from accounts')).toBe(300);
    expect(n('select count(*) n from health_scores')).toBeGreaterThan(250);
    expect(n('select count(*) n from alerts')).toBeGreaterThan(0);
    expect(n("select count(*) n from digest_log where audience = 'leadership'")).toBe(1);
    const sent = n("select count(*) n from outbox where status = 'sent'");
    // the printed queued counts count outbox rows: alert posts and updates, evaluation and escalation together
    const q = [...r.stdout.matchAll(/queued (\d+) new message\(s\), (\d+) update\(s\)/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(q).toHaveLength(2); // alerts line, escalation line
    // A first run is a baseline: no post per alert, one "Your book today" summary per person from the tick.
    expect(q[0][0] + q[1][0]).toBe(
      n("select count(*) n from outbox where method = 'chat.postMessage' and (alert_id is not null or idempotency_key like 'attention:summary:%')"),
    );
    expect(q[0][0]).toBe(0);
    expect(q[1][0]).toBe(n("select count(*) n from outbox where idempotency_key like 'attention:summary:%:baseline'"));
    expect(q[1][0]).toBeGreaterThan(0);
    expect(q[0][1] + q[1][1]).toBe(n("select count(*) n from outbox where method = 'chat.update'"));
    // whose summary still waits (outside their working time now) is said, counted from the ledger
    const held = n("select count(distinct recipient) n from attention_ledger where decision = 'summary' and summary_outbox_id is null");
    if (held) expect(r.stdout).toContain(`attention:  ${held} recipient(s) have alerts held for a summary`);
    else expect(r.stdout).not.toMatch(/attention: /);
    db.close();

    const lines = readFileSync(join(dir, 'outbox.jsonl'), 'utf8').trim().split('\n');
    expect(lines.length).toBe(sent);
    const calls = lines.map((l) => JSON.parse(l) as { method: string; args: Record<string, unknown> });
    for (const c of calls) {
      expect(typeof c.method).toBe('string');
      expect(typeof c.args).toBe('object');
    }
    const posts = calls.filter((c) => c.method === 'chat.postMessage');
    expect(posts.length).toBeGreaterThan(0);
    for (const p of posts) expect(typeof p.args.text).toBe('string');
    const uploads = calls.filter((c) => c.method === 'files.uploadV2');
    expect(uploads.length).toBe(2);
    for (const u of uploads) expect(existsSync(String(u.args.file_path))).toBe(true);
  });

  it('a second run re-uses the data and posts nothing twice', () => {
    const before = readFileSync(join(dir, 'outbox.jsonl'), 'utf8').trim().split('\n').length;
    const r = start([]);
    expect(r.status).toBe(0);
    expect(r.stdout).not.toMatch(/generating demo data/);
    expect(r.stdout).toMatch(/leadership skipped-already-sent/);
    const lines = readFileSync(join(dir, 'outbox.jsonl'), 'utf8').trim().split('\n');
    const keys = new Set<string>();
    // Alert notifications carry their outbox id in metadata: none may appear twice.
    for (const l of lines) {
      const c = JSON.parse(l) as { method: string; args: { metadata?: { event_payload?: { outbox_id?: number } } } };
      const id = c.args.metadata?.event_payload?.outbox_id;
      if (c.method === 'chat.postMessage' && id !== undefined) {
        expect(keys.has(String(id))).toBe(false);
        keys.add(String(id));
      }
    }
    expect(lines.length).toBeGreaterThanOrEqual(before);
  });

  it('refuses to start with a bad playbook or config, naming the file and the problem', () => {
    const pb = join(dir, 'bad-playbooks');
    mkdirSync(pb, { recursive: true });
    writeFileSync(
      join(pb, 'broken.yml'),
      'id: broken\ntitle: Broken\ntriggers: { rules: [usage_decline] }\nseverity: medium\nsla: 7d\nsteps:\n  - { title: Call, due: soon, owner: csm }\n',
    );
    const cfg = join(dir, 'c.yml');
    writeFileSync(cfg, `alerts:\n  playbooksDir: ${pb}\n`);
    const r = spawnSync(process.execPath, ['bin/bellwether.mjs', '--db', join(dir, 'b.db'), '--config', cfg, 'start'], { env, encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('broken.yml');
    expect(r.stderr).toMatch(/steps\[0\]\.due/);

    writeFileSync(cfg, 'scoring:\n  weights: { usage: 45, engagement: 25, support: 15, financial: 15 }\n');
    const r2 = spawnSync(process.execPath, ['bin/bellwether.mjs', '--db', join(dir, 'b.db'), '--config', cfg, 'start'], { env, encoding: 'utf8' });
    expect(r2.status).toBe(1);
    expect(r2.stderr).toMatch(/scoring\.weights\.usage: no component may exceed 40/);
  });
});
