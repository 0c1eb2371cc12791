import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PlaybookError, loadPlaybooks } from '../../src/playbooks/load';
import { matchPlaybook } from '../../src/playbooks/match';

const GOOD = `id: good
title: Good one
triggers:
  rules: [usage_decline]
severity: high
sla: 48h
steps:
  - title: First
    due: 1d
    owner: csm
  - title: Second
    due: 7d
    owner: manager
`;

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pb-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function errorOf(fn: () => unknown): PlaybookError {
  try {
    fn();
  } catch (e) {
    if (e instanceof PlaybookError) return e;
    throw e;
  }
  throw new Error('expected a PlaybookError');
}

describe('loadPlaybooks', () => {
  it('loads the shipped playbooks: the seven the design asks for, each with steps, due offsets and owner roles', () => {
    const pbs = loadPlaybooks('playbooks');
    expect(pbs.map((p) => p.id).sort()).toEqual([
      'champion-departure',
      'competitive-threat',
      'expansion-opportunity',
      'onboarding-at-risk',
      'renewal-at-risk',
      'support-overload',
      'usage-decline',
    ]);
    for (const p of pbs) {
      expect(p.steps.length).toBeGreaterThan(0);
      for (const s of p.steps) expect(s.due).toMatch(/^\d+[mhd]$/);
    }
  });

  it('defaults step ids to step-<n>', () => {
    const [p] = loadPlaybooks(dirWith({ 'good.yml': GOOD }));
    expect(p.steps.map((s) => s.id)).toEqual(['step-1', 'step-2']);
  });

  it.each([
    ['a bad due offset', GOOD.replace('due: 7d', 'due: next week'), 'steps[1].due', 'duration like'],
    ['an unknown owner role', GOOD.replace('owner: manager', 'owner: intern'), 'steps[1].owner', ''],
    ['an unknown rule', GOOD.replace('[usage_decline]', '[usage_decilne]'), 'triggers.rules[0]', 'unknown rule'],
    ['a missing title', GOOD.replace('title: Good one\n', ''), 'title', ''],
    ['no steps', GOOD.replace(/steps:[\s\S]*$/, 'steps: []\n'), 'steps', 'at least one step'],
    ['an unknown key', `${GOOD}colour: red\n`, '', 'colour'],
    ['a bad severity', GOOD.replace('severity: high', 'severity: urgent'), 'severity', ''],
  ])('rejects %s naming the file, the path and the reason', (_what, text, path, reason) => {
    const dir = dirWith({ 'a-ok.yml': GOOD.replace('id: good', 'id: fine'), 'bad.yml': text });
    const e = errorOf(() => loadPlaybooks(dir));
    expect(e.file).toBe(join(dir, 'bad.yml'));
    expect(e.path).toBe(path);
    expect(e.message).toContain('bad.yml');
    if (path) expect(e.message).toContain(`${path}: `);
    expect(e.message.toLowerCase()).toContain(reason.toLowerCase());
  });

  it('rejects invalid YAML with the line number', () => {
    const e = errorOf(() => loadPlaybooks(dirWith({ 'x.yml': 'id: x\nsteps: [\n  - oops: :\n' })));
    expect(e.message).toMatch(/x\.yml: invalid YAML/);
  });

  it('rejects duplicate playbook ids and duplicate step ids', () => {
    expect(errorOf(() => loadPlaybooks(dirWith({ 'a.yml': GOOD, 'b.yml': GOOD }))).message).toMatch(/b\.yml: id: duplicate playbook id "good"/);
    const dupSteps = GOOD.replace('  - title: First', '  - id: same\n    title: First').replace('  - title: Second', '  - id: same\n    title: Second');
    expect(errorOf(() => loadPlaybooks(dirWith({ 'a.yml': dupSteps }))).path).toBe('steps[1].id');
  });

  it('names a missing directory', () => {
    expect(errorOf(() => loadPlaybooks('/nonexistent/playbooks')).message).toContain('/nonexistent/playbooks');
  });
});

describe('matchPlaybook', () => {
  const pbs = loadPlaybooks('playbooks');
  it.each([
    ['usage_decline', [], 'usage-decline'],
    ['signal:champion_departed', [], 'champion-departure'],
    ['signal:competitor_mentioned', [], 'competitive-threat'],
    ['renewal_at_risk', [], 'renewal-at-risk'],
    ['expansion', [], 'expansion-opportunity'],
    ['tier_drop', ['support_overload'], 'support-overload'],
    ['tier_drop', ['renewal_at_risk', 'support_overload'], 'renewal-at-risk'],
    ['health_drop', ['support_overload'], 'usage-decline'],
  ])('rule %s (drivers %j) → %s', (rule, drivers, id) => {
    expect(matchPlaybook(pbs, { rule, severity: 'high', drivers })?.id).toBe(id);
  });

  it('falls back to the top driver when no playbook names the rule', () => {
    const only = pbs.filter((p) => p.id === 'support-overload' || p.id === 'onboarding-at-risk');
    expect(matchPlaybook(only, { rule: 'tier_drop', severity: 'high', drivers: ['onboarding_at_risk', 'support_overload'] })?.id).toBe('onboarding-at-risk');
    expect(matchPlaybook(only, { rule: 'tier_drop', severity: 'high', drivers: ['low_events'] })).toBeUndefined();
  });
});
