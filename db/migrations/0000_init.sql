CREATE TABLE `account_snapshots` (
	`account_id` text NOT NULL,
	`as_of` text NOT NULL,
	`mrr` real,
	`logins_30d` integer,
	`features_used` integer,
	`active_seats` integer,
	`open_tickets` integer,
	`nps_score` integer,
	`days_since_last_login` integer,
	PRIMARY KEY(`account_id`, `as_of`),
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`owner_email` text,
	`owner_slack_id` text,
	`segment` text,
	`industry` text,
	`country` text,
	`arr` real DEFAULT 0 NOT NULL,
	`contract_start` text,
	`renewal_date` text,
	`renewal_status` text DEFAULT 'pending' NOT NULL,
	`lifecycle` text DEFAULT 'active' NOT NULL,
	`signup_date` text,
	`seats_licensed` integer,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `accounts_owner_email_idx` ON `accounts` (`owner_email`);--> statement-breakpoint
CREATE INDEX `accounts_owner_slack_idx` ON `accounts` (`owner_slack_id`);--> statement-breakpoint
CREATE INDEX `accounts_name_idx` ON `accounts` (`name`);--> statement-breakpoint
CREATE TABLE `alert_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`alert_id` integer NOT NULL,
	`at` text NOT NULL,
	`kind` text NOT NULL,
	`actor` text NOT NULL,
	`source` text NOT NULL,
	`from_status` text,
	`to_status` text,
	`data` text,
	FOREIGN KEY (`alert_id`) REFERENCES `alerts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `alert_events_alert_idx` ON `alert_events` (`alert_id`,`at`);--> statement-breakpoint
CREATE TABLE `alert_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`alert_id` integer NOT NULL,
	`recipient` text NOT NULL,
	`role` text NOT NULL,
	`level` integer DEFAULT 0 NOT NULL,
	`outbox_id` integer,
	`channel` text,
	`ts` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`alert_id`) REFERENCES `alerts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alert_messages_uq` ON `alert_messages` (`alert_id`,`recipient`);--> statement-breakpoint
CREATE INDEX `alert_messages_alert_idx` ON `alert_messages` (`alert_id`);--> statement-breakpoint
CREATE TABLE `alerts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` text NOT NULL,
	`rule` text NOT NULL,
	`severity` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`title` text NOT NULL,
	`detail` text,
	`playbook_id` text,
	`chain` text NOT NULL,
	`escalation_level` integer DEFAULT 0 NOT NULL,
	`sla_due_at` text,
	`opened_at` text NOT NULL,
	`acknowledged_at` text,
	`acknowledged_by` text,
	`snoozed_until` text,
	`resolved_at` text,
	`resolved_by` text,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alerts_one_open_uq` ON `alerts` (`account_id`,`rule`) WHERE status != 'resolved';--> statement-breakpoint
CREATE INDEX `alerts_status_idx` ON `alerts` (`status`,`sla_due_at`);--> statement-breakpoint
CREATE INDEX `alerts_account_idx` ON `alerts` (`account_id`);--> statement-breakpoint
CREATE TABLE `digest_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`week` text NOT NULL,
	`audience` text NOT NULL,
	`status` text NOT NULL,
	`outbox_ids` text,
	`summary` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `digest_log_uq` ON `digest_log` (`week`,`audience`);--> statement-breakpoint
CREATE TABLE `health_scores` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` text NOT NULL,
	`as_of` text NOT NULL,
	`score` real NOT NULL,
	`tier` text NOT NULL,
	`components` text NOT NULL,
	`drivers` text NOT NULL,
	`coverage` real NOT NULL,
	`expansion` real DEFAULT 0 NOT NULL,
	`quadrant` text NOT NULL,
	`onboarding` integer DEFAULT false NOT NULL,
	`computed_at` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `health_scores_account_asof_uq` ON `health_scores` (`account_id`,`as_of`);--> statement-breakpoint
CREATE INDEX `health_scores_asof_idx` ON `health_scores` (`as_of`,`tier`);--> statement-breakpoint
CREATE TABLE `import_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`file` text NOT NULL,
	`rows` integer NOT NULL,
	`inserted` integer NOT NULL,
	`updated` integer NOT NULL,
	`unchanged` integer NOT NULL,
	`at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `nps_responses` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`responded_at` text NOT NULL,
	`score` integer NOT NULL,
	`comment` text,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `nps_account_idx` ON `nps_responses` (`account_id`,`responded_at`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`idempotency_key` text NOT NULL,
	`method` text NOT NULL,
	`args` text NOT NULL,
	`channel` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`available_at` text NOT NULL,
	`claimed_at` text,
	`claimed_by` text,
	`last_error` text,
	`result` text,
	`alert_id` integer,
	`created_at` text NOT NULL,
	`sent_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_idempotency_uq` ON `outbox` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `outbox_status_idx` ON `outbox` (`status`,`available_at`);--> statement-breakpoint
CREATE TABLE `outreach` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` text NOT NULL,
	`logged_by` text NOT NULL,
	`type` text NOT NULL,
	`notes` text,
	`outcome` text,
	`next_step_on` text,
	`occurred_at` text NOT NULL,
	`alert_id` integer,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`alert_id`) REFERENCES `alerts`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `outreach_account_idx` ON `outreach` (`account_id`,`occurred_at`);--> statement-breakpoint
CREATE TABLE `playbook_step_completions` (
	`alert_id` integer NOT NULL,
	`step_id` text NOT NULL,
	`completed_by` text NOT NULL,
	`completed_at` text NOT NULL,
	PRIMARY KEY(`alert_id`, `step_id`),
	FOREIGN KEY (`alert_id`) REFERENCES `alerts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `revenue_events` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`occurred_on` text NOT NULL,
	`kind` text NOT NULL,
	`arr_delta` real NOT NULL,
	`expansion_type` text,
	`note` text,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `revenue_account_idx` ON `revenue_events` (`account_id`,`occurred_on`);--> statement-breakpoint
CREATE INDEX `revenue_day_idx` ON `revenue_events` (`occurred_on`);--> statement-breakpoint
CREATE TABLE `scoring_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`as_of` text NOT NULL,
	`started_at` text NOT NULL,
	`finished_at` text,
	`accounts` integer DEFAULT 0 NOT NULL,
	`duration_ms` integer
);
--> statement-breakpoint
CREATE TABLE `signals` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`kind` text NOT NULL,
	`occurred_at` text NOT NULL,
	`detail` text,
	`source` text,
	`resolved_at` text,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `signals_account_idx` ON `signals` (`account_id`,`occurred_at`);--> statement-breakpoint
CREATE TABLE `team_members` (
	`email` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`slack_id` text,
	`role` text NOT NULL,
	`manager_email` text,
	`timezone` text,
	`is_restricted` integer DEFAULT false NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `team_members_slack_id_uq` ON `team_members` (`slack_id`);--> statement-breakpoint
CREATE TABLE `tickets` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`opened_at` text NOT NULL,
	`closed_at` text,
	`priority` text DEFAULT 'medium' NOT NULL,
	`csat` integer,
	`escalated` integer DEFAULT false NOT NULL,
	`subject` text,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `tickets_account_idx` ON `tickets` (`account_id`,`opened_at`);--> statement-breakpoint
CREATE TABLE `usage_daily` (
	`account_id` text NOT NULL,
	`day` text NOT NULL,
	`active_users` integer DEFAULT 0 NOT NULL,
	`logins` integer DEFAULT 0 NOT NULL,
	`key_events` integer DEFAULT 0 NOT NULL,
	`features_used` integer DEFAULT 0 NOT NULL,
	`integrations` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`account_id`, `day`),
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `usage_daily_day_idx` ON `usage_daily` (`day`);