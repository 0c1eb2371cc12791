import { Command, Help } from 'commander';
import type { CliContext } from '../context';

type Register = (program: Command, ctx: CliContext) => void;

/**
 * One line per command. A command's module (and the database, charts, Slack and config libraries behind it)
 * loads only when that command runs, so `bellwether --help` reads nothing but this table: `term` and
 * `description` are the command's line in the top-level help, and test/cli/commands-table.test.ts keeps
 * them equal to what the module itself registers.
 */
export interface CommandEntry {
  name: string;
  term: string;
  description: string;
  load(): Promise<Register>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'start',
    term: 'start [options]',
    description: 'Run the service. With Slack credentials: connect and run the schedules. Without: one full offline cycle, then exit.',
    load: () => import('./start').then((m) => m.registerStart),
  },
  {
    name: 'demo',
    term: 'demo [options]',
    description: 'create the database and fill it with deterministic demo data',
    load: () => import('./demo').then((m) => m.registerDemo),
  },
  {
    name: 'import',
    term: 'import [options] <kind> <file>',
    description: 'import a CSV / JSON / JSON-lines file (all or nothing; re-importing the same file changes nothing)',
    load: () => import('./import').then((m) => m.registerImport),
  },
  {
    name: 'score',
    term: 'score [options]',
    description: 'Score every account as of a date (default: today), or backfill history with --from/--to',
    load: () => import('./score').then((m) => m.registerScore),
  },
  {
    name: 'backtest',
    term: 'backtest [options]',
    description: 'Score past dates as the scheduler would have and measure how well the score predicted churn',
    load: () => import('./backtest').then((m) => m.registerBacktest),
  },
  {
    name: 'calibrate',
    term: 'calibrate [options]',
    description: 'Fit weights and tier thresholds to your churn history (time-ordered holdout) and write a proposed config file',
    load: () => import('./calibrate').then((m) => m.registerCalibrate),
  },
  {
    name: 'alerts',
    term: 'alerts [options]',
    description: 'Evaluate alert rules, run an escalation tick and deliver (subcommands: list, ack, resolve)',
    load: () => import('./alerts').then((m) => m.registerAlerts),
  },
  {
    name: 'outbox',
    term: 'outbox [options]',
    description: 'Show deliveries: counts by status and the latest rows, failed ones with their reason',
    load: () => import('./alerts').then((m) => m.registerAlerts), // registered beside `alerts`
  },
  {
    name: 'digest',
    term: 'digest [options]',
    description: 'Build the weekly leadership and CSM digests now, queue and deliver them (once per week and audience)',
    load: () => import('./digest').then((m) => m.registerDigest),
  },
  {
    name: 'card',
    term: 'card [options] <account...>',
    description: 'print an account card: text fallback, Block Kit JSON and a Block Kit Builder link',
    load: () => import('./card').then((m) => m.registerCard),
  },
  {
    name: 'team',
    term: 'team',
    description: 'team members (CSMs, managers, VP, admins)',
    load: () => import('./team').then((m) => m.registerTeam),
  },
  {
    name: 'cohorts',
    term: 'cohorts [options]',
    description: 'monthly signup cohorts: logo or net revenue retention by months since start, time to first value, churn drivers by lost ARR',
    load: () => import('./cohorts').then((m) => m.registerCohorts),
  },
  {
    name: 'book',
    term: 'book [options]',
    description: "print a book's accounts, ARR, at-risk ARR and open alerts, with one line per owner (default: all accounts)",
    load: () => import('./book').then((m) => m.registerBook),
  },
];

/**
 * The command `argv` runs, found the way commander dispatches (the first operand; `help <command>` asks
 * for that command's help), or undefined when no known command is named.
 */
export function invokedCommand(program: Command, argv: readonly string[]): CommandEntry | undefined {
  // A silent probe with the program's options, so a bad option is reported once, by the real parse.
  const probe = new Command().exitOverride().configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
  for (const o of program.options) probe.addOption(o);
  try {
    const { operands } = probe.parseOptions([...argv]);
    const name = operands[0] === 'help' ? operands[1] : operands[0];
    return COMMANDS.find((c) => c.name === name);
  } catch {
    return undefined;
  }
}

/**
 * Registers the invoked command in full (its module and a context from `makeContext`, both loaded now)
 * and every other command as a help-only line. Returns the context, or undefined when no command runs
 * (help, or an unknown command that commander reports).
 */
export async function registerCommands<C extends CliContext>(program: Command, argv: readonly string[], makeContext: () => Promise<C>): Promise<C | undefined> {
  const invoked = invokedCommand(program, argv);
  let ctx: C | undefined;
  if (invoked) {
    const [register, c] = await Promise.all([invoked.load(), makeContext()]);
    ctx = c;
    register(program, ctx);
  }
  const terms = new Map<Command, string>();
  for (const c of COMMANDS) {
    if (program.commands.some((r) => r.name() === c.name)) continue;
    terms.set(program.command(c.name).description(c.description), c.term);
  }
  program.configureHelp({
    subcommandTerm(this: Help, cmd) {
      return terms.get(cmd) ?? Help.prototype.subcommandTerm.call(this, cmd);
    },
  });
  return ctx;
}
