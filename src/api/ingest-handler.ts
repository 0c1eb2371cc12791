/**
 * The JSON ingest API: `POST /api/ingest/<kind>` with `Authorization: Bearer $BELLWETHER_INGEST_TOKEN`
 * and a JSON array of records (or {"records": [...]}). Same validation, upsert and all-or-nothing
 * semantics as `bellwether import`; problems come back as 422 with row numbers and columns.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from '../../db';
import { IMPORT_KINDS, importRecords } from '../import';
import { placeInvalidUtf8, recordOf, tooDeepField, tooDeepMessage } from '../import/sources/json';
import { invalidUtf8Message, isUtf8 } from '../import/sources/utf8';
import { UserError } from '../lib/errors';

export const INGEST_PATH_PREFIX = '/api/ingest/';
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

/** A bad request with a JSON body naming where: `record` (1-based) and `field` when known. */
class BadBody extends UserError {
  constructor(
    message: string,
    readonly where: { record?: number; field?: string; byteOffset?: number } = {},
  ) {
    const place = [where.record !== undefined ? `record ${where.record}` : '', where.field !== undefined ? `field "${where.field}"` : '']
      .filter(Boolean)
      .join(', ');
    super('INGEST_BAD_BODY', place ? `${place}: ${message}` : message);
  }
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new UserError('INGEST_TOO_LARGE', `request body exceeds ${MAX_BODY_BYTES} bytes`);
    chunks.push(c as Buffer);
  }
  const bytes = Buffer.concat(chunks);
  if (!isUtf8(bytes)) {
    const [first] = placeInvalidUtf8(bytes, 1);
    throw new BadBody(`body ${invalidUtf8Message(first.byteOffset)}`, { record: first.n, field: first.field, byteOffset: first.byteOffset });
  }
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    throw new UserError('INGEST_BAD_JSON', `body is not valid JSON: ${(e as Error).message}`);
  }
}

/** Records nested deeper than the import limit are refused before the import sees them. */
function checkDepth(records: unknown[]): void {
  records.forEach((r, i) => {
    if (r === null || typeof r !== 'object' || Array.isArray(r)) return; // the import reports "is not a JSON object"
    const field = tooDeepField(r as Record<string, unknown>);
    if (field !== null) throw new BadBody(tooDeepMessage(), { record: i + 1, field });
  });
}

export interface IngestOptions {
  /** decides "today" for defaults such as a snapshot's as_of (the config time zone) */
  timeZone?: string;
  /** stamps updated_at and import_runs.at (the service clock) */
  clock?: () => Date;
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
      const body = await readJson(req);
      const records = Array.isArray(body) ? body : (body as { records?: unknown } | null)?.records;
      if (!Array.isArray(records)) return send(res, 400, { ok: false, error: 'body must be a JSON array of records or {"records": [...]}' });
      checkDepth(records);
      const outcome = importRecords(db, kind as (typeof IMPORT_KINDS)[number], records as Record<string, unknown>[], {
        source: `POST ${INGEST_PATH_PREFIX}${kind}`,
        timeZone: opts.timeZone,
        now: opts.clock?.(),
      });
      return send(res, outcome.ok ? 200 : 422, outcome);
    } catch (e) {
      if (e instanceof BadBody) return send(res, 400, { ok: false, error: e.message, ...e.where });
      if (e instanceof UserError) return send(res, e.code === 'INGEST_TOO_LARGE' ? 413 : 400, { ok: false, error: e.message });
      return send(res, 500, { ok: false, error: 'internal error' });
    }
  };
}
