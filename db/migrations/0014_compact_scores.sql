PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_health_scores` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` text NOT NULL,
	`as_of` text NOT NULL,
	`score` integer NOT NULL,
	`tier` text NOT NULL,
	`coverage_pm` integer NOT NULL,
	`expansion_pct` integer DEFAULT 0 NOT NULL,
	`onboarding` integer DEFAULT false NOT NULL,
	`usage_pts` integer DEFAULT 0 NOT NULL,
	`engagement_pts` integer DEFAULT 0 NOT NULL,
	`support_pts` integer DEFAULT 0 NOT NULL,
	`financial_pts` integer DEFAULT 0 NOT NULL,
	`usage_score` integer,
	`engagement_score` integer,
	`support_score` integer,
	`financial_score` integer,
	`drivers` blob,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
-- Numbers move to columns here; the drivers' text is read back into figures by src/scoring/legacy-scores.ts
-- (run right after migrations on open), from health_scores_legacy_drivers, which it then drops.
INSERT INTO `__new_health_scores`("id", "account_id", "as_of", "score", "tier", "coverage_pm", "expansion_pct", "onboarding", "usage_pts", "engagement_pts", "support_pts", "financial_pts", "usage_score", "engagement_score", "support_score", "financial_score", "drivers")
SELECT "id", "account_id", "as_of", cast(round("score") as integer), "tier", cast(round("coverage" * 1000) as integer), cast(round(coalesce("expansion", 0) * 100) as integer), "onboarding",
  coalesce(cast(round(json_extract("components", '$.usage.contribution') * 10) as integer), 0), coalesce(cast(round(json_extract("components", '$.engagement.contribution') * 10) as integer), 0), coalesce(cast(round(json_extract("components", '$.support.contribution') * 10) as integer), 0), coalesce(cast(round(json_extract("components", '$.financial.contribution') * 10) as integer), 0),
  cast(round(json_extract("components", '$.usage.score') * 10) as integer), cast(round(json_extract("components", '$.engagement.score') * 10) as integer), cast(round(json_extract("components", '$.support.score') * 10) as integer), cast(round(json_extract("components", '$.financial.score') * 10) as integer),
  NULL
FROM `health_scores`;--> statement-breakpoint
CREATE TABLE `health_scores_legacy_drivers` AS SELECT "id", "drivers" FROM `health_scores` WHERE json_valid("drivers") AND json_array_length("drivers") > 0;--> statement-breakpoint
DROP TABLE `health_scores`;--> statement-breakpoint
ALTER TABLE `__new_health_scores` RENAME TO `health_scores`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `health_scores_account_asof_uq` ON `health_scores` (`account_id`,`as_of`);