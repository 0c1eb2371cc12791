ALTER TABLE `outreach` ADD `idempotency_key` text;--> statement-breakpoint
CREATE UNIQUE INDEX `outreach_idempotency_uq` ON `outreach` (`idempotency_key`);