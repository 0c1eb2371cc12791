CREATE TABLE `slack_messages` (
	`key` text PRIMARY KEY NOT NULL,
	`address` text NOT NULL,
	`post_outbox_id` integer,
	`channel` text,
	`ts` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `slack_messages_post_idx` ON `slack_messages` (`post_outbox_id`);--> statement-breakpoint
ALTER TABLE `alert_messages` ADD `message_key` text;--> statement-breakpoint
-- Data: every alert copy becomes a delivery message key 'alert:<alert id>:<recipient>' that keeps its post row, channel and ts.
UPDATE `alert_messages` SET `message_key` = 'alert:' || `alert_id` || ':' || `recipient`;--> statement-breakpoint
INSERT INTO `slack_messages` (`key`, `address`, `post_outbox_id`, `channel`, `ts`, `created_at`)
  SELECT `message_key`, `recipient`, `outbox_id`, `channel`, `ts`, `created_at` FROM `alert_messages`;--> statement-breakpoint
-- Queued updates and thread replies refer to their message by key from now on.
UPDATE `outbox` SET `args` = json_set(json_remove(`args`, '$._resolve.alert_message_id'), '$._resolve.key',
    (SELECT m.`message_key` FROM `alert_messages` m WHERE m.`id` = json_extract(`outbox`.`args`, '$._resolve.alert_message_id')))
  WHERE json_extract(`args`, '$._resolve.alert_message_id') IS NOT NULL;
