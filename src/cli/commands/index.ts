import type { Command } from 'commander';
import type { CliContext } from '../context';
import { registerAlerts } from './alerts';
import { registerBacktest } from './backtest';
import { registerBook } from './book';
import { registerCalibrate } from './calibrate';
import { registerCard } from './card';
import { registerTeam } from './team';
import { registerDemo } from './demo';
import { registerDigest } from './digest';
import { registerImport } from './import';
import { registerScore } from './score';
import { registerStart } from './start';

/** One line per command module; each module registers its own subcommand. */
export function registerCommands(program: Command, ctx: CliContext): void {
  registerStart(program, ctx);
  registerDemo(program, ctx);
  registerImport(program, ctx);
  registerScore(program, ctx);
  registerBacktest(program, ctx);
  registerCalibrate(program, ctx);
  registerAlerts(program, ctx);
  registerDigest(program, ctx);
  registerCard(program, ctx);
  registerBook(program, ctx);
  registerTeam(program, ctx);
}
