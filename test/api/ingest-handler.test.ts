import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db';
import { createIngestHandler } from '../../src/api/ingest-handler';
import { testDb } from '../support/db';

const TOKEN = 'ingest-token-0123456789';
let db: Db;
let server: Server;
let base: string;

beforeAll(async () => {
  db = testDb();
  server = createServer(createIngestHandler(db, TOKEN));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/ingest/`;
});
afterAll(() => {
  server.close();
  db.$client.close();
});

const post = (kind: string, body: unknown, token: string | null = TOKEN) =>
  fetch(base + kind, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const count = (t: string) => (db.$client.prepare(`select count(*) n from ${t}`).get() as { n: number }).n;

describe('POST /api/ingest/<kind>', () => {
  it('imports records with upsert semantics', async () => {
    const accounts = [
      { account_id: 'acme-corp', name: 'Acme Corp', arr: 120000 },
      { account_id: 'globex', name: 'Globex', arr: 50000 },
    ];
    const r = await post('accounts', accounts);
    expect(r.status).toBe(200);
    const body = (await r.json()) as { ok: boolean; inserted: number };
    expect(body.ok).toBe(true);
    expect(body.inserted).toBe(2);
    const again = (await (await post('accounts', { records: accounts })).json()) as { inserted: number; unchanged: number };
    expect(again.inserted).toBe(0);
    expect(again.unchanged).toBe(2);
    expect(count('accounts')).toBe(2);
  });

  it('rejects bad records as a whole, naming the record and column', async () => {
    const r = await post('nps', [
      { account_id: 'acme-corp', responded_at: '2026-11-01', score: 9, id: 'n1' },
      { account_id: 'acme-corp', responded_at: '2026-11-02', score: 14, id: 'n2' },
    ]);
    expect(r.status).toBe(422);
    const body = (await r.json()) as { ok: boolean; message: string };
    expect(body.ok).toBe(false);
    expect(body.message).toContain('record 2, column "score": NPS must be between 0 and 10 (got "14")');
    expect(body.message).toContain('nothing was imported');
    expect(count('nps_responses')).toBe(0);
  });

  it('refuses missing or wrong tokens, unknown kinds and non-JSON bodies', async () => {
    expect((await post('accounts', [], null)).status).toBe(401);
    expect((await post('accounts', [], 'wrong-token-0123456789')).status).toBe(401);
    expect((await post('widgets', [])).status).toBe(404);
    const bad = await post('accounts', '{not json');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/not valid JSON/);
    expect((await post('accounts', { rows: [] })).status).toBe(400);
  });
});

describe('POST /api/ingest/<kind> with the service time zone and clock', () => {
  it("dates a snapshot without as_of by the configured zone's today and stamps the service clock", async () => {
    const local = testDb();
    // 02:00 UTC on the 23rd is still the 22nd in Los Angeles
    const srv = createServer(
      createIngestHandler(local, TOKEN, { timeZone: 'America/Los_Angeles', clock: () => new Date('2026-11-23T02:00:00Z') }),
    );
    srv.listen(0, '127.0.0.1');
    await once(srv, 'listening');
    const url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}/api/ingest/`;
    const send = (kind: string, body: unknown) =>
      fetch(url + kind, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: JSON.stringify(body) });
    try {
      expect((await send('accounts', [{ account_id: 'acme-corp', name: 'Acme Corp' }])).status).toBe(200);
      expect((await send('snapshot', [{ account_id: 'acme-corp', logins_30d: 40 }])).status).toBe(200);
      expect(local.$client.prepare('select as_of from account_snapshots').all()).toEqual([{ as_of: '2026-11-22' }]);
      expect(local.$client.prepare('select updated_at from accounts').get()).toEqual({ updated_at: '2026-11-23T02:00:00.000Z' });
    } finally {
      srv.close();
      local.$client.close();
    }
  });
});
