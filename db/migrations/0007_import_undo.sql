CREATE TABLE `import_undo` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_key` text NOT NULL,
	`tbl` text NOT NULL,
	`from_rowid` integer,
	`to_rowid` integer,
	`row_id` integer,
	`old` text
);
--> statement-breakpoint
CREATE INDEX `import_undo_run_idx` ON `import_undo` (`run_key`,`id`);