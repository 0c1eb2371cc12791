-- backtest_runs.config_fingerprint comes from 0009 (0010's snapshot lacked it; this snapshot has it).
CREATE TABLE `attention_ledger` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`recipient` text NOT NULL,
	`alert_id` integer NOT NULL,
	`account_id` text NOT NULL,
	`severity` text NOT NULL,
	`purpose` text DEFAULT 'open' NOT NULL,
	`decision` text NOT NULL,
	`reason` text NOT NULL,
	`day` text NOT NULL,
	`summary_outbox_id` integer,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `attention_ledger_uq` ON `attention_ledger` (`recipient`,`alert_id`,`severity`,`purpose`);--> statement-breakpoint
CREATE INDEX `attention_ledger_day_idx` ON `attention_ledger` (`recipient`,`day`,`decision`);--> statement-breakpoint
CREATE TABLE `follows` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`follower` text NOT NULL,
	`kind` text NOT NULL,
	`target` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `follows_uq` ON `follows` (`follower`,`kind`,`target`);--> statement-breakpoint
CREATE INDEX `follows_target_idx` ON `follows` (`kind`,`target`);--> statement-breakpoint
CREATE TABLE `notification_settings` (
	`user_id` text PRIMARY KEY NOT NULL,
	`dm_severities` text NOT NULL,
	`summary_time` text NOT NULL,
	`away_until` text,
	`delegate_id` text,
	`updated_at` text NOT NULL
);
