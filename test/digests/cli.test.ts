import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeDb, createDb } from '../../db';
import { main } from '../../src/cli/main';
import { addMember, addAccount, addScore, seedRevenueHistory } from '../metrics/fixtures';

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l), isTTY: false }, {});
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('bellwether digest', () => {
  it('queues the digests, says where the charts went, and posts nothing twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-cli-digest-'));
    const dbFile = join(dir, 'bw.db');
    const db = createDb(dbFile);
    seedRevenueHistory(db);
    addMember(db, { email: 'ana@x.io', name: 'Ana', slackId: 'UANA' });
    addAccount(db, { id: 'ana-1', arr: 10_000, ownerEmail: 'ana@x.io' });
    addScore(db, 'ana-1', '2026-11-23', 40);
    closeDb(db);
    const g = ['--db', dbFile, '--outbox', join(dir, 'outbox.jsonl')];
    const first = await run([...g, 'digest', '--now', '2026-11-23T09:00:00Z']);
    expect(first.code).toBe(0);
    expect(first.out).toContain('Digests for 2026-W48 (data as of 2026-11-23)');
    expect(first.out).toContain('leadership: queued for #cs-leadership');
    expect(first.out).toContain('csm: 1 queued');
    expect(first.out).toContain(`chart: ${join(dir, 'charts', '2026-W48-health.png')}`);
    expect(first.out).toContain('4 Slack call(s) added to the outbox');
    expect(existsSync(join(dir, 'charts', '2026-W48-retention.png'))).toBe(true);
    // Offline, delivery goes to the outbox file: the post, two chart uploads and the CSM DM.
    expect(first.out).toContain(`Delivered 4 message(s) to ${join(dir, 'outbox.jsonl')}`);
    const calls = readFileSync(join(dir, 'outbox.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { method: string; args: Record<string, unknown> });
    expect(calls.map((c) => c.method).sort()).toEqual(['chat.postMessage', 'chat.postMessage', 'files.uploadV2', 'files.uploadV2']);
    expect(
      calls
        .filter((c) => c.method === 'chat.postMessage')
        .map((c) => c.args.channel)
        .sort(),
    ).toEqual(['#cs-leadership', 'UANA']);
    const second = await run([...g, 'digest', '--now', '2026-11-23T10:00:00Z', '--leadership']);
    expect(second.code).toBe(0);
    expect(second.out).toContain('leadership: already posted this week; nothing queued');
    expect(second.out).toContain('0 Slack call(s) added');
  });

  it('names the bad argument', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-cli-digest-'));
    const g = ['--db', join(dir, 'bw.db')];
    expect(await run([...g, 'digest', '--week', '48'])).toMatchObject({ code: 1, err: expect.stringContaining('--week must look like 2026-W48') });
    expect(await run([...g, 'digest', '--now', 'yesterday'])).toMatchObject({ code: 1, err: expect.stringContaining('--now must be an ISO date-time') });
    expect(await run([...g, 'digest', '--leadership', '--csm'])).toMatchObject({ code: 1, err: expect.stringContaining('exclusive') });
  });
});
