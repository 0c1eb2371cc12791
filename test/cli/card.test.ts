import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, createDb } from '../../db';
import { main } from '../../src/cli/main';
import { assertWithinBlockKitLimits } from '../support/blockkit-limits';
import { seedBook } from '../slack/support/seed';

let dir: string;
let dbPath: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bw-card-'));
  dbPath = join(dir, 'b.db');
  const db = createDb(dbPath);
  seedBook(db);
  closeDb(db);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['--db', dbPath, 'card', ...args], { out: (l) => out.push(l), err: (l) => err.push(l), isTTY: false }, {});
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('bellwether card', () => {
  it('prints the text fallback, Block Kit JSON and a Block Kit Builder link that round-trips', async () => {
    const r = await run('acme', 'crop', '--at', '2026-11-20T12:00:00Z');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Text fallback:\nAcme Corp: health 42 (At-Risk)');
    const json = /Block Kit JSON \(\d+ blocks\):\n([\s\S]*?)\n\nPreview/.exec(r.out)![1];
    const payload = JSON.parse(json) as { blocks: unknown[] };
    assertWithinBlockKitLimits({ text: 'x', ...payload }, 'message');
    const link = r.out.split('\n').at(-1)!;
    expect(link.startsWith('https://app.slack.com/block-kit-builder/#')).toBe(true);
    expect(JSON.parse(decodeURIComponent(link.split('#')[1]))).toEqual(payload);
  });

  it('--shared renders the public copy without buttons', async () => {
    const r = await run('acme-corp', '--shared', '--at', '2026-11-20T12:00:00Z');
    expect(r.code).toBe(0);
    expect(r.out).not.toContain('"type": "actions"');
    expect(r.out).toContain('shared from Bellwether');
    // the default slack.sharedCard policy: no money, names or quadrant
    expect(r.out).not.toContain('*ARR*');
    expect(r.out).not.toContain('quadrant');
    expect((await run('acme-corp', '--at', '2026-11-20T12:00:00Z')).out).toContain('*ARR*');
  });

  it('names the candidates when ambiguous and the closest names when not found', async () => {
    const amb = await run('acme');
    expect(amb.code).toBe(1);
    expect(amb.err).toContain('"acme" matches 2 accounts: Acme Corp (acme-corp), Acme Labs (acme-labs)');
    const nf = await run('initek', 'systems');
    expect(nf.code).toBe(1);
    expect(nf.err).toMatch(/no account matches "initek systems"; closest: Initech/);
  });
});
