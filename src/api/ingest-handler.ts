/**
 * The JSON ingest API: `POST /api/ingest/<kind>` with `Authorization: Bearer $BELLWETHER_INGEST_TOKEN`
 * and a JSON array of records (or {"records": [...]}). Same validation, upsert and all-or-nothing
 * semantics as `bellwether import`; problems come back as 422 with row numbers and columns.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from '../../db';
import { IMPORT_KINDS } from '../import';
import { UserError } from '../lib/errors';
import { INGEST_PATH_PREFIX, ingestBody, type IngestReply } from './ingest-body';

export { INGEST_PATH_PREFIX };
const MAX_BODY_BYTES = 50 * 1024 * 1024;

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

const USAGE = 'send "Authorization: Bearer <token>"';

/**
 * Only `Authorization: Bearer <token>` is accepted (the scheme name in any case, per RFC 7235). The
 * comparison is of SHA-256 digests, so it takes the same time whatever the given token's length or content.
 */
export function checkBearer(header: string | undefined, token: string): string | null {
  if (!header) return `missing Authorization header: ${USAGE}`;
  const m = /^Bearer +(\S+) *$/i.exec(header);
  if (!m) return `the Authorization header must use the Bearer scheme: ${USAGE}`;
  const digest = (t: string) => createHash('sha256').update(t).digest();
  return timingSafeEqual(digest(m[1]), digest(token)) ? null : 'invalid bearer token';
}

/** Collect the body's bytes (the socket reads are async and cheap; checking and parsing are the expensive part). */
async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new UserError('INGEST_TOO_LARGE', `request body exceeds ${MAX_BODY_BYTES} bytes`);
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

export interface IngestOptions {
  /** decides "today" for defaults such as a snapshot's as_of (the config time zone) */
  timeZone?: string;
  /** stamps updated_at and import_runs.at (the service clock) */
  clock?: () => Date;
  /** runs check + parse + import (the service passes a worker thread; default inline on this connection) */
  execute?: (job: { kind: string; body: Buffer; timeZone: string; now: Date }) => Promise<IngestReply>;
}

/** The kind named by the path; a malformed %-escape is just an unknown kind (decodeURIComponent would throw). */
function kindOf(url: string | undefined): string {
  const raw = new URL(url ?? '/', 'http://x').pathname.slice(INGEST_PATH_PREFIX.length);
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export function createIngestHandler(db: Db, token: string, opts: IngestOptions = {}) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      if (req.method !== 'POST') return send(res, 405, { ok: false, error: 'use POST' });
      const denied = checkBearer(req.headers.authorization, token);
      if (denied) {
        res.setHeader('www-authenticate', 'Bearer');
        return send(res, 401, { ok: false, error: denied });
      }
      const kind = kindOf(req.url);
      if (!(IMPORT_KINDS as readonly string[]).includes(kind)) {
        return send(res, 404, { ok: false, error: `unknown kind "${kind}" (use one of ${IMPORT_KINDS.join(', ')})` });
      }
      const body = await readBody(req);
      const job = { kind, body, timeZone: opts.timeZone ?? 'UTC', now: opts.clock?.() ?? new Date() };
      const reply = opts.execute ? await opts.execute(job) : ingestBody(db, kind, body, job);
      return send(res, reply.status, reply.body);
    } catch (e) {
      if (e instanceof UserError) return send(res, e.code === 'INGEST_TOO_LARGE' ? 413 : 400, { ok: false, error: e.message });
      return send(res, 500, { ok: false, error: 'internal error' });
    }
  };
}
