import type { Command } from 'commander';
import { type Db, createDb } from '../../db';
import { loadConfig, loadEnv } from '../config/load';
import type { AppConfig, AppEnv } from '../config/schema';
import { UserError } from '../lib/errors';
import { loadPlaybooks, PlaybookError } from '../playbooks/load';
import type { Playbook } from '../playbooks/schema';

export const DEFAULT_DB = 'data/bellwether.db';
export const DEFAULT_OUTBOX = 'data/outbox.jsonl';

export interface GlobalOptions {
  db: string;
  outbox: string;
  config?: string;
}

/** What every command gets: resolved global options, lazily opened DB and config, and output streams. */
export interface CliContext {
  globals(): GlobalOptions;
  env(): AppEnv;
  config(): AppConfig;
  openDb(): Db;
  /** The playbooks in config.alerts.playbooksDir; a bad file is a UserError naming the file, path and reason. */
  playbooks(): Playbook[];
  out(line: string): void;
  err(line: string): void;
  /** Progress lines go to stderr so stdout stays pipeable (e.g. `score --json`). */
  progress(line: string): void;
  exitCode: number;
}

export interface Io {
  out(line: string): void;
  err(line: string): void;
  isTTY: boolean;
}

export function createContext(program: Command, io: Io, processEnv: NodeJS.ProcessEnv): CliContext & { close(): void } {
  let db: Db | undefined;
  let env: AppEnv | undefined;
  let config: AppConfig | undefined;
  let playbooks: Playbook[] | undefined;
  const ctx = {
    exitCode: 0,
    globals(): GlobalOptions {
      const o = program.opts<{ db?: string; outbox?: string; config?: string }>();
      return {
        db: o.db ?? processEnv.BELLWETHER_DB ?? DEFAULT_DB,
        outbox: o.outbox ?? processEnv.BELLWETHER_OUTBOX ?? DEFAULT_OUTBOX,
        config: o.config ?? processEnv.BELLWETHER_CONFIG,
      };
    },
    env() {
      env ??= loadEnv(processEnv);
      return env;
    },
    config() {
      config ??= loadConfig(ctx.globals().config, processEnv).config;
      return config;
    },
    openDb() {
      db ??= createDb(ctx.globals().db);
      return db;
    },
    playbooks() {
      try {
        playbooks ??= loadPlaybooks(ctx.config().alerts.playbooksDir);
      } catch (e) {
        if (e instanceof PlaybookError) throw new UserError('BAD_PLAYBOOK', e.message);
        throw e;
      }
      return playbooks;
    },
    out: io.out,
    err: io.err,
    progress(line: string) {
      // On a terminal the line is rewritten in place; progress('') clears it. Elsewhere (CI, pipes) each report is a line.
      if (io.isTTY) process.stderr.write(line ? `\r\x1b[2K${line}` : '\r\x1b[2K');
      else if (line) io.err(line);
    },
    close() {
      db?.$client.close();
      db = undefined;
    },
  };
  return ctx;
}
