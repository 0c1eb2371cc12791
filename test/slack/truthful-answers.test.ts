/** Issue 15: every sentence the bot says is true (over signed HTTP against the real Bolt app). */
import { describe, expect, it } from 'vitest';
import { ActionIds } from '../../blocks/action-ids';
import { buttonClick, useHarness, waitFor } from './support/harness';
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
      expect(next).toContain(
        `Acknowledge the critical alert by <!date^${Date.parse('2026-11-21T15:00:00Z') / 1000}^{date_short_pretty} {time}|2026-11-21 15:00 UTC>`,
      );
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

describe('Acknowledge from a /health card', () => {
  it("re-renders the clicker's own ephemeral copy through response_url: no stale Acknowledge button", async () => {
    const card = await h.command('acme-corp');
    const actions = (card.json?.blocks as { block_id?: string; elements?: { action_id: string; value?: string }[] }[] | undefined)?.find(
      (b) => b.block_id === 'card_actions',
    );
    const ackButton = actions?.elements?.find((e) => e.action_id === ActionIds.acknowledge);
    expect(ackButton?.value).toBe('1');
    const click = buttonClick(h.fake, ActionIds.acknowledge, '1', U.csm);
    (click.actions as { block_id: string }[])[0].block_id = 'card_actions';
    const r = await h.interact(click);
    expect(r.status).toBe(200);
    const replaced = await waitFor(() => h.responses().find((x) => x.replace_original === true), 're-rendered card');
    const b = JSON.stringify(replaced.blocks);
    expect(b).toContain(`acknowledged by <@${U.csm}>`);
    expect(b).not.toContain(`"action_id":"${ActionIds.acknowledge}"`);
    expect(b).toContain(ActionIds.shareCard); // still the full card, with its other buttons
    expect(replaced.response_type).toBe('ephemeral');
    // the confirmation still comes as its own ephemeral line
    const said = await waitFor(() => h.responses().find((x) => x.replace_original === false), 'confirmation');
    expect(String(said.text)).toContain(':white_check_mark:');
  });
});
