import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../db';
import { evaluateAlerts } from '../../src/alerts/evaluate';
import { loadPlaybooks } from '../../src/playbooks/load';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack';
import { seedScore, testConfig } from '../alerts/fixtures';

/** A proxy in front of the fake that holds each response a little: the kill then lands between "Slack posted it" and "we recorded it". */
async function slowProxy(target: string, delayMs: number): Promise<{ url: string; server: Server }> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const upstream = await fetch(new URL(req.url!.replace(/^\/api\//, ''), target), {
      method: req.method,
      headers: { 'content-type': String(req.headers['content-type'] ?? ''), authorization: String(req.headers.authorization ?? '') },
      body: chunks.length ? Buffer.concat(chunks) : undefined,
    });
    const body = await upstream.text();
    setTimeout(() => {
      res.writeHead(upstream.status, { 'content-type': 'application/json' });
      res.end(body);
    }, delayMs);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`, server };
}

function runChild(dbFile: string, apiUrl: string, staleMs: number): ChildProcess & { out: Promise<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/delivery/support/crash-child.ts', dbFile], {
    env: { ...process.env, SLACK_API_URL: apiUrl, STALE_MS: String(staleMs) },
    stdio: ['ignore', 'pipe', 'pipe'],
  }) as ChildProcess & { out: Promise<string> };
  let out = '';
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', () => {});
  child.out = once(child, 'exit').then(() => out);
  return child;
}

let fake: FakeSlack;
let proxy: { url: string; server: Server };
beforeAll(async () => {
  fake = await startFakeSlack();
  proxy = await slowProxy(fake.url, 40);
});
afterAll(async () => {
  proxy.server.closeAllConnections();
  await new Promise((r) => proxy.server.close(r));
  await fake.close();
});

describe('crash safety', () => {
  it('a worker SIGKILLed mid fan-out and restarted delivers every alert copy exactly once', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'crash-')), 'bellwether.db');
    const db = createDb(file);
    const ins = db.$client.prepare("insert into team_members (email, name, slack_id, role, manager_email, updated_at) values (?, ?, ?, ?, ?, '2026-01-01')");
    ins.run('mgr@x.io', 'M', 'UMGR1', 'manager', null);
    const N = 40;
    for (let i = 0; i < N; i++) {
      ins.run(`c${i}@x.io`, `C${i}`, `UCSM${i}`, 'csm', 'mgr@x.io');
      db.$client
        .prepare("insert into accounts (id, name, owner_email, arr, updated_at) values (?, ?, ?, 1000, '2026-01-01')")
        .run(`acct-${i}`, `Account ${i}`, `c${i}@x.io`);
      seedScore(db, `acct-${i}`, '2026-11-22', 20); // Critical → owner + manager + escalation channel
    }
    evaluateAlerts(db, { config: testConfig(), playbooks: loadPlaybooks('playbooks'), now: new Date() });
    const expected = db.$client.prepare('select alert_id, recipient from alert_messages').all() as { alert_id: number; recipient: string }[];
    expect(expected).toHaveLength(N * 3);

    const first = runChild(file, proxy.url, 120_000);
    const t0 = Date.now();
    while (fake.callsTo('chat.postMessage').length < expected.length / 3 && Date.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 5));
    first.kill('SIGKILL');
    await first.out;
    const inFlight = (db.$client.prepare("select count(*) n from outbox where status = 'sending'").get() as { n: number }).n;
    const sentBefore = (db.$client.prepare("select count(*) n from outbox where status = 'sent'").get() as { n: number }).n;
    expect(sentBefore).toBeLessThan(expected.length); // really killed mid fan-out
    expect(inFlight).toBeGreaterThan(0); // and with sends whose outcome it never learned

    // Restart. The dead worker's lease is treated as expired at once (STALE_MS=0) instead of waiting it out.
    const second = runChild(file, proxy.url, 0);
    const out = await second.out;
    expect(second.exitCode).toBe(0);
    const result = JSON.parse(out.trim().split('\n').at(-1)!) as { sent: number; recovered: number; failed: number };
    expect(result.failed).toBe(0);
    expect(result.recovered).toBeGreaterThan(0);

    // Exactly one delivered message per (alert, recipient), as recorded by the fake Slack API.
    const perCopy = new Map<string, number>();
    for (const m of fake.messages) {
      const p = m.metadata?.event_payload as { alert_id?: number } | undefined;
      if (!p?.alert_id) continue;
      const key = `${p.alert_id}:${m.channel}`;
      perCopy.set(key, (perCopy.get(key) ?? 0) + 1);
    }
    const dm = (r: string) => (/^U/.test(r) ? `D${r.slice(1)}` : r);
    for (const e of expected) expect(perCopy.get(`${e.alert_id}:${dm(e.recipient)}`), `${e.alert_id}→${e.recipient}`).toBe(1);
    expect([...perCopy.values()].reduce((a, b) => a + b, 0)).toBe(expected.length);
    const rows = db.$client.prepare('select status, count(*) n from outbox group by status').all();
    expect(rows).toEqual([{ status: 'sent', n: expected.length }]);
    const missingTs = db.$client.prepare('select count(*) n from alert_messages m join slack_messages s on s.key = m.message_key where s.ts is null').get() as {
      n: number;
    };
    expect(missingTs.n).toBe(0);
    db.$client.close();
  });
});
