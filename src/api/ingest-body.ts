/**
 * The CPU-heavy half of the ingest API: UTF-8 check, JSON parse, validation and the all-or-nothing import of
 * one request body. Pure of HTTP so the service can run it in a worker thread (a 35 MB body must not stall
 * Bolt's event loop) and tests can run it inline.
 */
import type { Db } from '../../db';
import { type IMPORT_KINDS, importRecords } from '../import';
import { placeInvalidUtf8, tooDeepField, tooDeepMessage } from '../import/sources/json';
import { invalidUtf8Message, isUtf8 } from '../import/sources/utf8';

export const INGEST_PATH_PREFIX = '/api/ingest/';

/** HTTP status and JSON body to answer with. */
export interface IngestReply {
  status: number;
  body: unknown;
}

/** A 400 whose JSON body names where: `record` (1-based), `field` and `byteOffset` when known. */
function badBody(message: string, where: { record?: number; field?: string; byteOffset?: number } = {}): IngestReply {
  const place = [where.record !== undefined ? `record ${where.record}` : '', where.field !== undefined ? `field "${where.field}"` : '']
    .filter(Boolean)
    .join(', ');
  return { status: 400, body: { ok: false, error: place ? `${place}: ${message}` : message, ...where } };
}

export function ingestBody(db: Db, kind: string, bytes: Buffer, opts: { timeZone?: string; now?: Date }): IngestReply {
  if (!isUtf8(bytes)) {
    const [first] = placeInvalidUtf8(bytes, 1);
    return badBody(`body ${invalidUtf8Message(first.byteOffset)}`, { record: first.n, field: first.field, byteOffset: first.byteOffset });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    return { status: 400, body: { ok: false, error: `body is not valid JSON: ${(e as Error).message}` } };
  }
  const records = Array.isArray(parsed) ? parsed : (parsed as { records?: unknown } | null)?.records;
  if (!Array.isArray(records)) return { status: 400, body: { ok: false, error: 'body must be a JSON array of records or {"records": [...]}' } };
  // Records nested deeper than the import limit are refused before the import sees them.
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    if (r === null || typeof r !== 'object' || Array.isArray(r)) continue; // the import reports "is not a JSON object"
    const field = tooDeepField(r as Record<string, unknown>);
    if (field !== null) return badBody(tooDeepMessage(), { record: i + 1, field });
  }
  const outcome = importRecords(db, kind as (typeof IMPORT_KINDS)[number], records as Record<string, unknown>[], {
    source: `POST ${INGEST_PATH_PREFIX}${kind}`,
    timeZone: opts.timeZone,
    now: opts.now,
  });
  return { status: outcome.ok ? 200 : 422, body: outcome };
}
