import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { HEALTH_USAGE } from '../../blocks/help';
import { sharedPath } from '../support/shared';

const schema = JSON.parse(readFileSync(sharedPath('slack/manifest-schema/schemas/manifest.schema.1.0.0.json'), 'utf8'));
// biome-ignore lint/suspicious/noExplicitAny: a parsed YAML document, walked by path in the assertions
const manifest = parse(readFileSync(new URL('../../manifest.yml', import.meta.url), 'utf8')) as Record<string, any>;

function validator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  return ajv.compile(schema);
}

describe('manifest.yml', () => {
  it("validates against Slack's published manifest schema (draft-07)", () => {
    const validate = validator();
    const ok = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema really rejects a broken manifest (the check can fail)', () => {
    const validate = validator();
    const broken = structuredClone(manifest);
    broken.features.slash_commands[0].command = 'health'; // must start with "/"
    broken.settings.interactivity = {}; // is_enabled required
    expect(validate(broken)).toBe(false);
    expect(validate.errors?.length).toBeGreaterThanOrEqual(2);
  });

  it('declares /health with the usage hint the help text shows, the Home tab and app_home_opened', () => {
    const cmd = manifest.features.slash_commands.find((c: { command: string }) => c.command === '/health');
    expect(cmd.usage_hint).toBe(HEALTH_USAGE);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(['app_home_opened']);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });

  it('asks only for the bot scopes the product uses', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(
      [
        'channels:history',
        'channels:read',
        'chat:write',
        'chat:write.public',
        'commands',
        'files:read',
        'files:write',
        'groups:history',
        'groups:read',
        'im:history',
        'im:read',
        'im:write',
        'mpim:read',
        'users:read',
        'users:read.email',
      ].sort(),
    );
  });
});
