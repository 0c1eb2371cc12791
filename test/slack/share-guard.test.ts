/** Issue 15: nothing private leaves the team ("Share in channel" over signed HTTP, fake Slack answering conversations.info). */
import { describe, expect, it } from 'vitest';
import { ActionIds } from '../../blocks/action-ids';
import { buttonClick, useHarness, waitFor } from './support/harness';
import { U } from './support/seed';

const h = useHarness({ config: { slack: { allowExternalChannels: ['CEXTOK'] } } });

function shareIn(channel: string, name = 'somewhere') {
  const click = buttonClick(h.fake, ActionIds.shareCard, 'acme-corp', U.csm);
  click.channel = { id: channel, name };
  click.container = { type: 'message', message_ts: '1.1', channel_id: channel, is_ephemeral: true };
  return h.interact(click);
}
const shares = () =>
  h.db.$client.prepare("select channel, args from outbox where method = 'chat.postMessage' order by id").all() as { channel: string; args: string }[];

describe('Share in channel refuses externally shared conversations', () => {
  it('refuses a Slack Connect channel (is_ext_shared) and a shared one (is_shared) with a clear ephemeral message, queuing nothing', async () => {
    h.fake.upsertChannel({ id: 'CEXT1', name: 'acme-shared', is_ext_shared: true });
    h.fake.upsertChannel({ id: 'CSHR1', name: 'partner', is_shared: true });
    for (const ch of ['CEXT1', 'CSHR1']) {
      await shareIn(ch);
      const said = await waitFor(() => h.responses().find((r) => String(r.text).includes(':lock:')), `refusal in ${ch}`);
      expect(said.response_type).toBe('ephemeral');
      expect(said.replace_original).toBe(false);
      expect(String(said.text)).toContain(
        "I didn't share the Acme Corp card: this conversation is shared with people outside your organization (Slack Connect)",
      );
      expect(String(said.text)).toContain('slack.allowExternalChannels');
      h.fake.reset();
    }
    expect(shares()).toEqual([]);
  });

  it('shares into an ordinary channel and into an external one the admin allowed, without ARR, names or quadrant by default', async () => {
    h.fake.upsertChannel({ id: 'CEXTOK', name: 'acme-connect', is_ext_shared: true });
    await shareIn('C0INT1');
    await waitFor(() => h.responses().find((r) => String(r.text).startsWith('Sharing the Acme Corp card')), 'first confirmation');
    await shareIn('CEXTOK');
    await waitFor(() => h.responses().filter((r) => String(r.text).startsWith('Sharing the Acme Corp card')).length === 2, 'second confirmation');
    const rows = shares();
    expect(rows.map((r) => r.channel)).toEqual(['C0INT1', 'CEXTOK']);
    for (const r of rows) {
      const s = r.args;
      expect(s).toContain('Health 42');
      expect(s).not.toContain('$240k'); // ARR
      expect(s).not.toContain('Carl CSM'); // owner's name
      expect(s).not.toContain('Churn Candidate'); // quadrant
    }
    h.db.$client.prepare("delete from outbox where method = 'chat.postMessage'").run();
  });

  it('asks Slack once per channel within the cache TTL, and again after it', async () => {
    h.fake.upsertChannel({ id: 'CTTL1', name: 'ttl' });
    await shareIn('CTTL1');
    await shareIn('CTTL1');
    await waitFor(() => shares().filter((r) => r.channel === 'CTTL1').length === 2, 'two shares');
    expect(h.fake.callsTo('conversations.info').filter((c) => c.args.channel === 'CTTL1')).toHaveLength(1);
    // the channel becomes Slack Connect; after the TTL (10 minutes) the next share sees it
    h.fake.upsertChannel({ id: 'CTTL1', name: 'ttl', is_ext_shared: true });
    (h.slack.deps.clock as unknown as { advance(ms: number): void }).advance(11 * 60_000);
    await shareIn('CTTL1');
    await waitFor(() => h.responses().find((r) => String(r.text).includes(':lock:')), 'refusal after TTL');
    expect(h.fake.callsTo('conversations.info').filter((c) => c.args.channel === 'CTTL1')).toHaveLength(2);
    expect(shares().filter((r) => r.channel === 'CTTL1')).toHaveLength(2);
  });

  it('refuses (fails closed) when Slack cannot say whether the conversation is shared', async () => {
    h.fake.failNext('conversations.info', { kind: 'error', error: 'missing_scope' });
    await shareIn('CNEW1');
    const said = await waitFor(() => h.responses().find((r) => String(r.text).includes(':lock:')), 'refusal');
    expect(String(said.text)).toContain("couldn't check whether this conversation is shared");
    expect(String(said.text)).toContain('`missing_scope`');
    expect(shares().filter((r) => r.channel === 'CNEW1')).toEqual([]);
  });
});
