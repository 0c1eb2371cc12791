import type { Db } from '../../db';
import { insertOutreachOnce } from '../activity/store';
import { outreachLogged } from '../book/account-rollups';
import type { ValidOutreach } from './validate-outreach';

export interface SaveOutreachArgs extends ValidOutreach {
  accountId: string;
  /** Slack user id or email of whoever logged it */
  loggedBy: string;
  occurredAt: Date;
  /** the open alert this outreach answers, if any */
  alertId?: number | null;
  /**
   * Identifies the submission (e.g. the Slack view id): a second save with the same key is a replay
   * (Slack retries, a double delivery) and records nothing.
   */
  idempotencyKey?: string | null;
}

/**
 * Record one outreach; it becomes the account's last touch (account_rollups, in the same transaction). Returns
 * its row id, and `created: false` when the idempotency key was already used (the id is then the earlier row's).
 */
export function saveOutreach(db: Db, a: SaveOutreachArgs): { id: number; created: boolean } {
  return db.$client.transaction(() => {
    const occurredAt = a.occurredAt.toISOString();
    const r = insertOutreachOnce(db, {
      accountId: a.accountId,
      loggedBy: a.loggedBy,
      type: a.type,
      notes: a.notes,
      outcome: a.outcome,
      nextStepOn: a.nextStepOn,
      occurredAt,
      alertId: a.alertId ?? null,
      idempotencyKey: a.idempotencyKey ?? null,
    });
    if (r.created) outreachLogged(db.$client, a.accountId, occurredAt);
    return r;
  })();
}
