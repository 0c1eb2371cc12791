/**
 * Which delivery messages are an alert's copies: one key per (alert, recipient). The only module that names
 * alert_messages. Where a copy is in Slack (channel, ts) is delivery's business (src/delivery/store/messages.ts).
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db';
import { alertMessages } from '../../db/schema';

export type AlertCopyRow = typeof alertMessages.$inferSelect;

/** The message key of an alert's copy for a recipient. */
export const copyKey = (alertId: number, recipient: string) => `alert:${alertId}:${recipient}`;

/** Prepared once per connection: opening thousands of groups in a daily pass claims and lists copies for each. */
function prepare(db: Db) {
  const p = sql.placeholder;
  return {
    add: db
      .insert(alertMessages)
      .values({
        alertId: p('alertId'),
        recipient: p('recipient'),
        role: p('role'),
        level: p('level'),
        messageKey: p('key'),
        createdAt: p('createdAt'),
      } as never)
      .onConflictDoNothing({ target: [alertMessages.alertId, alertMessages.recipient] })
      .returning({ key: alertMessages.messageKey })
      .prepare(),
    copies: db
      .select()
      .from(alertMessages)
      .where(eq(alertMessages.alertId, p('alertId')))
      .orderBy(alertMessages.id)
      .prepare(),
  };
}
const prepared = new WeakMap<Db, ReturnType<typeof prepare>>();
function q(db: Db): ReturnType<typeof prepare> {
  let r = prepared.get(db);
  if (!r) prepared.set(db, (r = prepare(db)));
  return r;
}

/** Claim a copy for a recipient; undefined when they already have one (so a repeat never makes a second message). */
export function addCopy(db: Db, alertId: number, recipient: string, role: string, level: number, now: Date): string | undefined {
  const key = copyKey(alertId, recipient);
  return q(db).add.all({ alertId, recipient, role, level, key, createdAt: now.toISOString() })[0]?.key;
}

/** The alert's copies, oldest first. */
export function copiesOf(db: Db, alertId: number): AlertCopyRow[] {
  return q(db).copies.all({ alertId });
}

/** Everyone holding a copy of the alert. */
export function copyRecipients(db: Db, alertId: number): Set<string> {
  return new Set(copiesOf(db, alertId).map((c) => c.recipient));
}

/** The copy of the alert a recipient holds. */
export function copyFor(db: Db, alertId: number, recipient: string): AlertCopyRow | undefined {
  return db
    .select()
    .from(alertMessages)
    .where(and(eq(alertMessages.alertId, alertId), eq(alertMessages.recipient, recipient)))
    .get();
}
