CREATE TABLE `table_versions` (
	`name` text PRIMARY KEY NOT NULL,
	`version` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
-- Hand-written (drizzle-kit does not model triggers): bump the accounts version on any change the /health
-- name index depends on.
INSERT INTO `table_versions` (`name`, `version`) VALUES ('accounts', 0);--> statement-breakpoint
CREATE TRIGGER `accounts_version_on_insert` AFTER INSERT ON `accounts`
BEGIN
  UPDATE `table_versions` SET `version` = `version` + 1 WHERE `name` = 'accounts';
END;--> statement-breakpoint
CREATE TRIGGER `accounts_version_on_delete` AFTER DELETE ON `accounts`
BEGIN
  UPDATE `table_versions` SET `version` = `version` + 1 WHERE `name` = 'accounts';
END;--> statement-breakpoint
CREATE TRIGGER `accounts_version_on_update` AFTER UPDATE OF `id`, `name`, `arr` ON `accounts`
WHEN OLD.`id` IS NOT NEW.`id` OR OLD.`name` IS NOT NEW.`name` OR OLD.`arr` IS NOT NEW.`arr`
BEGIN
  UPDATE `table_versions` SET `version` = `version` + 1 WHERE `name` = 'accounts';
END;
