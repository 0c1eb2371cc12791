import type { Db } from '../../db';
import { outreach } from '../../db/schema';
import type { ValidOutreach } from './validate-outreach';

export interface SaveOutreachArgs extends ValidOutreach {
  accountId: string;
  /** Slack user id or email of whoever logged it */
  loggedBy: string;
  occurredAt: Date;
  /** the open alert this outreach answers, if any */
  alertId?: number | null;
}

/** Record one outreach; it becomes the account's last touch. Returns the new row id. */
export function saveOutreach(db: Db, a: SaveOutreachArgs): number {
  const [row] = db
    .insert(outreach)
    .values({
      accountId: a.accountId,
      loggedBy: a.loggedBy,
      type: a.type,
      notes: a.notes,
      outcome: a.outcome,
      nextStepOn: a.nextStepOn,
      occurredAt: a.occurredAt.toISOString(),
      alertId: a.alertId ?? null,
    })
    .returning({ id: outreach.id })
    .all();
  return row.id;
}
