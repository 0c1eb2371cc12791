/** Run the real CLI on a file database, collecting stdout and stderr lines. */
import { main } from '../../src/cli/main';

export function cliOn(dbPath: string) {
  return async (...args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['--db', dbPath, ...args], { out: (l) => out.push(l), err: (l) => err.push(l), isTTY: false }, {});
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
}
