import { describe, expect, it } from 'vitest';
import { attentionSummary } from '../../blocks/attention-summary';
import { evaluateAlerts } from '../../src/alerts/evaluate';
import { decide } from '../../src/attention/policy';
import { followersOf, routeAway } from '../../src/attention/route';
import { follow, saveSettings } from '../../src/attention/store';
import { sendDueSummaries } from '../../src/attention/summary';
import { loadPlaybooks } from '../../src/playbooks/load';
import { assertWithinBlockKitLimits } from '../support/blockkit-limits';
import { testDb } from '../support/db';
import { CHANNEL, MANAGER, OWNER, VP, outboxRows, seedAccount, seedScore, seedTeam, testConfig } from '../alerts/fixtures';

const playbooks = loadPlaybooks('playbooks');
const MONDAY = new Date('2026-11-23T10:00:00Z'); // 11:00 Berlin, 10:00 London, 05:00 New York
const posts = (db: ReturnType<typeof testDb>) => outboxRows(db, `method = 'chat.postMessage'`);

function book(db: ReturnType<typeof testDb>, n: number, score = 40) {
  seedTeam(db);
  for (let i = 0; i < n; i++) {
    seedAccount(db, `acct${i}`, { name: `Account ${i}` });
    seedScore(db, `acct${i}`, '2026-11-22', score);
  }
}

describe('decide (pure policy)', () => {
  const base = {
    severity: 'high' as const,
    recipientKind: 'person' as const,
    baseline: false,
    dmSeverities: ['critical', 'high', 'medium'] as const,
    sentToday: 0,
    dailyCap: 10,
    workingNow: true,
    nextWorking: MONDAY,
    criticalOutsideWorkingHours: false,
    now: MONDAY,
  };
  it.each([
    ['baseline holds for the summary', { baseline: true }, 'summary:baseline'],
    ['a severity set to wait goes to the summary', { dmSeverities: ['critical'] as const }, 'summary:preference'],
    ['over the cap folds into the summary', { sentToday: 10 }, 'summary:cap'],
    ['outside working hours waits for the morning', { workingNow: false }, 'later:working_hours'],
    [
      'critical outside hours with the setting: now',
      { workingNow: false, severity: 'critical' as const, criticalOutsideWorkingHours: true },
      'now:critical_outside_hours',
    ],
    ['channels ignore cap and hours', { recipientKind: 'channel' as const, sentToday: 99, workingNow: false }, 'now:ok'],
    ['otherwise now', {}, 'now:ok'],
  ] as [string, Partial<Parameters<typeof decide>[0]>, string][])('%s', (_w, over, expected) => {
    const d = decide({ ...base, dmSeverities: [...base.dmSeverities], ...over });
    expect(`${d.kind}:${d.reason}`).toBe(expected);
  });
});

describe('attention budget over a real database', () => {
  it('first run: one "Your book today" per person, criticals first, nothing per alert; later changes notify one by one', () => {
    const db = testDb();
    book(db, 4, 40); // four high alerts
    seedAccount(db, 'crit', { name: 'Crit Co' });
    seedScore(db, 'crit', '2026-11-22', 20); // critical
    const config = testConfig({ alerts: { baseline: true, workingHours: { enabled: true } } });
    evaluateAlerts(db, { config, playbooks, now: MONDAY });
    expect(posts(db)).toHaveLength(0);
    const s = sendDueSummaries(db, { config, now: MONDAY });
    // owner (Berlin, working), manager (London, working), the channel; the VP (05:00 New York) waits for the morning
    const rows = posts(db);
    expect(rows.map((r) => r.channel).sort()).toEqual([CHANNEL, MANAGER, OWNER].sort());
    expect(s.sent).toBe(3);
    const ownerMsg = rows.find((r) => r.channel === OWNER)!;
    expect(ownerMsg.args.text).toBe('Your book today: 1 critical, 4 high');
    expect(rows.find((r) => r.channel === CHANNEL)!.args.text).toBe('Open risk today: 1 critical'); // a channel has no "book"
    const blocks = ownerMsg.args.blocks as { type: string; text?: { text: string } }[];
    expect(blocks.filter((b) => b.type === 'section')[0].text!.text).toContain('Crit Co');
    // idempotent: a second tick sends nothing more
    expect(sendDueSummaries(db, { config, now: MONDAY }).sent).toBe(0);

    // a change after the baseline notifies one by one
    seedAccount(db, 'new', { name: 'New Co' });
    seedScore(db, 'new', '2026-11-23', 40);
    evaluateAlerts(db, { config, playbooks, now: new Date('2026-11-23T11:00:00Z') });
    expect(
      posts(db)
        .filter((r) => (r.args.text as string).includes('New Co'))
        .map((r) => r.channel)
        .sort(),
    ).toEqual([MANAGER, OWNER].sort());
  });

  it('the daily cap folds the rest into one end-of-day summary at the person’s summary time', () => {
    const db = testDb();
    book(db, 5, 40); // five high alerts → owner + manager each
    const config = testConfig({ alerts: { dailyDmCap: 3, workingHours: { enabled: true } } });
    evaluateAlerts(db, { config, playbooks, now: MONDAY });
    expect(posts(db).filter((r) => r.channel === OWNER)).toHaveLength(3);
    expect(sendDueSummaries(db, { config, now: MONDAY }).sent).toBe(0); // before 17:00 local
    const evening = new Date('2026-11-23T16:05:00Z'); // 17:05 Berlin, 16:05 London
    sendDueSummaries(db, { config, now: evening });
    const ownerRows = posts(db).filter((r) => r.channel === OWNER);
    expect(ownerRows).toHaveLength(4);
    expect(ownerRows[3].args.text).toBe('Your alert summary: 2 high');
    expect(posts(db).filter((r) => r.channel === MANAGER)).toHaveLength(3); // London's 17:00 has not come yet
    sendDueSummaries(db, { config, now: new Date('2026-11-23T17:05:00Z') });
    expect(posts(db).filter((r) => r.channel === MANAGER)).toHaveLength(4);
  });

  it('what is held after Friday’s summary waits for Monday’s, not Saturday 17:00', () => {
    const db = testDb();
    book(db, 3, 40);
    const config = testConfig({ alerts: { dailyDmCap: 1, workingHours: { enabled: true } } });
    const friday = new Date('2026-11-27T16:30:00Z'); // 17:30 Berlin: after the summary time
    evaluateAlerts(db, { config, playbooks, now: friday });
    expect(sendDueSummaries(db, { config, now: friday }).changes).toContain(`summary  ${OWNER} (daily, 2 alert(s))`);
    seedAccount(db, 'late', { name: 'Late Co' });
    seedScore(db, 'late', '2026-11-27', 40);
    evaluateAlerts(db, { config, playbooks, now: new Date('2026-11-27T16:40:00Z') }); // over the cap: held
    expect(sendDueSummaries(db, { config, now: new Date('2026-11-28T16:05:00Z') }).sent).toBe(0); // Saturday
    const monday = sendDueSummaries(db, { config, now: new Date('2026-11-30T16:05:00Z') });
    expect(monday.changes).toContain(`summary  ${OWNER} (daily, 1 alert(s))`);
  });

  it('preferences: a person who wants only criticals at once gets high alerts in the summary', () => {
    const db = testDb();
    book(db, 2, 40);
    saveSettings(db, { userId: OWNER, dmSeverities: ['critical'], summaryTime: '12:00', awayUntil: null, delegateId: null }, MONDAY);
    const config = testConfig();
    evaluateAlerts(db, { config, playbooks, now: MONDAY });
    expect(posts(db).filter((r) => r.channel === OWNER)).toHaveLength(0);
    sendDueSummaries(db, { config, now: new Date('2026-11-23T11:00:00Z') }); // 12:00 Berlin
    expect(
      posts(db)
        .filter((r) => r.channel === OWNER)
        .map((r) => r.args.text),
    ).toEqual(['Your alert summary: 2 high']);
  });

  it('follow: a person and a channel (by segment, from config) receive the account’s alert messages', () => {
    const db = testDb();
    book(db, 1, 40);
    db.$client.prepare(`update accounts set segment = 'Enterprise' where id = 'acct0'`).run();
    follow(db, VP, 'account', 'acct0', MONDAY);
    const config = testConfig({ alerts: { follows: [{ channel: 'CENT1', segment: 'Enterprise' }] } });
    expect(
      followersOf(db, 'acct0', config.alerts)
        .map((r) => r.id)
        .sort(),
    ).toEqual(['CENT1', VP].sort());
    evaluateAlerts(db, { config, playbooks, now: MONDAY });
    expect(
      posts(db)
        .map((r) => r.channel)
        .sort(),
    ).toEqual(['CENT1', MANAGER, OWNER, VP].sort());
  });

  it('away mode: the delegate receives the away person’s alerts until the date, then the person again', () => {
    const db = testDb();
    book(db, 1, 40);
    saveSettings(
      db,
      { userId: OWNER, dmSeverities: ['critical', 'high', 'medium'], summaryTime: '17:00', awayUntil: '2026-11-24', delegateId: 'UDELEG1' },
      MONDAY,
    );
    const defaults = { summaryTime: '17:00', timezone: 'UTC' };
    const r = [
      { role: 'owner' as const, id: OWNER, tz: 'Europe/Berlin' },
      { role: 'manager' as const, id: MANAGER, tz: 'Europe/London' },
    ];
    expect(routeAway(db, r, MONDAY, defaults).map((x) => x.id)).toEqual(['UDELEG1', MANAGER]);
    expect(routeAway(db, r, new Date('2026-11-25T10:00:00Z'), defaults).map((x) => x.id)).toEqual([OWNER, MANAGER]);
    evaluateAlerts(db, { config: testConfig(), playbooks, now: MONDAY });
    expect(
      posts(db)
        .map((x) => x.channel)
        .sort(),
    ).toEqual(['UDELEG1', MANAGER].sort());
  });
});

describe('summary blocks', () => {
  it('fold past 50 blocks into "…and N more", criticals first, user text escaped', () => {
    const items = Array.from({ length: 60 }, (_, i) => ({
      alertId: i + 1,
      accountId: `a${i}`,
      accountName: i === 59 ? '<!channel> & co' : `Account ${String(i).padStart(2, '0')}`,
      severity: i === 59 ? ('critical' as const) : ('medium' as const),
      title: 'Usage down 40%',
    }));
    const p = attentionSummary({ kind: 'daily', day: '2026-11-23', items });
    assertWithinBlockKitLimits(p as never, 'message');
    expect(p.blocks.length).toBeLessThanOrEqual(50);
    const texts = p.blocks.map((b) => JSON.stringify(b));
    expect(texts[3]).toContain('&lt;!channel&gt; &amp; co');
    expect(texts.at(-1)).toContain('…and 37 more');
  });
});
