PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_alert_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`alert_id` integer NOT NULL,
	`recipient` text NOT NULL,
	`role` text NOT NULL,
	`level` integer DEFAULT 0 NOT NULL,
	`created_at` text NOT NULL,
	`message_key` text NOT NULL,
	FOREIGN KEY (`alert_id`) REFERENCES `alerts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_alert_messages`("id", "alert_id", "recipient", "role", "level", "created_at", "message_key") SELECT "id", "alert_id", "recipient", "role", "level", "created_at", "message_key" FROM `alert_messages`;--> statement-breakpoint
DROP TABLE `alert_messages`;--> statement-breakpoint
ALTER TABLE `__new_alert_messages` RENAME TO `alert_messages`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `alert_messages_uq` ON `alert_messages` (`alert_id`,`recipient`);--> statement-breakpoint
CREATE INDEX `alert_messages_alert_idx` ON `alert_messages` (`alert_id`);