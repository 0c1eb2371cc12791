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
