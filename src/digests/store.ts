/**
 * The digests store (digest_log), the only module naming that table: one row per (week, audience) so a digest is
 * posted once however often the job runs. building → queued (all outbox rows enqueued) → sent / failed (as the
 * delivery worker reports). A crash leaves 'building'; the next run resumes it, and the outbox idempotency keys
 * stop duplicates.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db';
import { digestLog } from '../../db/schema';
import { statusesOf } from '../delivery/store/reports';

export type DigestLogRecord = typeof digestLog.$inferSelect;
export type ClaimResult = 'new' | 'resume' | 'done';

const ofWeek = (week: string, audience: string) => and(eq(digestLog.week, week), eq(digestLog.audience, audience));

export function claimDigest(db: Db, week: string, audience: string, now: Date): ClaimResult {
  const iso = now.toISOString();
  const ins = db
    .insert(digestLog)
    .values({ week, audience, status: 'building', createdAt: iso, updatedAt: iso })
    .onConflictDoNothing({ target: [digestLog.week, digestLog.audience] })
    .run();
  if (ins.changes === 1) return 'new';
  const row = db.select({ status: digestLog.status }).from(digestLog).where(ofWeek(week, audience)).get()!;
  return row.status === 'building' ? 'resume' : 'done';
}

export function markQueued(db: Db, week: string, audience: string, outboxIds: number[], summary: unknown, now: Date): void {
  db.update(digestLog)
    .set({ status: 'queued', outboxIds, summary, updatedAt: now.toISOString() })
    .where(and(ofWeek(week, audience), eq(digestLog.status, 'building')))
    .run();
}

/** Move queued digests to sent / failed once the delivery worker has finished their outbox rows. */
export function refreshDigestLog(db: Db, now: Date): { sent: number; failed: number } {
  const rows = db.select({ id: digestLog.id, ids: digestLog.outboxIds }).from(digestLog).where(eq(digestLog.status, 'queued')).all();
  let sent = 0;
  let failed = 0;
  for (const r of rows) {
    const ids = (r.ids as number[] | null) ?? [];
    const statuses = statusesOf(db, ids);
    const states = ids.map((id) => statuses.get(id) ?? 'missing');
    const status = states.includes('failed') ? 'failed' : states.length && states.every((s) => s === 'sent') ? 'sent' : null;
    if (!status) continue;
    db.update(digestLog)
      .set({ status, updatedAt: now.toISOString() })
      .where(and(eq(digestLog.id, r.id), eq(digestLog.status, 'queued')))
      .run();
    if (status === 'sent') sent++;
    else failed++;
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
  return db
    .select({ week: digestLog.week, audience: digestLog.audience, status: digestLog.status, outboxIds: digestLog.outboxIds })
    .from(digestLog)
    .where(eq(digestLog.week, week))
    .orderBy(digestLog.audience)
    .all()
    .map((r) => ({ ...r, outboxIds: (r.outboxIds as number[] | null) ?? [] }));
}
