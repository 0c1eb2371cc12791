/**
 * `bellwether --help` is printed from the command table alone (src/cli/commands/index.ts), so the command
 * modules load only when run. This keeps the table true to the modules: same commands, same help lines.
 */
import { Command, Help } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMANDS, invokedCommand } from '../../src/cli/commands';
import { createContext } from '../../src/cli/context';
import { main } from '../../src/cli/main';

const io = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), isTTY: false } };
};

describe('the command table', () => {
  it('has each module’s commands with the term and description the module registers', async () => {
    const registered = new Command('bellwether');
    const ctx = createContext(registered, io().io, {});
    // one register function per module (alerts.ts registers `alerts` and `outbox`)
    for (const register of new Set(await Promise.all(COMMANDS.map((c) => c.load())))) register(registered, ctx);
    const help = new Help();
    expect(registered.commands.map((c) => c.name()).sort()).toEqual(COMMANDS.map((c) => c.name).sort());
    for (const c of COMMANDS) {
      const real = registered.commands.find((r) => r.name() === c.name)!;
      expect(c.term, c.name).toBe(help.subcommandTerm(real));
      expect(c.description, c.name).toBe(real.description());
    }
  });

  it('finds the invoked command the way commander dispatches it', () => {
    const program = new Command('bellwether').option('--db <path>').option('--config <path>');
    expect(invokedCommand(program, ['--db', 'score', 'import', 'usage', 'x.csv'])?.name).toBe('import');
    expect(invokedCommand(program, ['help', 'card'])?.name).toBe('card');
    expect(invokedCommand(program, ['outbox', '--failed'])?.name).toBe('outbox');
    expect(invokedCommand(program, ['digest', '--audience', 'score'])?.name).toBe('digest');
    expect(invokedCommand(program, ['--help'])).toBeUndefined();
    expect(invokedCommand(program, ['--db'])).toBeUndefined();
    expect(invokedCommand(program, ['scor'])).toBeUndefined();
  });

  it('prints the top-level help from the table, and a command’s help from its module', async () => {
    const a = io();
    expect(await main(['--help'], a.io, {})).toBe(0);
    const top = a.out.join('\n');
    for (const c of COMMANDS) expect(top).toMatch(new RegExp(`^  ${c.term.replace(/[[\].]/g, '\\$&')} +${c.description.split(' ')[0]}`, 'm'));
    const b = io();
    expect(await main(['outbox', '--help'], b.io, {})).toBe(0);
    expect(b.out.join('\n')).toContain('--failed');
  });

  it('names an unknown command and suggests the nearest one', async () => {
    const a = io();
    expect(await main(['scor'], a.io, {})).toBe(2);
    expect(a.err.join('\n')).toMatch(/unknown command 'scor'[\s\S]*score/);
  });

  it('reports a global option without its value once, with the help listing every command', async () => {
    const a = io();
    expect(await main(['--db'], a.io, {})).toBe(2);
    const err = a.err.join('\n');
    expect(err.match(/option '--db <path>' argument missing/g)).toHaveLength(1);
    for (const c of COMMANDS) expect(err).toContain(`  ${c.term} `);
  });
});
