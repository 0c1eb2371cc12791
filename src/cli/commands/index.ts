import type { Command } from 'commander';
import type { CliContext } from '../context';

/** One line per command module; each module registers its own subcommand. */
export function registerCommands(program: Command, ctx: CliContext): void {
  void program;
  void ctx;
}
