/**
 * digest_log: one row per (week, audience) so a digest is posted once however often the job runs.
 * building → queued (all outbox rows enqueued) → sent / failed (as the delivery worker reports).
 * A crash leaves 'building'; the next run resumes it, and the outbox idempotency keys stop duplicates.
 */
import type { Db } from '../../db';

export type ClaimResult = 'new' | 'resume' | 'done';

export function claimDigest(db: Db, week: string, audience: string, now: Date): ClaimResult {
  const iso = now.toISOString();
  const ins = db.$client
    .prepare(
      `insert into digest_log (week, audience, status, created_at, updated_at) values (?, ?, 'building', ?, ?)
       on conflict (week, audience) do nothing`,
    )
    .run(week, audience, iso, iso);
  if (ins.changes === 1) return 'new';
  const row = db.$client.prepare(`select status from digest_log where week = ? and audience = ?`).get(week, audience) as { status: string };
  return row.status === 'building' ? 'resume' : 'done';
}

export function markQueued(db: Db, week: string, audience: string, outboxIds: number[], summary: unknown, now: Date): void {
  db.$client
    .prepare(
      `update digest_log set status = 'queued', outbox_ids = ?, summary = ?, updated_at = ?
        where week = ? and audience = ? and status = 'building'`,
    )
    .run(JSON.stringify(outboxIds), JSON.stringify(summary), now.toISOString(), week, audience);
}

/** Move queued digests to sent / failed once the delivery worker has finished their outbox rows. */
export function refreshDigestLog(db: Db, now: Date): { sent: number; failed: number } {
  const rows = db.$client.prepare(`select id, outbox_ids as ids from digest_log where status = 'queued'`).all() as Array<{ id: number; ids: string | null }>;
  const status = db.$client.prepare(`select status from outbox where id = ?`);
  const update = db.$client.prepare(`update digest_log set status = ?, updated_at = ? where id = ? and status = 'queued'`);
  let sent = 0;
  let failed = 0;
  for (const r of rows) {
    const ids = r.ids ? (JSON.parse(r.ids) as number[]) : [];
    const states = ids.map((id) => (status.get(id) as { status: string } | undefined)?.status ?? 'missing');
    if (states.includes('failed')) {
      update.run('failed', now.toISOString(), r.id);
      failed++;
    } else if (states.length && states.every((s) => s === 'sent')) {
      update.run('sent', now.toISOString(), r.id);
      sent++;
    }
  }
  return { sent, failed };
}

export interface DigestLogRow {
  week: string;
  audience: string;
  status: string;
  outboxIds: number[];
}

export function digestLogFor(db: Db, week: string): DigestLogRow[] {
  const rows = db.$client
    .prepare(`select week, audience, status, outbox_ids as ids from digest_log where week = ? order by audience`)
    .all(week) as Array<{ week: string; audience: string; status: string; ids: string | null }>;
  return rows.map((r) => ({ week: r.week, audience: r.audience, status: r.status, outboxIds: r.ids ? JSON.parse(r.ids) : [] }));
}
