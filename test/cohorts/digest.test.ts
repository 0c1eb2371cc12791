import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db';
import { parseConfig } from '../../src/config/load';
import { isFirstMondayWeek } from '../../src/digests/cohort-section';
import { digestJob } from '../../src/digests/job';
import { fixedClock } from '../../src/lib/clock';
import { assertWithinBlockKitLimits } from '../support/blockkit-limits';
import { testDb } from '../support/db';
import { seedCohortFixture } from './fixture';

interface Row {
  idempotency_key: string;
  args: string;
}
const rows = (db: Db) => db.$client.prepare('select idempotency_key, args from outbox order by id').all() as Row[];
const blocksText = (r: Row) => JSON.stringify(JSON.parse(r.args).blocks);

function setup(cfg: Record<string, unknown> = {}) {
  const db = testDb();
  seedCohortFixture(db);
  const outboxFile = join(mkdtempSync(join(tmpdir(), 'bw-cohort-digest-')), 'outbox.jsonl');
  const clock = fixedClock('2026-11-30T09:00:00Z');
  const config = parseConfig({ digests: { leadershipChannel: 'C0LEAD' }, ...cfg });
  return { db, clock, job: digestJob(db, { config, clock, outboxFile, audience: 'leadership' }) };
}

describe('cohorts in the leadership digest', () => {
  it('first-Monday weeks: the Monday falls on day 1–7 of its month', () => {
    expect(isFirstMondayWeek('2026-W45')).toBe(true); // Mon 2026-11-02
    expect(isFirstMondayWeek('2026-W49')).toBe(false); // Mon 2026-11-30
    expect(isFirstMondayWeek('2026-W50')).toBe(true); // Mon 2026-12-07
    expect(isFirstMondayWeek('2026-W01')).toBe(false); // Mon 2025-12-29
    expect(isFirstMondayWeek('2026-W02')).toBe(true); // Mon 2026-01-05
  });

  it('adds the cohort block and retention-curves PNG on the first Monday only (injected clock)', () => {
    const { db, clock, job } = setup();
    const w49 = job(); // Mon 2026-11-30: the last Monday of November
    expect(w49.week).toBe('2026-W49');
    expect(w49.charts.map((p) => p.split('/').at(-1))).toEqual(['2026-W49-health.png', '2026-W49-retention.png']);
    expect(blocksText(rows(db)[0])).not.toContain('Signup cohorts');

    clock.set('2026-12-07T09:00:00Z'); // first Monday of December
    const w50 = job();
    expect(w50.week).toBe('2026-W50');
    expect(w50.charts.map((p) => p.split('/').at(-1))).toEqual(['2026-W50-health.png', '2026-W50-retention.png', '2026-W50-cohorts.png']);
    const out = rows(db).filter((r) => r.idempotency_key.startsWith('digest:2026-W50'));
    expect(out.map((r) => r.idempotency_key)).toEqual([
      'digest:2026-W50:leadership',
      'digest:2026-W50:leadership:chart:health',
      'digest:2026-W50:leadership:chart:retention',
      'digest:2026-W50:leadership:chart:cohorts',
    ]);
    const post = JSON.parse(out[0].args);
    assertWithinBlockKitLimits(post, 'message');
    const text = blocksText(out[0]);
    // As of 12-07 (weighted over the cohorts that reached the month; M12 not reached by anyone):
    // Pro = a1 a2 (Jan), b1 (Feb, churned in month 0), c1 (Jun), later (Jul):
    //   logo M3 (2+0+1+1)/5 = 80%, M6 (2+0+1)/4 = 75% (later has not reached M6);
    //   NRR M3 (3000 + 500 + 900) / (3000 + 500 + 900) = 100% (b1's month-0 ARR is 0); TTV median of 5 and 43 days = 24; 1 of 5 activated
    // Starter = a3 a4 (Jan), b2 (Feb): logo M3 (1+1)/3 = 67%, M6 3/3; NRR M3 (1000 + 2000) / (4000 + 1000) = 60%, M6 5000/5000
    expect(text).toContain('Signup cohorts by plan tier (monthly)* · as of 2026-12-07');
    expect(text).toMatch(/Pro +5 +80% +75% +– +100% +100% +– +24d +20%/);
    expect(text).toMatch(/Starter +3 +67% +100% +– +60% +100% +– +0d +33%/);
    // a4's and b1's churns (Feb/Mar 2026) are inside the 12 months before 2026-12-07.
    expect(text).toContain('2 churns, $7k ARR lost');
    expect(text).toContain('By stated reason: budget $4k (1) · competitor $3k (1)');
    const upload = JSON.parse(out[3].args);
    expect(upload.title).toContain('Logo retention by months since signup, per plan tier');
    expect(readFileSync(upload.file_path).subarray(1, 4).toString('ascii')).toBe('PNG');

    clock.set('2026-12-14T09:00:00Z'); // second Monday: weekly digest only
    expect(job().charts).toHaveLength(2);
  });

  it('cohorts.inDigest: false leaves it out; digests.charts: false keeps the block without the PNG', () => {
    const off = setup({ cohorts: { inDigest: false } });
    off.clock.set('2026-12-07T09:00:00Z');
    expect(off.job().charts).toHaveLength(2);
    expect(blocksText(rows(off.db)[0])).not.toContain('Signup cohorts');

    const noCharts = setup({ digests: { leadershipChannel: 'C0LEAD', charts: false } });
    noCharts.clock.set('2026-12-07T09:00:00Z');
    expect(noCharts.job().charts).toEqual([]);
    const r = rows(noCharts.db);
    expect(r).toHaveLength(1);
    expect(blocksText(r[0])).toContain('Signup cohorts');
    expect(blocksText(r[0])).not.toContain('Chart below');
  });
});
