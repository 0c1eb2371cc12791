import { Command, CommanderError } from 'commander';
import { UserError } from '../lib/errors';
import { registerCommands } from './commands';
import type { Io } from './context';

const defaultIo: Io = {
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
  isTTY: Boolean(process.stderr.isTTY),
};

/** Run the CLI; returns the exit code instead of exiting so tests can call it in-process. */
export async function main(argv: string[], io: Io = defaultIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const program = new Command('bellwether')
    .description('Slack-native customer health: import, score, alert, digest.')
    .option('--db <path>', 'SQLite database file (env BELLWETHER_DB)', undefined)
    .option('--outbox <path>', 'offline outbox JSONL file (env BELLWETHER_OUTBOX)', undefined)
    .option('--config <path>', 'config YAML file (env BELLWETHER_CONFIG; default ./bellwether.config.yml if present)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .showHelpAfterError();
  // The context (database, config and their libraries) loads with the command that needs it, not for --help.
  let ctx: Awaited<ReturnType<typeof import('./context').createContext>> | undefined;
  try {
    ctx = await registerCommands(program, argv, () => import('./context').then((m) => m.createContext(program, io, env)));
    await program.parseAsync(argv, { from: 'user' });
    return ctx?.exitCode ?? 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    // a ConfigError can only come from a command, which has loaded config/load already
    const { ConfigError } = await import('../config/load');
    if (e instanceof ConfigError || e instanceof UserError) {
      io.err(`error: ${e.message}`);
      return 1;
    }
    io.err(`error: ${(e as Error).stack ?? String(e)}`);
    return 1;
  } finally {
    ctx?.close();
  }
}
