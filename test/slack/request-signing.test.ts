import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallbackIds } from '../../blocks/action-ids';
import { fixedClock } from '../../src/lib/clock';
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

describe('request timestamps must be within ±5 minutes of the receiver clock (issue 10)', () => {
  const T = new Date(Math.floor(Date.now() / 1000) * 1000);
  const requestClock = fixedClock(T);
  let w: Harness;
  beforeAll(async () => {
    w = await startHarness({ requestClock, ingestToken: 'ingest-token-0123456789' });
  });
  afterAll(() => w.close());
  const at = (offsetSec: number) => ({ timestampSec: T.getTime() / 1000 + offsetSec });

  it('refuses a correctly signed request stamped more than 5 minutes in the future, with 401, and runs nothing', async () => {
    const r = await w.command('acme', U.csm, at(5 * 60 + 1));
    expect(r.status).toBe(401);
    expect(r.json).toBeUndefined();
    const outreach = () => w.db.$client.prepare('select count(*) n from outreach').get();
    const before = outreach();
    const submission = {
      type: 'view_submission',
      team: { id: 'T0001', domain: 'fake' },
      user: { id: U.csm, username: 'u', name: 'u', team_id: 'T0001' },
      api_app_id: 'A0001',
      view: {
        id: 'VFUTURE',
        type: 'modal',
        callback_id: CallbackIds.outreachModal,
        private_metadata: JSON.stringify({ accountId: 'acme-corp' }),
        state: { values: { outreach_type: { outreach_type_value: { type: 'static_select', selected_option: { value: 'call' } } } } },
      },
    };
    expect((await w.interact(submission, at(10 * 60))).status).toBe(401);
    expect(outreach()).toEqual(before);
  });

  it('accepts requests stamped up to 5 minutes ahead or behind', async () => {
    for (const skew of [5 * 60 - 1, 60, 0, -250]) {
      const r = await w.command('help', U.csm, at(skew));
      expect(r.status, `skew ${skew}`).toBe(200);
      expect(JSON.stringify(r.json)).toContain('/health');
    }
  });

  it('refuses one more than 5 minutes old, judged by the injected clock', async () => {
    expect((await w.command('help', U.csm, at(-5 * 60 - 1))).status).toBe(401);
    // The receiver clock runs 10 minutes ahead: a request stamped "now" by the sender is stale to it.
    requestClock.advance(10 * 60 * 1000);
    try {
      expect((await w.command('help', U.csm, at(0))).status).toBe(401);
      expect((await w.command('help', U.csm, at(10 * 60))).status).toBe(200);
    } finally {
      requestClock.set(T);
    }
  });

  it('refuses a timestamp that is not a number of seconds', async () => {
    const res = await fetch(w.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': '1e9', 'x-slack-signature': 'v0=00' },
      body: 'command=/health&text=help',
    });
    expect(res.status).toBe(401);
  });
});

describe('paths Bolt cannot route (issue 10)', () => {
  it('a malformed %-escape is a 400 with a JSON reason on every route, not a 500', async () => {
    const w = await startHarness({ ingestToken: 'ingest-token-0123456789' });
    try {
      const root = w.url.replace('/slack/events', '');
      for (const path of ['/api/ingest/%E0%A4%A', '/slack/events%ZZ', '/healthz%']) {
        const r = await fetch(root + path, { method: 'POST', headers: { authorization: 'Bearer ingest-token-0123456789' }, body: '[]' });
        expect(r.status, path).toBe(400);
        expect(await r.json()).toEqual({ ok: false, error: 'malformed %-escape in the URL path' });
      }
      // the ingest route itself is served by the same receiver
      const ok = await fetch(`${root}/api/ingest/accounts`, {
        method: 'POST',
        headers: { authorization: 'Bearer ingest-token-0123456789' },
        body: JSON.stringify([{ account_id: 'hooli', name: 'Hooli' }]),
      });
      expect(ok.status).toBe(200);
    } finally {
      await w.close();
    }
  });
});
