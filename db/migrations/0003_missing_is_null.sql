PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_usage_daily` (
	`account_id` text NOT NULL,
	`day` text NOT NULL,
	`active_users` integer,
	`logins` integer,
	`key_events` integer,
	`features_used` integer,
	`integrations` integer,
	PRIMARY KEY(`account_id`, `day`),
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_usage_daily`("account_id", "day", "active_users", "logins", "key_events", "features_used", "integrations") SELECT "account_id", "day", "active_users", "logins", "key_events", "features_used", "integrations" FROM `usage_daily`;--> statement-breakpoint
DROP TABLE `usage_daily`;--> statement-breakpoint
ALTER TABLE `__new_usage_daily` RENAME TO `usage_daily`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `usage_daily_day_idx` ON `usage_daily` (`day`);--> statement-breakpoint
ALTER TABLE `account_history` ADD `valid_from` text;--> statement-breakpoint
ALTER TABLE `accounts` ADD `as_of` text;--> statement-breakpoint
CREATE INDEX `account_snapshots_asof_idx` ON `account_snapshots` (`as_of`);--> statement-breakpoint
CREATE INDEX `nps_responded_idx` ON `nps_responses` (`responded_at`);--> statement-breakpoint
CREATE INDEX `signals_occurred_idx` ON `signals` (`occurred_at`);--> statement-breakpoint
CREATE INDEX `tickets_opened_idx` ON `tickets` (`opened_at`);--> statement-breakpoint
-- Hand-written (drizzle-kit does not model triggers): as 0001, but a change that sets a new `as_of` (an
-- import loading CRM history) is dated by that valid-from day instead of the write time, and the old row
-- keeps its own valid-from.
DROP TRIGGER IF EXISTS `accounts_history_on_update`;--> statement-breakpoint
CREATE TRIGGER `accounts_history_on_update`
AFTER UPDATE OF `segment`, `renewal_date`, `renewal_status`, `lifecycle`, `signup_date`, `contract_start`, `seats_licensed`, `as_of` ON `accounts`
WHEN OLD.`segment` IS NOT NEW.`segment` OR OLD.`renewal_date` IS NOT NEW.`renewal_date`
  OR OLD.`renewal_status` IS NOT NEW.`renewal_status` OR OLD.`lifecycle` IS NOT NEW.`lifecycle`
  OR OLD.`signup_date` IS NOT NEW.`signup_date` OR OLD.`contract_start` IS NOT NEW.`contract_start`
  OR OLD.`seats_licensed` IS NOT NEW.`seats_licensed`
BEGIN
  INSERT INTO `account_history` (`account_id`, `valid_from`, `valid_until`, `segment`, `renewal_date`, `renewal_status`, `lifecycle`, `signup_date`, `contract_start`, `seats_licensed`)
  VALUES (OLD.`id`, OLD.`as_of`,
    CASE WHEN NEW.`as_of` IS NOT NULL AND NEW.`as_of` IS NOT OLD.`as_of` THEN NEW.`as_of` ELSE substr(NEW.`updated_at`, 1, 10) END,
    OLD.`segment`, OLD.`renewal_date`, OLD.`renewal_status`, OLD.`lifecycle`, OLD.`signup_date`, OLD.`contract_start`, OLD.`seats_licensed`);
END;
