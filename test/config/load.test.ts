import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ConfigError, loadConfig, loadEnv, parseConfig } from '../../src/config/load';

describe('config', () => {
  it('fills every default from the design when nothing is given', () => {
    const c = parseConfig({});
    expect(c.scoring.weights).toEqual({ usage: 35, engagement: 25, support: 20, financial: 20 });
    expect(c.scoring.tiers.thriving).toBe(85);
    expect(c.alerts.sla.critical).toBe('24h');
    expect(c.alerts.vpArrThreshold).toBe(100_000);
    expect(c.digests.schedule).toBe('0 9 * * 1');
    expect(c.timezone).toBe('UTC');
  });

  it('names the key and the problem for invalid values', () => {
    expect(() => parseConfig({ scoring: { weights: { usage: 50, engagement: 20, support: 15, financial: 15 } } })).toThrow(
      /scoring\.weights\.usage: no component may exceed 40/,
    );
    expect(() => parseConfig({ scoring: { weights: { usage: 30, engagement: 30, support: 20, financial: 30 } } })).toThrow(
      /scoring\.weights: weights must sum to 100/,
    );
    expect(() => parseConfig({ timezone: 'Mars/Olympus' })).toThrow(/timezone: must be an IANA time zone/);
    expect(() => parseConfig({ alerts: { sla: { high: 'two days' } } })).toThrow(/alerts\.sla\.high: must be a duration/);
    expect(() => parseConfig({ bogus: 1 })).toThrow(ConfigError);
  });

  it('loads YAML from a file and reports a missing explicit file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-cfg-'));
    const f = join(dir, 'c.yml');
    writeFileSync(f, 'timezone: Europe/Berlin\nscoring:\n  schedule: "0 5 * * *"\n');
    const { config } = loadConfig(f, {});
    expect(config.timezone).toBe('Europe/Berlin');
    expect(config.scoring.schedule).toBe('0 5 * * *');
    expect(() => loadConfig(join(dir, 'missing.yml'), {})).toThrow(/not found/);
  });

  it('validates the environment without echoing secret values', () => {
    try {
      loadEnv({ SLACK_BOT_TOKEN: 'sekrit-value' });
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toMatch(/SLACK_BOT_TOKEN: must start with xoxb-/);
      expect((e as Error).message).not.toContain('sekrit-value');
    }
  });
});

describe('bellwether.config.example.yml', () => {
  it('is valid and states exactly the defaults', () => {
    const { config } = loadConfig('bellwether.config.example.yml', {});
    expect(config).toEqual(parseConfig({}));
  });

  it('documents every key the config accepts', () => {
    const keyPaths = (o: unknown, prefix = ''): string[] =>
      o && typeof o === 'object' && !Array.isArray(o) ? Object.entries(o).flatMap(([k, v]) => [`${prefix}${k}`, ...keyPaths(v, `${prefix}${k}.`)]) : [];
    const written = new Set(keyPaths(parseYaml(readFileSync('bellwether.config.example.yml', 'utf8'))));
    const missing = keyPaths(parseConfig({})).filter((k) => !written.has(k));
    expect(missing).toEqual([]);
  });
});
