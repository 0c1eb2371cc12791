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
    const srv = createServer(createIngestHandler(local, TOKEN, { timeZone: 'America/Los_Angeles', clock: () => new Date('2026-11-23T02:00:00Z') }));
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

describe('POST /api/ingest/<kind>: bad input gets a 4xx naming the record and field, and writes nothing (issue 10)', () => {
  const raw = (kind: string, body: string | Buffer, authorization: string | null = `Bearer ${TOKEN}`) =>
    fetch(base + kind, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization === null ? {} : { authorization }) },
      body,
    });
  const seed = [{ account_id: 'acme-corp', name: 'Acme Corp', arr: 120000 }];
  const snapshot = () => JSON.stringify(db.$client.prepare('select * from accounts order by id').all()) + count('import_runs');

  it('accepts only the Bearer scheme, with a message saying how to authenticate', async () => {
    expect((await post('accounts', seed)).status).toBe(200);
    const before = snapshot();
    const body = JSON.stringify([{ account_id: 'acme-corp', name: 'Renamed' }]);
    const tries: [string | null, string][] = [
      [TOKEN, 'the Authorization header must use the Bearer scheme: send "Authorization: Bearer <token>"'],
      [`Basic ${TOKEN}`, 'the Authorization header must use the Bearer scheme: send "Authorization: Bearer <token>"'],
      [`Bearer${TOKEN}`, 'the Authorization header must use the Bearer scheme: send "Authorization: Bearer <token>"'],
      [`Bearer ${TOKEN}x`, 'invalid bearer token'],
      [`Bearer ${TOKEN.slice(0, -1)}`, 'invalid bearer token'],
      [null, 'missing Authorization header: send "Authorization: Bearer <token>"'],
    ];
    for (const [authorization, error] of tries) {
      const r = await raw('accounts', body, authorization);
      expect(r.status).toBe(401);
      expect(r.headers.get('www-authenticate')).toBe('Bearer');
      expect(await r.json()).toEqual({ ok: false, error });
    }
    expect(snapshot()).toBe(before);
    // The scheme name is case-insensitive (RFC 7235).
    expect((await raw('accounts', JSON.stringify(seed), `bearer ${TOKEN}`)).status).toBe(200);
  });

  it('invalid UTF-8 in the body: 400 naming record, field and byte offset', async () => {
    const before = snapshot();
    const bytes = Buffer.from('[{"account_id":"globex","name":"Globex"},{"account_id":"acme-corp","name":"Acme \xe9"}]', 'latin1');
    const r = await raw('accounts', bytes);
    expect(r.status).toBe(400);
    const offset = bytes.indexOf(0xe9);
    expect(await r.json()).toEqual({
      ok: false,
      error: `record 2, field "name": body is not valid UTF-8 (bad byte at offset ${offset} of the input; save or export it as UTF-8)`,
      record: 2,
      field: 'name',
      byteOffset: offset,
    });
    expect(snapshot()).toBe(before);
  });

  it('a JSON object in a text field does not rename acme-corp to "[object Object]"', async () => {
    const before = snapshot();
    const r = await post('accounts', { records: [{ account_id: 'acme-corp', name: { text: 'Evil' } }] });
    expect(r.status).toBe(422);
    const body = (await r.json()) as { message: string; problems: unknown[] };
    expect(body.problems).toEqual([{ where: 'record 1', n: 1, column: 'name', message: 'expected a single value, got a JSON object (got {"text":"Evil"})' }]);
    expect(snapshot()).toBe(before);
    expect(db.$client.prepare("select name from accounts where id = 'acme-corp'").get()).toEqual({ name: 'Acme Corp' });
  });

  it('a deeply nested value: 400 naming the record and field, not a 500', async () => {
    const before = snapshot();
    const deep = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
    const r = await raw('accounts', `[{"account_id":"acme-corp","name":"A"},{"account_id":"globex","segment":${deep}}]`);
    expect(r.status).toBe(400);
    expect(await r.json()).toEqual({
      ok: false,
      error: 'record 2, field "segment": is nested more than 10 levels deep (records hold single values)',
      record: 2,
      field: 'segment',
    });
    expect(snapshot()).toBe(before);
  });

  it('ARR 1e308 and a negative count: 422 naming each record and field', async () => {
    const before = snapshot();
    const r = await raw('accounts', '[{"account_id":"acme-corp","arr":1e308},{"account_id":"globex","name":"Globex","seats_licensed":-3}]');
    expect(r.status).toBe(422);
    const body = (await r.json()) as { problems: { where: string; column: string; message: string }[] };
    expect(body.problems.map((p) => `${p.where} ${p.column}: ${p.message}`)).toEqual([
      'record 1 arr: must be at most 1,000,000,000,000 (got "1e+308")',
      'record 2 seats_licensed: must not be negative (got "-3")',
    ]);
    expect(snapshot()).toBe(before);
  });

  it('a malformed %-escape in the kind is a 404, not a 500', async () => {
    const r = await post('%E0%A4%A', []);
    expect(r.status).toBe(404);
    expect(((await r.json()) as { error: string }).error).toContain('unknown kind "%E0%A4%A"');
  });
});
