/** Start the real Bolt app over HTTP on a loopback port, against the loopback fake Slack Web API. */
import { LogLevel } from '@slack/bolt';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Db } from '../../../db';
import { parseConfig } from '../../../src/config/load';
import type { AppConfig } from '../../../src/config/schema';
import { type Clock, fixedClock } from '../../../src/lib/clock';
import { createSlackApp, type SlackAppHandle } from '../../../src/slack/app';
import { assertWithinBlockKitLimits } from '../../support/blockkit-limits';
import { testDb } from '../../support/db';
import { type FakeSlack, startFakeSlack } from '../../support/fake-slack';
import { postCommand, postEvent, postInteraction, type SendOptions } from '../../support/signed-request';
import { NOW, seedBook, U } from './seed';

export const SECRET = 'test-signing-secret';

export interface Harness {
  db: Db;
  fake: FakeSlack;
  slack: SlackAppHandle;
  url: string;
  config: AppConfig;
  /** `/health <text>` as a user; returns the ack body (already checked against Block Kit limits). */
  command(text: string, user?: string, opts?: SendOptions): Promise<{ status: number; json: Record<string, unknown> | undefined }>;
  interact(payload: Record<string, unknown>, opts?: SendOptions): Promise<{ status: number; json: Record<string, unknown> | undefined; text: string }>;
  event(event: Record<string, unknown>, opts?: SendOptions): Promise<{ status: number }>;
  /** response_url bodies the app sent (respond()) */
  responses(): Record<string, unknown>[];
  close(): Promise<void>;
}

export async function startHarness(
  opts: { config?: Record<string, unknown>; seed?: (db: Db) => void; requestClock?: Clock; ingestToken?: string } = {},
): Promise<Harness> {
  const fake = await startFakeSlack();
  for (const id of Object.values(U)) fake.users.set(id, { id, is_restricted: id === U.guest });
  fake.users.set('UEXT1', { id: 'UEXT1', is_ultra_restricted: true });
  fake.users.set('UNEW1', { id: 'UNEW1' }); // workspace member not in the team table
  const db = testDb();
  (opts.seed ?? seedBook)(db);
  const config = parseConfig(opts.config ?? {});
  const slack = createSlackApp({
    db,
    config,
    env: { SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.url, PORT: 0, BELLWETHER_INGEST_TOKEN: opts.ingestToken },
    clock: fixedClock(NOW),
    requestClock: opts.requestClock,
    logLevel: LogLevel.ERROR,
  });
  const { port } = await slack.start(0);
  const url = `http://127.0.0.1:${port}/slack/events`;
  const responseUrl = `${fake.url}response/cmd`;
  return {
    db,
    fake,
    slack,
    url,
    config,
    async command(text, user = U.csm, o) {
      const r = await postCommand(url, SECRET, { user_id: user, text, response_url: responseUrl }, o);
      if (r.status === 200 && r.json) assertWithinBlockKitLimits(r.json, 'message');
      return r;
    },
    async interact(payload, o) {
      const r = await postInteraction(url, SECRET, payload, o);
      if (r.json?.response_action === 'update') assertWithinBlockKitLimits(r.json.view as Record<string, unknown>, 'modal');
      return r;
    },
    event: (e, o) => postEvent(url, SECRET, e, o),
    responses: () => fake.calls.filter((c) => c.method.startsWith('response/')).map((c) => c.args),
    async close() {
      await slack.stop();
      await fake.close();
      db.$client.close();
    },
  };
}

/** Poll until `check` is truthy (listeners keep working after the ack). */
export async function waitFor<T>(check: () => T, what: string, timeoutMs = 5000): Promise<NonNullable<T>> {
  const t0 = Date.now();
  for (;;) {
    const v = check();
    if (v) return v as NonNullable<T>;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Check every recorded outbound payload against Block Kit limits for its surface. */
export function assertAllSentWithinLimits(fake: FakeSlack): number {
  let n = 0;
  for (const c of fake.calls) {
    if (c.method === 'views.publish') assertWithinBlockKitLimits(c.args.view as Record<string, unknown>, 'home');
    else if (c.method === 'views.open' || c.method === 'views.update' || c.method === 'views.push')
      assertWithinBlockKitLimits(c.args.view as Record<string, unknown>, 'modal');
    else if (c.method.startsWith('response/') || c.method === 'chat.postMessage' || c.method === 'chat.postEphemeral')
      assertWithinBlockKitLimits(c.args, 'message');
    else continue;
    n++;
  }
  return n;
}

/** A block_actions payload for a button click on a message from `/health` (has a response_url) or the Home (none). */
export function buttonClick(fake: FakeSlack, actionId: string, value: string, user = U.csm, where: 'message' | 'home' = 'message'): Record<string, unknown> {
  const base = {
    type: 'block_actions',
    user: { id: user, username: 'u', name: 'u', team_id: 'T0001' },
    api_app_id: 'A0001',
    token: 'x',
    trigger_id: `trig.${Math.random().toString(36).slice(2)}`,
    team: { id: 'T0001', domain: 'fake' },
    actions: [{ type: 'button', action_id: actionId, block_id: 'b', value, action_ts: `${Date.now() / 1000}`, text: { type: 'plain_text', text: 'x' } }],
  };
  if (where === 'home') return { ...base, container: { type: 'view', view_id: 'V1' }, view: { id: 'V1', type: 'home', private_metadata: '{}' } };
  return {
    ...base,
    container: { type: 'message', message_ts: '1.1', channel_id: 'C0001', is_ephemeral: true },
    channel: { id: 'C0001', name: 'cs-team' },
    response_url: `${fake.url}response/action`,
  };
}

/**
 * One harness per test file: started before the first test, closed after the last, and after every test each
 * payload the app sent is checked against Block Kit limits and the fake's recording is cleared.
 */
export function useHarness(opts?: Parameters<typeof startHarness>[0]): Harness {
  let h: Harness | undefined;
  beforeAll(async () => {
    h = await startHarness(opts);
  });
  afterAll(() => h?.close());
  afterEach(() => {
    assertAllSentWithinLimits(h!.fake);
    h!.fake.reset();
  });
  // Tests hold the handle before beforeAll runs; forward to the started harness (its members are closures).
  return new Proxy({} as Harness, { get: (_t, key) => Reflect.get(h as Harness, key) });
}
