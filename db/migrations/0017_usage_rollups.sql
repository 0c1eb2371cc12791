CREATE TABLE `usage_rollups` (
	`account_id` text PRIMARY KEY NOT NULL,
	`as_of` text NOT NULL,
	`first_day` text NOT NULL,
	`last_login_day` text,
	`first_login_data_day` text,
	`days30` integer NOT NULL,
	`logins30` integer,
	`events30` integer,
	`active_users30` integer,
	`features30` integer,
	`integrations30` integer,
	`logins7` integer,
	`logins14` integer,
	`login_rows30` integer NOT NULL,
	`days_prev30` integer NOT NULL,
	`logins_prev30` integer,
	`login_rows_prev30` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
-- Backfill: each account's windows as of its latest usage day (the same SQL as rebuildUsageRollups in src/usage/rollups.ts).
INSERT INTO usage_rollups (account_id, as_of, first_day, last_login_day, first_login_data_day, days30, logins30, events30,
  active_users30, features30, integrations30, logins7, logins14, login_rows30, days_prev30, logins_prev30, login_rows_prev30)
SELECT m.account_id, m.as_of, m.first_day,
  (SELECT day FROM usage_daily WHERE account_id = m.account_id AND logins > 0 ORDER BY day DESC LIMIT 1),
  (SELECT day FROM usage_daily WHERE account_id = m.account_id AND logins IS NOT NULL ORDER BY day LIMIT 1),
  COUNT(CASE WHEN u.day > m.d30 THEN 1 END),
  SUM(CASE WHEN u.day > m.d30 THEN u.logins END),
  SUM(CASE WHEN u.day > m.d30 THEN u.key_events END),
  MAX(CASE WHEN u.day > m.d30 THEN u.active_users END),
  MAX(CASE WHEN u.day > m.d30 THEN u.features_used END),
  MAX(CASE WHEN u.day > m.d30 THEN u.integrations END),
  SUM(CASE WHEN u.day > m.d7 THEN u.logins END),
  SUM(CASE WHEN u.day > m.d14 THEN u.logins END),
  COUNT(CASE WHEN u.day > m.d30 THEN u.logins END),
  COUNT(CASE WHEN u.day <= m.d30 THEN 1 END),
  SUM(CASE WHEN u.day <= m.d30 THEN u.logins END),
  COUNT(CASE WHEN u.day <= m.d30 THEN u.logins END)
FROM (
  SELECT account_id, MAX(day) AS as_of, MIN(day) AS first_day, date(MAX(day), '-7 days') AS d7, date(MAX(day), '-14 days') AS d14,
    date(MAX(day), '-30 days') AS d30, date(MAX(day), '-60 days') AS d60
  FROM usage_daily WHERE 1 GROUP BY account_id
) m
CROSS JOIN usage_daily u ON u.account_id = m.account_id AND u.day > m.d60 AND u.day <= m.as_of
GROUP BY m.account_id;
