/**
 * Per-owner rollup of a book (issue 14's team view builds on it): accounts, ARR, at-risk ARR, open alerts and
 * accounts untouched for N days, per owner. Built from loadBook, so its totals are the book's totals.
 */
import type { Db } from '../../db';
import { isUntouched, DEFAULT_NO_TOUCH_DAYS } from '../domain/touch';
import { stmt } from '../../db/statement-cache';
import { allMembers } from '../team/store';
import { type BookRow, isAtRisk, loadBook } from './read-model';
import { type BookScope, scopeSql, scopeParams } from './scope';

export interface OwnerRollup {
  /** the owner's team email when known (by email or Slack id), else the account's owner Slack id, else null (unowned) */
  ownerEmail: string | null;
  ownerSlackId: string | null;
  ownerName: string | null;
  accounts: number;
  arr: number;
  atRiskArr: number;
  /** unresolved alerts on the owner's live accounts */
  openAlerts: number;
  untouched: number;
}

/** One row per owner in scope, by at-risk ARR (desc), then ARR, then name. */
export function rollupByOwner(db: Db, scope: BookScope, asOf: string, opts: { noTouchDays?: number; rows?: BookRow[] } = {}): OwnerRollup[] {
  const days = opts.noTouchDays ?? DEFAULT_NO_TOUCH_DAYS;
  const rows = opts.rows ?? loadBook(db, scope, asOf);
  const members = allMembers(db);
  const byEmail = new Map(members.map((m) => [m.email, m]));
  const bySlack = new Map(members.flatMap((m) => (m.slackId ? [[m.slackId, m] as const] : [])));
  const alerts = new Map(
    (
      stmt(
        db,
        `select al.account_id id, count(*) n from alerts al join accounts a on a.id = al.account_id where al.status != 'resolved' and ${scopeSql(scope)} group by al.account_id`,
      ).all(scopeParams(scope)) as { id: string; n: number }[]
    ).map((r) => [r.id, r.n]),
  );
  const out = new Map<string, OwnerRollup>();
  for (const r of rows) {
    // The same owner match as the scopes: email first, else Slack id.
    const m = (r.ownerEmail ? byEmail.get(r.ownerEmail) : undefined) ?? (r.ownerSlackId ? bySlack.get(r.ownerSlackId) : undefined);
    const key = m ? `m:${m.email}` : r.ownerEmail ? `e:${r.ownerEmail}` : r.ownerSlackId ? `s:${r.ownerSlackId}` : 'none';
    let o = out.get(key);
    if (!o) {
      o = {
        ownerEmail: m?.email ?? r.ownerEmail,
        ownerSlackId: m?.slackId ?? r.ownerSlackId,
        ownerName: m?.name ?? null,
        accounts: 0,
        arr: 0,
        atRiskArr: 0,
        openAlerts: 0,
        untouched: 0,
      };
      out.set(key, o);
    }
    o.accounts++;
    o.arr += r.arr;
    if (isAtRisk(r)) o.atRiskArr += r.arr;
    o.openAlerts += alerts.get(r.id) ?? 0;
    if (isUntouched(r.lastTouchAt, asOf, days)) o.untouched++;
  }
  return [...out.values()].sort(
    (a, b) => b.atRiskArr - a.atRiskArr || b.arr - a.arr || (a.ownerName ?? a.ownerEmail ?? '').localeCompare(b.ownerName ?? b.ownerEmail ?? ''),
  );
}
