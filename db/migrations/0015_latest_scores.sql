CREATE TABLE `latest_scores` (
	`account_id` text PRIMARY KEY NOT NULL,
	`as_of` text NOT NULL,
	`score` real NOT NULL,
	`tier` text NOT NULL,
	`prev7_score` real,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `latest_scores_tier_idx` ON `latest_scores` (`tier`,`score`);--> statement-breakpoint
-- Backfill: each account's newest score row, with its score 7–14 days earlier (same SQL as rebuildLatestScores).
INSERT INTO `latest_scores` (`account_id`, `as_of`, `score`, `tier`, `prev7_score`)
SELECT h.account_id, h.as_of, h.score, h.tier,
  (SELECT p.score FROM health_scores p WHERE p.account_id = h.account_id AND p.as_of <= date(h.as_of, '-7 days') AND p.as_of >= date(h.as_of, '-14 days') ORDER BY p.as_of DESC LIMIT 1)
FROM health_scores h
WHERE h.as_of = (SELECT max(x.as_of) FROM health_scores x WHERE x.account_id = h.account_id);
