import type { Db } from '../../db';

export interface OutboxListing {
  counts: Record<string, number>;
  rows: { id: number; status: string; method: string; channel: string | null; attempts: number; availableAt: string; sentAt: string | null; lastError: string | null; alertId: number | null }[];
}

/** The outbox for humans: counts by status and the latest rows (failed ones with their reason). */
export function listOutbox(db: Db, opts: { failedOnly?: boolean; limit?: number } = {}): OutboxListing {
  const counts = Object.fromEntries(
    (db.$client.prepare('select status, count(*) n from outbox group by status').all() as { status: string; n: number }[]).map((r) => [r.status, r.n]),
  );
  const rows = db.$client
    .prepare(
      `select id, status, method, channel, attempts, available_at, sent_at, last_error, alert_id from outbox
        ${opts.failedOnly ? "where status = 'failed'" : ''} order by id desc limit ?`,
    )
    .all(opts.limit ?? 50) as Record<string, unknown>[];
  return {
    counts,
    rows: rows.map((r) => ({
      id: Number(r.id),
      status: String(r.status),
      method: String(r.method),
      channel: (r.channel as string | null) ?? null,
      attempts: Number(r.attempts),
      availableAt: String(r.available_at),
      sentAt: (r.sent_at as string | null) ?? null,
      lastError: (r.last_error as string | null) ?? null,
      alertId: (r.alert_id as number | null) ?? null,
    })),
  };
}
