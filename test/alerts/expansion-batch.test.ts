/** Expansion is not risk: no group, no SLA; one DM per owner per week listing their opportunities (+ the sales channel). */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db';
import { evaluateAlerts } from '../../src/alerts/evaluate';
import { expansionWeeklyBatch } from '../../src/alerts/expansion-batch';
import { loadPlaybooks } from '../../src/playbooks/load';
import { testDb } from '../support/db';
import { OWNER, outboxRows, seedAccount, seedScore, seedTeam, testConfig } from './fixtures';

let db: Db;
const NOW = new Date('2026-11-23T10:00:00Z');

beforeEach(() => {
  db = testDb();
  seedTeam(db);
  seedAccount(db, 'grow', { name: 'Grow <Co>', arr: 90_000 });
  seedAccount(db, 'big', { name: 'Big', arr: 300_000 });
  seedScore(db, 'grow', '2026-11-22', 88, { expansion: 0.9 });
  seedScore(db, 'big', '2026-11-22', 90, { expansion: 0.8 });
});

describe('weekly expansion batch', () => {
  it('opens no group and sends nothing per account; the week gets one DM per owner and one sales-channel post', () => {
    const config = testConfig({ alerts: { salesChannel: 'CSALES1' } });
    const r = evaluateAlerts(db, { config, playbooks: loadPlaybooks('playbooks'), now: NOW });
    expect(r).toMatchObject({ opened: 0, notified: 0 });
    expect(outboxRows(db, '1 = 1')).toHaveLength(0);
    const b = expansionWeeklyBatch(db, { config, now: NOW, week: '2026-W48' });
    expect(b).toEqual({ owners: 1, opportunities: 2, enqueued: 2 });
    const posts = outboxRows(db, "method = 'chat.postMessage'");
    expect(posts.map((p) => p.channel)).toEqual([OWNER, 'CSALES1']);
    const text = String(posts[0].args.text);
    expect(text).toContain('2 in your book');
    expect(text.indexOf('Big')).toBeLessThan(text.indexOf('Grow')); // largest ARR first
    expect(text).toContain('Grow &lt;Co&gt;');
    expect(posts.every((p) => p.alert_id === null)).toBe(true); // no SLA, nothing to escalate
    // the same week again: nothing more
    expect(expansionWeeklyBatch(db, { config, now: NOW, week: '2026-W48' }).enqueued).toBe(0);
    expect(expansionWeeklyBatch(db, { config, now: new Date('2026-11-30T10:00:00Z'), week: '2026-W49' }).enqueued).toBe(2);
  });
});
