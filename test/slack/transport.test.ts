import { describe, expect, it } from 'vitest';
import { LogLevel } from '@slack/bolt';
import { ConfigError } from '../../src/config/load';
import { parseConfig } from '../../src/config/load';
import { createSlackApp } from '../../src/slack/app';
import { testDb } from '../support/db';

const base = { db: testDb(), config: parseConfig({}), logLevel: LogLevel.ERROR };

describe('createSlackApp transport selection', () => {
  it('uses Socket Mode when SLACK_APP_TOKEN is set (no signing secret needed)', () => {
    const h = createSlackApp({ ...base, env: { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', PORT: 0 } });
    expect(h.transport).toBe('socket');
  });

  it('uses HTTP with request signing otherwise', () => {
    const h = createSlackApp({ ...base, env: { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', PORT: 0 } });
    expect(h.transport).toBe('http');
  });

  it('names the missing variable, never a secret value', () => {
    expect(() => createSlackApp({ ...base, env: { SLACK_BOT_TOKEN: 'xoxb-secret-value', PORT: 0 } })).toThrow(ConfigError);
    try {
      createSlackApp({ ...base, env: { SLACK_BOT_TOKEN: 'xoxb-secret-value', PORT: 0 } });
    } catch (e) {
      expect((e as Error).message).toContain('SLACK_SIGNING_SECRET');
      expect((e as Error).message).not.toContain('xoxb-secret-value');
    }
    expect(() => createSlackApp({ ...base, env: { SLACK_SIGNING_SECRET: 's', PORT: 0 } })).toThrow(/SLACK_BOT_TOKEN/);
  });
});
