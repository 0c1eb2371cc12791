/**
 * The latest_scores table: each account's newest score, kept beside every health_scores write so the App Home
 * and book lists read one narrow row per account. Only this module writes it.
 */
import type { Db } from '../../db';

/** The score 7–14 days before a given as-of date: the Home's week-on-week trend. */
const PREV7_SQL = (account: string, asOf: string) =>
  `(select p.score from health_scores p where p.account_id = ${account} and p.as_of <= date(${asOf}, '-7 days') and p.as_of >= date(${asOf}, '-14 days') order by p.as_of desc limit 1)`;

const UPSERT_SQL = `
insert into latest_scores (account_id, as_of, score, tier, prev7_score)
values (@accountId, @asOf, @score, @tier, ${PREV7_SQL('@accountId', '@asOf')})
on conflict(account_id) do update set as_of = excluded.as_of, score = excluded.score, tier = excluded.tier, prev7_score = excluded.prev7_score
where excluded.as_of >= latest_scores.as_of`;

// A backfilled older day can be the newest row's week-earlier score: refresh its trend.
const REFRESH_PREV7_SQL = `
update latest_scores set prev7_score = ${PREV7_SQL('latest_scores.account_id', 'latest_scores.as_of')}
where account_id = @accountId and as_of > @asOf and @asOf between date(as_of, '-14 days') and date(as_of, '-7 days')`;

export interface LatestScoreRow {
  accountId: string;
  asOf: string;
  score: number;
  tier: string;
}

/** Prepared writer: call for every score row written (after it), inside the same transaction. */
export function latestScoreWriter(db: Db): (s: LatestScoreRow) => void {
  const upsert = db.$client.prepare(UPSERT_SQL);
  const refresh = db.$client.prepare(REFRESH_PREV7_SQL);
  return (s) => {
    const p = { accountId: s.accountId, asOf: s.asOf, score: s.score, tier: s.tier };
    upsert.run(p);
    refresh.run({ accountId: s.accountId, asOf: s.asOf });
  };
}

/**
 * Rebuild latest_scores from health_scores (the migration's backfill). For writers that bypass the scoring
 * run (bulk seeds, fixtures); a scoring run keeps the table current row by row.
 */
export function rebuildLatestScores(db: Db): number {
  return db.$client.transaction(() => {
    db.$client.prepare('delete from latest_scores').run();
    return db.$client
      .prepare(
        `insert into latest_scores (account_id, as_of, score, tier, prev7_score)
         select h.account_id, h.as_of, h.score, h.tier, ${PREV7_SQL('h.account_id', 'h.as_of')}
         from health_scores h where h.as_of = (select max(x.as_of) from health_scores x where x.account_id = h.account_id)`,
      )
      .run().changes;
  })();
}
