CREATE TABLE `alert_reasons` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` text NOT NULL,
	`alert_id` integer,
	`rule` text NOT NULL,
	`severity` text NOT NULL,
	`status` text NOT NULL,
	`title` text NOT NULL,
	`detail` text NOT NULL,
	`positive` integer DEFAULT false NOT NULL,
	`held_runs` integer DEFAULT 1 NOT NULL,
	`first_seen_at` text NOT NULL,
	`last_seen_at` text NOT NULL,
	`clear_since` text,
	`cleared_at` text,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`alert_id`) REFERENCES `alerts`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alert_reasons_account_rule_uq` ON `alert_reasons` (`account_id`,`rule`);--> statement-breakpoint
CREATE INDEX `alert_reasons_alert_idx` ON `alert_reasons` (`alert_id`);--> statement-breakpoint
DROP INDEX `alerts_one_open_uq`;--> statement-breakpoint
ALTER TABLE `alerts` ADD `resolution_reason` text;--> statement-breakpoint
ALTER TABLE `alerts` ADD `resolution_note` text;--> statement-breakpoint
-- Data: each account's live alerts become one group. The survivor is the live alert with the highest severity
-- (lowest id on ties); every live alert of the account becomes one of its reasons (firing, first seen when it opened).
CREATE TEMP TABLE `__group_survivor` AS
  SELECT a.id AS alert_id,
    (SELECT b.id FROM alerts b WHERE b.account_id = a.account_id AND b.status != 'resolved'
      ORDER BY CASE b.severity WHEN 'critical' THEN 3 WHEN 'high' THEN 2 WHEN 'medium' THEN 1 ELSE 0 END DESC, b.id ASC LIMIT 1) AS survivor
  FROM alerts a WHERE a.status != 'resolved';--> statement-breakpoint
INSERT INTO `alert_reasons` (account_id, alert_id, rule, severity, status, title, detail, positive, held_runs, first_seen_at, last_seen_at)
  SELECT a.account_id, s.survivor, a.rule, a.severity, 'firing', a.title, coalesce(a.detail, '{}'),
    coalesce(json_extract(a.detail, '$.positive'), 0), 1, a.opened_at, a.updated_at
  FROM alerts a JOIN `__group_survivor` s ON s.alert_id = a.id;--> statement-breakpoint
-- Copies of merged alerts move to the survivor unless that recipient already has one there (then they stay, frozen).
UPDATE `alert_messages` SET alert_id = (SELECT survivor FROM `__group_survivor` s WHERE s.alert_id = alert_messages.alert_id)
  WHERE alert_id IN (SELECT alert_id FROM `__group_survivor` WHERE survivor != alert_id)
    AND recipient NOT IN (SELECT m2.recipient FROM alert_messages m2
      WHERE m2.alert_id = (SELECT survivor FROM `__group_survivor` s WHERE s.alert_id = alert_messages.alert_id));--> statement-breakpoint
INSERT INTO `alert_events` (alert_id, at, kind, actor, source, from_status, to_status, data)
  SELECT a.id, a.updated_at, 'merged_into_group', 'migration', 'rule', a.status, 'resolved', json_object('into', s.survivor)
  FROM alerts a JOIN `__group_survivor` s ON s.alert_id = a.id WHERE s.survivor != a.id;--> statement-breakpoint
INSERT INTO `alert_events` (alert_id, at, kind, actor, source, data)
  SELECT s.survivor, max(a.updated_at), 'grouped', 'migration', 'rule', json_object('reasons', json_group_array(a.rule))
  FROM alerts a JOIN `__group_survivor` s ON s.alert_id = a.id GROUP BY s.survivor;--> statement-breakpoint
UPDATE `alerts` SET status = 'resolved', resolved_at = updated_at, resolved_by = 'migration', version = version + 1
  WHERE id IN (SELECT alert_id FROM `__group_survivor` WHERE survivor != alert_id);--> statement-breakpoint
UPDATE `alerts` SET version = version + 1 WHERE id IN (SELECT survivor FROM `__group_survivor`);--> statement-breakpoint
DROP TABLE `__group_survivor`;--> statement-breakpoint
CREATE UNIQUE INDEX `alerts_one_live_group_uq` ON `alerts` (`account_id`) WHERE status != 'resolved';
