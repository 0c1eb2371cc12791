-- Trimmed by hand: drizzle-kit also re-emitted changes of earlier migrations that were renumbered at merges
-- (their snapshots predate them); this migration only adds the column.
ALTER TABLE `backtest_runs` ADD `config_fingerprint` text;
