/**
 * The CPU-heavy half of the ingest API: JSON parse, validation and the all-or-nothing import of one
 * request body. Pure of HTTP so the service can run it in a worker thread (a 35 MB body must not stall
 * Bolt's event loop) and tests can run it inline.
 */
import type { Db } from '../../db';
import { IMPORT_KINDS, importRecords } from '../import';
import { UserError } from '../lib/errors';

export const INGEST_PATH_PREFIX = '/api/ingest/';

/** HTTP status and JSON body to answer with. */
export interface IngestReply {
  status: number;
  body: unknown;
}

export function ingestBody(db: Db, kind: string, bytes: Buffer, opts: { timeZone?: string; now?: Date }): IngestReply {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    return { status: 400, body: { ok: false, error: new UserError('INGEST_BAD_JSON', `body is not valid JSON: ${(e as Error).message}`).message } };
  }
  const records = Array.isArray(parsed) ? parsed : (parsed as { records?: unknown } | null)?.records;
  if (!Array.isArray(records)) return { status: 400, body: { ok: false, error: 'body must be a JSON array of records or {"records": [...]}' } };
  const outcome = importRecords(db, kind as (typeof IMPORT_KINDS)[number], records as Record<string, unknown>[], {
    source: `POST ${INGEST_PATH_PREFIX}${kind}`,
    timeZone: opts.timeZone,
    now: opts.now,
  });
  return { status: outcome.ok ? 200 : 422, body: outcome };
}
