import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postCommand } from '../support/signed-request';
import { type Harness, SECRET, startHarness } from './support/harness';
import { U } from './support/seed';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe('HTTP transport', () => {
  it('accepts a correctly signed request', async () => {
    expect((await h.command('help', U.csm)).status).toBe(200);
  });

  it('rejects unsigned, wrongly signed and stale requests with 401 and runs nothing', async () => {
    const before = h.fake.calls.length;
    expect((await postCommand(h.url, SECRET, { user_id: U.csm, text: 'acme' }, { secret: null })).status).toBe(401);
    expect((await postCommand(h.url, SECRET, { user_id: U.csm, text: 'acme' }, { secret: 'not-the-secret' })).status).toBe(401);
    const stale = Math.floor(Date.now() / 1000) - 5 * 60 - 5;
    expect((await postCommand(h.url, SECRET, { user_id: U.csm, text: 'acme' }, { timestampSec: stale })).status).toBe(401);
    expect(h.fake.calls.length).toBe(before);
  });

  it('answers /healthz with 200 JSON', async () => {
    const res = await fetch(h.url.replace('/slack/events', '/healthz'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, transport: 'http', accounts: 5 });
  });

  it('refreshAccounts() makes a just-imported account findable at once', async () => {
    h.db.$client.prepare("insert into accounts(id, name, updated_at) values ('hooli', 'Hooli XYZ', 'x')").run();
    expect(h.slack.refreshAccounts()).toBe(6);
    expect((await h.command('hooli xyz')).json?.text).toContain('Hooli XYZ: not scored yet');
  });

  it('points the WebClient at SLACK_API_URL with the bot token', async () => {
    await h.event({ type: 'app_home_opened', user: U.csm, channel: 'D1', tab: 'home', event_ts: '1.1' });
    const deadline = Date.now() + 3000;
    while (!h.fake.callsTo('views.publish').length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(h.fake.callsTo('views.publish')[0].token).toBe('xoxb-test-token');
  });
});
