/**
 * Which delivery messages are an alert's copies: one key per (alert, recipient). The only module that names
 * alert_messages. Where a copy is in Slack (channel, ts) is delivery's business (src/delivery/store/messages.ts).
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db';
import { alertMessages } from '../../db/schema';

export type AlertCopyRow = typeof alertMessages.$inferSelect;

/** The message key of an alert's copy for a recipient. */
export const copyKey = (alertId: number, recipient: string) => `alert:${alertId}:${recipient}`;

/** Claim a copy for a recipient; undefined when they already have one (so a repeat never makes a second message). */
export function addCopy(db: Db, alertId: number, recipient: string, role: string, level: number, now: Date): string | undefined {
  const key = copyKey(alertId, recipient);
  const r = db
    .insert(alertMessages)
    .values({ alertId, recipient, role, level, messageKey: key, createdAt: now.toISOString() })
    .onConflictDoNothing({ target: [alertMessages.alertId, alertMessages.recipient] })
    .returning({ key: alertMessages.messageKey })
    .all();
  return r[0]?.key;
}

/** The alert's copies, oldest first. */
export function copiesOf(db: Db, alertId: number): AlertCopyRow[] {
  return db.select().from(alertMessages).where(eq(alertMessages.alertId, alertId)).orderBy(alertMessages.id).all();
}

/** Everyone holding a copy of the alert. */
export function copyRecipients(db: Db, alertId: number): Set<string> {
  return new Set(copiesOf(db, alertId).map((c) => c.recipient));
}

/** The copy of the alert a recipient holds. */
export function copyFor(db: Db, alertId: number, recipient: string): AlertCopyRow | undefined {
  return db.select().from(alertMessages).where(and(eq(alertMessages.alertId, alertId), eq(alertMessages.recipient, recipient))).get();
}
