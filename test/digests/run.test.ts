import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Db, closeDb, createDb } from '../../db';
import { parseConfig } from '../../src/config/load';
import { enqueue } from '../../src/delivery/store/outbox';
import { claimDigest, digestLogFor, refreshDigestLog } from '../../src/digests/store';
import { runDigests } from '../../src/digests/run';
import { assertWithinBlockKitLimits } from '../support/blockkit-limits';
import { testDb } from '../support/db';
import { addAccount, addAlert, addMember, addOutreach, addScore, driver, seedRevenueHistory } from '../metrics/fixtures';

const NOW = new Date('2026-11-23T09:00:00Z'); // Monday of 2026-W48
const config = parseConfig({ digests: { leadershipChannel: 'C0LEAD' } });

function seed(db: Db): void {
  seedRevenueHistory(db);
  addMember(db, { email: 'ana@x.io', name: 'Ana', slackId: 'UANA' });
  addMember(db, { email: 'bo@x.io', name: 'Bo', slackId: 'UBO' });
  addMember(db, { email: 'cy@x.io', name: 'Cy', slackId: null });
  addAccount(db, { id: 'ana-1', name: 'Ana One', arr: 20_000, ownerEmail: 'ana@x.io' });
  addAccount(db, { id: 'bo-1', name: 'Bo One', arr: 30_000, ownerEmail: 'bo@x.io' });
  addAccount(db, { id: 'cy-1', name: 'Cy One', arr: 40_000, ownerEmail: 'cy@x.io' });
  for (const [id, s] of [
    ['a', 80],
    ['c', 45],
    ['d', 25],
    ['ana-1', 35],
    ['bo-1', 90],
  ] as const) {
    addScore(db, id, '2026-11-16', s + 5);
    addScore(db, id, '2026-11-23', s, [driver('usage_decline', 'logins down 40%')]);
  }
}

interface Row {
  idempotency_key: string;
  method: string;
  args: string;
  channel: string | null;
}
const rows = (db: Db) => db.$client.prepare('select idempotency_key, method, args, channel from outbox order by id').all() as Row[];
const countsByKey = (db: Db) => {
  const m = new Map<string, number>();
  for (const r of rows(db)) m.set(r.idempotency_key, (m.get(r.idempotency_key) ?? 0) + 1);
  return m;
};

function tmpOutbox(): string {
  return join(mkdtempSync(join(tmpdir(), 'bw-digest-')), 'outbox.jsonl');
}

describe('runDigests', () => {
  it('queues the leadership post, two chart uploads and one DM per CSM with a Slack id', () => {
    const db = testDb();
    seed(db);
    const outboxFile = tmpOutbox();
    const r = runDigests(db, { config, now: NOW, outboxFile });
    expect(r.week).toBe('2026-W48');
    expect(r.asOf).toBe('2026-11-23');
    expect(r.leadership).toBe('posted');
    expect(r.csm).toEqual({ posted: 2, resumed: 0, skipped: 0, noSlackId: 1 });
    const out = rows(db);
    expect(out.map((x) => [x.idempotency_key, x.method, x.channel])).toEqual([
      ['digest:2026-W48:leadership', 'chat.postMessage', 'C0LEAD'],
      ['digest:2026-W48:leadership:chart:health', 'files.uploadV2', 'C0LEAD'],
      ['digest:2026-W48:leadership:chart:retention', 'files.uploadV2', 'C0LEAD'],
      ['digest:2026-W48:csm:ana@x.io', 'chat.postMessage', 'UANA'],
      ['digest:2026-W48:csm:bo@x.io', 'chat.postMessage', 'UBO'],
    ]);
    const post = JSON.parse(out[0].args);
    expect(post.channel).toBe('C0LEAD');
    assertWithinBlockKitLimits(post, 'message');
    for (const dm of out.slice(3)) assertWithinBlockKitLimits(JSON.parse(dm.args), 'message');
    // Charts land next to the outbox file and the upload call names them.
    const chartDir = join(outboxFile, '..', 'charts');
    expect(r.charts).toEqual([join(chartDir, '2026-W48-health.png'), join(chartDir, '2026-W48-retention.png')]);
    const up = JSON.parse(out[1].args);
    expect(Object.keys(up).sort()).toEqual(['channel_id', 'file_path', 'filename', 'initial_comment', 'title']);
    expect(up).toMatchObject({ channel_id: 'C0LEAD', file_path: r.charts[0], filename: '2026-W48-health.png' });
    expect(readFileSync(up.file_path).subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(digestLogFor(db, '2026-W48').map((l) => [l.audience, l.status, l.outboxIds.length])).toEqual([
      ['csm:ana@x.io', 'queued', 1],
      ['csm:bo@x.io', 'queued', 1],
      ['leadership', 'queued', 3],
    ]);
  });

  it('posts once per week and audience across a process restart', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'bw-digest-db-')), 'bw.db');
    let db = createDb(file);
    seed(db);
    const outboxFile = tmpOutbox();
    runDigests(db, { config, now: NOW, outboxFile });
    closeDb(db);
    db = createDb(file); // "restart"
    const again = runDigests(db, { config, now: new Date('2026-11-24T15:00:00Z'), outboxFile });
    expect(again.leadership).toBe('skipped-already-sent');
    expect(again.csm).toMatchObject({ posted: 0, skipped: 2 });
    expect(again.enqueued).toBe(0);
    expect(again.charts).toEqual([]);
    expect([...countsByKey(db).values()]).toEqual([1, 1, 1, 1, 1]);
    // A new week is a new digest.
    const next = runDigests(db, { config, now: new Date('2026-11-30T09:00:00Z'), outboxFile });
    expect(next.week).toBe('2026-W49');
    expect(next.leadership).toBe('posted');
    expect(rows(db)).toHaveLength(10);
    closeDb(db);
  });

  it('resumes a run that crashed after claiming the digest, without duplicating what was already enqueued', () => {
    const db = testDb();
    seed(db);
    // Simulate the crash: digest_log says 'building', and the leadership message (not the charts) made it to the outbox.
    expect(claimDigest(db, '2026-W48', 'leadership', NOW)).toBe('new');
    expect(claimDigest(db, '2026-W48', 'csm:ana@x.io', NOW)).toBe('new');
    enqueue(db, { idempotencyKey: 'digest:2026-W48:leadership', method: 'chat.postMessage', args: { channel: 'C0LEAD', text: 'partial' } }, NOW);
    const r = runDigests(db, { config, now: NOW, outboxFile: tmpOutbox() });
    expect(r.leadership).toBe('resumed');
    expect(r.csm).toMatchObject({ posted: 1, resumed: 1 });
    const counts = countsByKey(db);
    expect([...counts.keys()].sort()).toEqual([
      'digest:2026-W48:csm:ana@x.io',
      'digest:2026-W48:csm:bo@x.io',
      'digest:2026-W48:leadership',
      'digest:2026-W48:leadership:chart:health',
      'digest:2026-W48:leadership:chart:retention',
    ]);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(digestLogFor(db, '2026-W48').every((l) => l.status === 'queued')).toBe(true);
    // And once more: nothing new.
    expect(runDigests(db, { config, now: NOW, outboxFile: tmpOutbox() }).enqueued).toBe(0);
  });

  it('moves the digest log to sent / failed as deliveries finish', () => {
    const db = testDb();
    seed(db);
    runDigests(db, { config, now: NOW, outboxFile: tmpOutbox() });
    db.$client.prepare(`update outbox set status = 'sent' where idempotency_key like 'digest:2026-W48:leadership%'`).run();
    db.$client.prepare(`update outbox set status = 'failed' where idempotency_key = 'digest:2026-W48:csm:bo@x.io'`).run();
    expect(refreshDigestLog(db, NOW)).toEqual({ sent: 1, failed: 1 });
    const status = Object.fromEntries(digestLogFor(db, '2026-W48').map((l) => [l.audience, l.status]));
    expect(status).toEqual({ leadership: 'sent', 'csm:ana@x.io': 'queued', 'csm:bo@x.io': 'failed' });
  });

  it('audiences, past weeks, and charts / CSM digests switched off', () => {
    const db = testDb();
    seed(db);
    const dir = mkdtempSync(join(tmpdir(), 'bw-charts-'));
    const lead = runDigests(db, { config, now: NOW, audience: 'leadership', week: '2026-w47', chartsDir: dir });
    expect(lead).toMatchObject({ week: '2026-W47', asOf: '2026-11-16', leadership: 'posted', csm: { posted: 0 } });
    expect(existsSync(join(dir, '2026-W47-health.png'))).toBe(true);
    const csm = runDigests(db, { config, now: NOW, audience: 'csm', week: '2026-W47' });
    expect(csm).toMatchObject({ leadership: 'not-requested', csm: { posted: 2 } });
    const quiet = parseConfig({ digests: { charts: false, csmDigests: false } });
    const r = runDigests(db, { config: quiet, now: NOW });
    expect(r.charts).toEqual([]);
    expect(r.csm.posted).toBe(0);
    expect(rows(db).filter((x) => x.idempotency_key.startsWith('digest:2026-W48'))).toHaveLength(1);
    expect(() => runDigests(db, { config, now: NOW, week: '2026-W50' })).toThrow(/in the future/);
    expect(() => runDigests(db, { config, now: NOW, week: '2026-48' })).toThrow(/must look like 2026-W48/);
    expect(() => runDigests(db, { config, now: NOW, week: '2026-W54' })).toThrow(/does not exist/);
  });

  it('an empty database still gives a valid digest (no data yet is said, not crashed on)', () => {
    const db = testDb();
    const r = runDigests(db, { config, now: NOW, outboxFile: tmpOutbox() });
    expect(r.leadership).toBe('posted');
    expect(r.charts).toHaveLength(2);
    const post = JSON.parse(rows(db)[0].args);
    assertWithinBlockKitLimits(post, 'message');
    expect(JSON.stringify(post)).toContain('No accounts are At-Risk or Critical.');
    expect(readFileSync(r.charts[1]).subarray(1, 4).toString('ascii')).toBe('PNG');
  });

  it('CSM digest: with no outreach ever logged it says so once instead of listing the book; times use Slack date tokens', () => {
    const db = testDb();
    addMember(db, { email: 'ana@x.io', name: 'Ana', slackId: 'UANA' });
    for (let i = 0; i < 6; i++) addAccount(db, { id: `ana-${i}`, name: `Ana ${i}`, arr: 10_000 + i, ownerEmail: 'ana@x.io' });
    addAlert(db, { accountId: 'ana-0', rule: 'tier_drop', openedAt: '2026-11-22T09:00:00Z', slaDueAt: '2026-11-24T08:36:00Z' });
    runDigests(db, { config, now: NOW, outboxFile: tmpOutbox() });
    const dm = (db: Db) => JSON.parse(rows(db).find((r) => r.channel === 'UANA')!.args) as { text: string; blocks: unknown[] };
    const first = JSON.stringify(dm(db).blocks);
    expect(first).toContain('No outreach logged yet: use *Log outreach* on a card');
    expect(first).not.toContain('never touched');
    expect(first).not.toContain('Ana 3'); // the untouched book is not listed
    expect(dm(db).text).toContain('no outreach logged yet');
    // the SLA time reads in each reader's own zone, with a readable UTC fallback (no bare "08:36 UTC")
    expect(first).toContain(`ack due <!date^${Date.parse('2026-11-24T08:36:00Z') / 1000}^{date_short_pretty} {time}|2026-11-24 08:36 UTC>`);

    // once one touch is logged, the section lists the accounts going quiet again
    const db2 = testDb();
    addMember(db2, { email: 'ana@x.io', name: 'Ana', slackId: 'UANA' });
    for (let i = 0; i < 6; i++) addAccount(db2, { id: `ana-${i}`, name: `Ana ${i}`, arr: 10_000 + i, ownerEmail: 'ana@x.io' });
    addOutreach(db2, 'ana-0', '2026-11-20T10:00:00Z');
    runDigests(db2, { config, now: NOW, outboxFile: tmpOutbox() });
    const second = JSON.stringify(dm(db2).blocks);
    expect(second).toContain('*No touch in 30 days* (5)');
    expect(second).toContain('never touched');
    expect(second).not.toContain('No outreach logged yet');
  });

  it('uses the configured time zone for "this week"', () => {
    const db = testDb();
    seed(db);
    // Sunday 23:30 in UTC is already Monday in Tokyo.
    const tokyo = parseConfig({ timezone: 'Asia/Tokyo', digests: { charts: false } });
    const r = runDigests(db, { config: tokyo, now: new Date('2026-11-22T23:30:00Z'), audience: 'leadership' });
    expect(r).toMatchObject({ week: '2026-W48', asOf: '2026-11-23' });
  });
});
