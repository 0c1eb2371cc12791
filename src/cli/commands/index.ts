import type { Command } from 'commander';
import type { CliContext } from '../context';
import { registerDemo } from './demo';
import { registerScore } from './score';
import { registerDigest } from './digest';
import { registerCard } from './card';
import { registerImport } from './import';

/** One line per command module; each module registers its own subcommand. */
export function registerCommands(program: Command, ctx: CliContext): void {
  void program;
  void ctx;
  registerDemo(program, ctx);
  registerScore(program, ctx);
  registerDigest(program, ctx);
  registerCard(program, ctx);
  registerImport(program, ctx);
}
