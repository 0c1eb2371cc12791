/**
 * A small hand-built book with known cohort answers (as of 2026-06-15, first value = 10+ key events a day).
 *
 * account  plan     start       revenue events                                        first value
 * a1       Pro      2026-01-10  new 1000; expansion +500 on 02-15                      01-15 (5 days)
 * a2       Pro      2026-01-31  new 2000 (start on the month's last day); −500 03-05   03-15 (43 days)
 * a3       Starter  2026-01-20  new 1000; churn −1000 02-20; reactivation +1000 03-05  never
 *                               (back within 30 days: not churn; Feb's month end falls in the gap)
 * a4       Starter  2026-01-05  new 3000; churn −3000 03-10 (reason "competitor");     01-05 (0 days)
 *                               win-back +2000 on 05-20 (after the grace period: churned, then back)
 * b1       Pro      2026-02-14  new 4000; churn −4000 02-27 (reason "budget"),          never
 *                               churned inside its signup month, never scored
 * b2       Starter  2026-02-01  new 1000; expansion +1000 04-30                         never
 * c1       Pro      2026-06-10  new 500 (cohort month in progress on the as-of day)     window still open
 * later    Pro      2026-07-01  starts after the as-of day: left out
 * nodate   —        —           no start day: left out
 * a4 was scored on 03-01 with top driver usage_decline; b1 never.
 */
import type { Db } from '../../db';
import { accounts, revenueEvents, usageDaily } from '../../db/schema';
import { addScore, driver } from '../metrics/fixtures';

export const AS_OF = '2026-06-15';
const T = '2026-01-01T00:00:00.000Z';

let seq = 0;
function rev(db: Db, accountId: string, day: string, kind: 'new' | 'expansion' | 'contraction' | 'churn' | 'reactivation', arrDelta: number, note?: string) {
  db.insert(revenueEvents)
    .values({ id: `cf-${++seq}`, accountId, occurredOn: day, kind, arrDelta, note: note ?? null })
    .run();
}
function account(db: Db, id: string, segment: string | null, contractStart: string | null, arr: number, lifecycle: 'active' | 'churned' = 'active') {
  db.insert(accounts).values({ id, name: id.toUpperCase(), segment, contractStart, arr, lifecycle, updatedAt: T }).run();
}
function usage(db: Db, accountId: string, day: string, keyEvents: number) {
  db.insert(usageDaily).values({ accountId, day, keyEvents, logins: 1, activeUsers: 1 }).run();
}

export function seedCohortFixture(db: Db): void {
  account(db, 'a1', 'Pro', '2026-01-10', 1500);
  rev(db, 'a1', '2026-01-10', 'new', 1000);
  rev(db, 'a1', '2026-02-15', 'expansion', 500);
  usage(db, 'a1', '2026-01-10', 3);
  usage(db, 'a1', '2026-01-15', 12);

  account(db, 'a2', 'Pro', '2026-01-31', 1500);
  rev(db, 'a2', '2026-01-31', 'new', 2000);
  rev(db, 'a2', '2026-03-05', 'contraction', -500);
  usage(db, 'a2', '2026-02-10', 9);
  usage(db, 'a2', '2026-03-15', 10);

  account(db, 'a3', 'Starter', '2026-01-20', 1000);
  rev(db, 'a3', '2026-01-20', 'new', 1000);
  rev(db, 'a3', '2026-02-20', 'churn', -1000, 'budget');
  rev(db, 'a3', '2026-03-05', 'reactivation', 1000);
  usage(db, 'a3', '2026-01-25', 2);

  account(db, 'a4', 'Starter', '2026-01-05', 2000);
  rev(db, 'a4', '2026-01-05', 'new', 3000);
  rev(db, 'a4', '2026-03-10', 'churn', -3000, 'competitor');
  rev(db, 'a4', '2026-05-20', 'reactivation', 2000);
  usage(db, 'a4', '2026-01-05', 10);
  addScore(db, 'a4', '2026-03-01', 35, [driver('usage_decline', 'logins down 40%'), driver('inactive', 'no login', 5)]);

  account(db, 'b1', 'Pro', '2026-02-14', 0, 'churned');
  rev(db, 'b1', '2026-02-14', 'new', 4000);
  rev(db, 'b1', '2026-02-27', 'churn', -4000, 'budget');

  account(db, 'b2', 'Starter', '2026-02-01', 2000);
  rev(db, 'b2', '2026-02-01', 'new', 1000);
  rev(db, 'b2', '2026-04-30', 'expansion', 1000);

  account(db, 'c1', 'Pro', '2026-06-10', 500);
  rev(db, 'c1', '2026-06-10', 'new', 500);

  account(db, 'later', 'Pro', '2026-07-01', 900);
  rev(db, 'later', '2026-07-01', 'new', 900);
  account(db, 'nodate', null, null, 100);
}
