CREATE TABLE `account_rollups` (
	`account_id` text PRIMARY KEY NOT NULL,
	`revenue_sum` real,
	`revenue_last_on` text,
	`last_outreach_at` text,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
-- Backfill: every account with a revenue event or an outreach (same SQL as rebuildAccountRollups in src/book/account-rollups.ts).
INSERT INTO `account_rollups` (`account_id`, `revenue_sum`, `revenue_last_on`, `last_outreach_at`)
SELECT a.id,
  (SELECT sum(r.arr_delta) FROM revenue_events r WHERE r.account_id = a.id),
  (SELECT max(r.occurred_on) FROM revenue_events r WHERE r.account_id = a.id),
  (SELECT max(o.occurred_at) FROM outreach o WHERE o.account_id = a.id)
FROM accounts a
WHERE EXISTS (SELECT 1 FROM revenue_events r WHERE r.account_id = a.id) OR EXISTS (SELECT 1 FROM outreach o WHERE o.account_id = a.id);
