CREATE TABLE `account_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` text NOT NULL,
	`valid_until` text NOT NULL,
	`segment` text,
	`renewal_date` text,
	`renewal_status` text NOT NULL,
	`lifecycle` text NOT NULL,
	`signup_date` text,
	`contract_start` text,
	`seats_licensed` integer,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `account_history_account_idx` ON `account_history` (`account_id`,`valid_until`);--> statement-breakpoint
-- Hand-written (drizzle-kit does not model triggers): keep the old values of the attributes scoring reads,
-- on any update that really changes one of them, dated by the new updated_at.
CREATE TRIGGER `accounts_history_on_update`
AFTER UPDATE OF `segment`, `renewal_date`, `renewal_status`, `lifecycle`, `signup_date`, `contract_start`, `seats_licensed` ON `accounts`
WHEN OLD.`segment` IS NOT NEW.`segment` OR OLD.`renewal_date` IS NOT NEW.`renewal_date`
  OR OLD.`renewal_status` IS NOT NEW.`renewal_status` OR OLD.`lifecycle` IS NOT NEW.`lifecycle`
  OR OLD.`signup_date` IS NOT NEW.`signup_date` OR OLD.`contract_start` IS NOT NEW.`contract_start`
  OR OLD.`seats_licensed` IS NOT NEW.`seats_licensed`
BEGIN
  INSERT INTO `account_history` (`account_id`, `valid_until`, `segment`, `renewal_date`, `renewal_status`, `lifecycle`, `signup_date`, `contract_start`, `seats_licensed`)
  VALUES (OLD.`id`, substr(NEW.`updated_at`, 1, 10), OLD.`segment`, OLD.`renewal_date`, OLD.`renewal_status`, OLD.`lifecycle`, OLD.`signup_date`, OLD.`contract_start`, OLD.`seats_licensed`);
END;
