import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { type AppConfig, type AppEnv, configSchema, envSchema } from './schema';

export class ConfigError extends Error {
  readonly code = 'BELLWETHER_CONFIG_INVALID';
  constructor(
    message: string,
    readonly issues: string[],
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

export const DEFAULT_CONFIG_FILE = 'bellwether.config.yml';

function describe(issues: z.core.$ZodIssue[], prefix = ''): string[] {
  return issues.map((i) => {
    const key = [prefix, ...i.path.map(String)].filter(Boolean).join('.');
    return `${key || '(root)'}: ${i.message}`;
  });
}

/** Validate a plain object as config (used by tests and by loadConfig). */
export function parseConfig(raw: unknown, source = 'config'): AppConfig {
  const res = configSchema.safeParse(raw ?? {});
  if (!res.success) {
    const lines = describe(res.error.issues);
    throw new ConfigError(`Invalid ${source}:\n  ${lines.join('\n  ')}`, lines);
  }
  return res.data;
}

/**
 * Load the config file (explicit path, $BELLWETHER_CONFIG, or ./bellwether.config.yml when present).
 * An explicitly named file that does not exist is an error; the implicit default is optional.
 */
export function loadConfig(path?: string, env: NodeJS.ProcessEnv = process.env): { config: AppConfig; path?: string } {
  const explicit = path ?? env.BELLWETHER_CONFIG;
  const file = explicit ?? (existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : undefined);
  if (!file) return { config: parseConfig({}) };
  if (!existsSync(file)) throw new ConfigError(`Config file not found: ${file}`, [`${file}: not found`]);
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError(`Config file ${file} is not valid YAML: ${(e as Error).message}`, [`${file}: invalid YAML`]);
  }
  return { config: parseConfig(raw, `config file ${file}`), path: file };
}

export function loadEnv(env: NodeJS.ProcessEnv = process.env): AppEnv {
  const res = envSchema.safeParse(env);
  if (!res.success) {
    // Name the variable, never echo its value: some are secrets.
    const lines = res.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid environment:\n  ${lines.join('\n  ')}`, lines);
  }
  return res.data;
}

export function hasSlackCredentials(env: AppEnv): boolean {
  return Boolean(env.SLACK_BOT_TOKEN && (env.SLACK_APP_TOKEN || env.SLACK_SIGNING_SECRET));
}
