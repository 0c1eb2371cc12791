CREATE TABLE `job_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`job` text NOT NULL,
	`key` text NOT NULL,
	`status` text NOT NULL,
	`progress` text,
	`attempts` integer DEFAULT 1 NOT NULL,
	`started_at` text NOT NULL,
	`finished_at` text,
	`error` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `job_runs_job_key_uq` ON `job_runs` (`job`,`key`);