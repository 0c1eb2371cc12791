CREATE TABLE `backtest_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ran_at` text NOT NULL,
	`from_date` text NOT NULL,
	`to_date` text NOT NULL,
	`dates` integer NOT NULL,
	`horizon_days` integer NOT NULL,
	`account_dates` integer NOT NULL,
	`churners` integer NOT NULL,
	`auc` real,
	`auc_low` real,
	`auc_high` real,
	`lift10` real,
	`precision` real,
	`recall` real,
	`surprise_churn` real,
	`tier_churn` text NOT NULL
);
