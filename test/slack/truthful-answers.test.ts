/** Issue 15: every sentence the bot says is true (over signed HTTP against the real Bolt app). */
import { describe, expect, it } from 'vitest';
import { useHarness } from './support/harness';
import { U } from './support/seed';

const h = useHarness();
const blocksText = (json: Record<string, unknown> | undefined) => JSON.stringify(json?.blocks ?? []);
const nextLine = (json: Record<string, unknown> | undefined) => /\*Next:\* ([^"]*?)(?:\\n|")/.exec(blocksText(json))?.[1] ?? '';

describe('/health answers that do not mislead', () => {
  it('an unknown segment is named as unknown, with the known segments closest first, never a celebration', async () => {
    const r = await h.command('at-risk Enterprize', U.manager);
    expect(r.status).toBe(200);
    const b = blocksText(r.json);
    expect(b).toContain("I don't know a segment called *Enterprize*");
    expect(b).toContain('Known segments, closest first: Enterprise, Growth');
    expect(b).not.toContain('tada');
    expect(b).not.toContain('Nothing At-Risk');
    // a known segment in another case still filters (and an empty known segment may still say so)
    const known = blocksText((await h.command('at-risk enterprise', U.manager)).json);
    expect(known).toContain('Acme Corp');
    expect(known).not.toContain("don't know");
  });

  it("the card's Next step follows a critical alert and its SLA, and the tier when there is no alert", async () => {
    h.db.$client.prepare("update alerts set severity = 'critical' where id = 1").run();
    try {
      const r = await h.command('acme-corp');
      const next = nextLine(r.json);
      expect(next).toContain('Escalate today');
      expect(next).toContain(`Acknowledge the critical alert by <!date^${Date.parse('2026-11-21T15:00:00Z') / 1000}^{date_short_pretty} {time}|2026-11-21 15:00 UTC>`);
      expect(next).not.toContain('Reach out within 48 hours');
      expect(blocksText(r.json)).toContain(':rotating_light: *Open alert:* Usage down 45% in 30 days\\ncritical');
    } finally {
      h.db.$client.prepare("update alerts set severity = 'high' where id = 1").run();
    }
    // Globex is Healthy with no alert: the tier's step
    expect(nextLine((await h.command('globex')).json)).toBe('Keep the cadence; look for advocacy and expansion.');
  });

  it('a 10,000-character query is reported as 10,000 characters received', async () => {
    const r = await h.command('y'.repeat(10_000));
    const b = blocksText(r.json);
    expect(b).toContain('I received 10,000 characters');
    expect(b).toContain('at most 200');
    expect(b).not.toContain('(1000 characters)');
  });
});
