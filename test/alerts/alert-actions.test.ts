/** Button → chat.update round trips: signed HTTP into the real Bolt app, the outbox, the worker, the fake Slack API. */
import { LogLevel } from '@slack/bolt';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db';
import { ActionIds, CallbackIds } from '../../blocks/action-ids';
import { evaluateAlerts } from '../../src/alerts/evaluate';
import { alertEvents, getAlert, stepCompletions } from '../../src/alerts/store';
import { createDeliveryWebClient, createSlackTransport } from '../../src/delivery/transports/slack';
import { drainOutbox } from '../../src/delivery/worker';
import { fixedClock } from '../../src/lib/clock';
import { loadPlaybooks } from '../../src/playbooks/load';
import { type SlackAppHandle, createSlackApp } from '../../src/slack/app';
import { assertWithinBlockKitLimits } from '../support/blockkit-limits';
import { testDb } from '../support/db';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack';
import { messageClick, viewSubmission } from '../support/block-actions';
import { postInteraction } from '../support/signed-request';
import { MANAGER, OWNER, VP, seedAccount, seedScore, seedTeam, testConfig } from './fixtures';

const SECRET = 'alert-test-secret';
const NOW = new Date('2026-11-23T10:42:00Z');
const config = testConfig();
let fake: FakeSlack;
let db: Db;
let slack: SlackAppHandle;
let url: string;

beforeAll(async () => {
  fake = await startFakeSlack();
});
afterAll(() => fake.close());

beforeEach(async () => {
  await slack?.stop();
  fake.reset();
  for (const id of [OWNER, MANAGER, VP, 'UOTHER1']) fake.users.set(id, { id });
  db = testDb();
  seedTeam(db);
  db.$client.prepare("insert into team_members (email, name, slack_id, role, updated_at) values ('o@x.io', 'Other', 'UOTHER1', 'csm', '2026-01-01')").run();
  seedAccount(db, 'acme', { name: 'Acme' });
  seedScore(db, 'acme', '2026-11-22', 40, { drivers: [{ id: 'usage_decline' }] });
  evaluateAlerts(db, { config, playbooks: loadPlaybooks('playbooks'), now: new Date('2026-11-23T10:00:00Z') });
  // keep one alert (tier_drop, with the usage-decline playbook via its top driver)
  db.$client.prepare('delete from alerts where id != 1').run();
  db.$client.prepare('delete from outbox where alert_id != 1').run();
  slack = createSlackApp({
    db,
    config,
    env: { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.url, PORT: 0 },
    clock: fixedClock(NOW),
    logLevel: LogLevel.ERROR,
  });
  url = `http://127.0.0.1:${(await slack.start(0)).port}/slack/events`;
  await deliver();
});
afterAll(() => slack?.stop());

const deliver = () =>
  drainOutbox(db, createSlackTransport(createDeliveryWebClient('xoxb-test', fake.url)), {
    config: { perChannelIntervalMs: 0 },
    clock: fixedClock(NOW),
    log: () => {},
  });

/** A click on the user's own copy of the alert (a DM message from the bot). */
function click(user: string, action: Record<string, unknown>) {
  const copy = db.$client
    .prepare('select s.channel, s.ts from alert_messages m join slack_messages s on s.key = m.message_key where m.alert_id = 1 and m.recipient = ?')
    .get(user === VP ? OWNER : user) as { channel: string; ts: string };
  return postInteraction(url, SECRET, messageClick({ user, channel: copy.channel, ts: copy.ts, action, responseUrl: `${fake.url}response/${user}` }));
}

async function until<T>(check: () => T, what: string): Promise<NonNullable<T>> {
  for (let i = 0; i < 500; i++) {
    const v = check();
    if (v) return v as NonNullable<T>;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const ack = { type: 'button', action_id: ActionIds.acknowledge, value: '1', text: { type: 'plain_text', text: 'Acknowledge' } };
const step = (stepId: string, checked: boolean) => ({
  type: 'checkboxes',
  action_id: `${ActionIds.completeStep}:1:${stepId}`,
  selected_options: checked ? [{ value: `1:${stepId}`, text: { type: 'mrkdwn', text: 'Done' } }] : [],
});
const responses = (user: string) => fake.calls.filter((c) => c.method === `response/${user}`).map((c) => String(c.args.text));

describe('alert buttons over signed HTTP through the real Bolt app', () => {
  it('Acknowledge → every copy (owner and manager) is updated in place: "Acknowledged by <@U…> at 10:42"', async () => {
    expect(fake.callsTo('chat.postMessage')).toHaveLength(2);
    const r = await click(OWNER, ack);
    expect(r.status).toBe(200);
    await until(() => getAlert(db, 1)!.status === 'acknowledged', 'ack');
    await deliver();
    const ups = fake.callsTo('chat.update');
    expect(ups.map((u) => u.args.channel).sort()).toEqual(['DMGR1', 'DOWNER1']);
    for (const u of ups) {
      assertWithinBlockKitLimits(u.args, 'message');
      expect(JSON.stringify(u.args.blocks)).toContain(
        `Acknowledged by <@${OWNER}> at <!date^${Math.floor(NOW.getTime() / 1000)}^{time} on {date_short}|2026-11-23 10:42 UTC>`,
      );
    }
    const [owner, manager] = fake.messages;
    expect(JSON.stringify(owner.blocks)).toBe(JSON.stringify(manager.blocks)); // consistent copies
    expect(alertEvents(db, 1).at(-1)).toMatchObject({ kind: 'acknowledged', actor: OWNER, source: 'slack' });
    expect(responses(OWNER)).toEqual([]); // the message itself shows it; no extra noise
    // The clicker's App Home is re-published with the new state.
    const home = await until(() => fake.callsTo('views.publish').find((c) => c.args.user_id === OWNER), 'App Home refresh');
    assertWithinBlockKitLimits(home.args.view as Record<string, unknown>, 'home');
  });

  it('step checkbox: one click records who/when; a second person ticking the same step is told who won; copies agree', async () => {
    await click(MANAGER, step('review-usage', true));
    await until(() => stepCompletions(db, 1).size === 1, 'step');
    await click(OWNER, step('review-usage', true));
    await until(() => responses(OWNER).length === 1, 'refusal');
    expect(responses(OWNER)[0]).toContain(`Already done by <@${MANAGER}>.`);
    expect(stepCompletions(db, 1).get('review-usage')).toEqual({ by: MANAGER, at: NOW.toISOString() });
    await deliver();
    for (const m of fake.messages) {
      expect(JSON.stringify(m.blocks)).toContain(`Done by <@${MANAGER}>`);
      expect(JSON.stringify(m.blocks)).toContain('1/4 done');
    }
    // unticking reopens it
    await click(OWNER, step('review-usage', false));
    await until(() => stepCompletions(db, 1).size === 0, 'reopen');
    await deliver();
    for (const m of fake.messages) expect(JSON.stringify(m.blocks)).toContain('0/4 done');
  });

  it('Snooze (select 7 days) → snoozed, every copy says until when', async () => {
    await click(OWNER, {
      type: 'static_select',
      action_id: ActionIds.snooze,
      selected_option: { value: '1:7', text: { type: 'plain_text', text: 'Snooze 7 days' } },
    });
    await until(() => getAlert(db, 1)!.status === 'snoozed', 'snooze');
    expect(getAlert(db, 1)!.snoozedUntil).toBe('2026-11-30T10:42:00.000Z');
    await deliver();
    for (const m of fake.messages) expect(JSON.stringify(m.blocks)).toContain(':zzz: Snoozed until');
  });

  it('someone who may not act on the account is refused (ephemeral) and nothing changes', async () => {
    const other = 'UOTHER1';
    db.$client
      .prepare("insert into alert_messages (alert_id, recipient, role, message_key, created_at) values (1, ?, 'x', 'alert:1:' || ?, '2026-11-23')")
      .run(other, other);
    db.$client
      .prepare("insert into slack_messages (key, address, channel, ts, created_at) values ('alert:1:' || ?, ?, 'DOTHER1', '1.9', '2026-11-23')")
      .run(other, other);
    await click(other, ack);
    await until(() => responses(other).length === 1, 'refusal');
    expect(responses(other)[0]).toContain('Only the account owner');
    expect(getAlert(db, 1)!.status).toBe('open');
    await deliver();
    expect(fake.callsTo('chat.update')).toHaveLength(0);
  });

  it('a malformed payload is answered politely, never crashes the app', async () => {
    await click(OWNER, { type: 'checkboxes', action_id: `${ActionIds.completeStep}:junk`, selected_options: [] });
    await until(() => responses(OWNER).length === 1, 'warning');
    expect(responses(OWNER)[0]).toContain('did not carry a readable alert reference');
    const r = await click(OWNER, ack);
    expect(r.status).toBe(200);
  });

  it('logging outreach is a touch: every copy re-renders with "call by @owner" and the group counts as acknowledged', async () => {
    const submission = viewSubmission({
      user: OWNER,
      callbackId: CallbackIds.outreachModal,
      viewId: 'VTOUCH1',
      privateMetadata: JSON.stringify({ accountId: 'acme', alertId: 1 }),
      values: {
        outreach_type: { outreach_type_value: { type: 'static_select', selected_option: { value: 'call', text: { type: 'plain_text', text: 'call' } } } },
        outreach_notes: { outreach_notes_value: { type: 'plain_text_input', value: 'Spoke to the champion' } },
        outreach_outcome: { outreach_outcome_value: { type: 'plain_text_input', value: null } },
        outreach_next_step: { outreach_next_step_value: { type: 'datepicker', selected_date: null } },
      },
    });
    const r = await postInteraction(url, SECRET, submission);
    expect(r.status).toBe(200);
    // saved with the touch before the ack
    expect(getAlert(db, 1)).toMatchObject({ status: 'acknowledged', acknowledgedBy: OWNER });
    expect(
      alertEvents(db, 1)
        .slice(-2)
        .map((e) => [e.kind, e.actor]),
    ).toEqual([
      ['touched', OWNER],
      ['acknowledged', OWNER],
    ]);
    await deliver();
    const ups = fake.callsTo('chat.update');
    expect(ups.map((u) => u.args.channel).sort()).toEqual(['DMGR1', 'DOWNER1']); // every copy
    for (const u of ups) {
      const blocks = JSON.stringify(u.args.blocks);
      expect(blocks).toContain(`call by <@${OWNER}> today`);
      expect(blocks).not.toContain('none logged');
      expect(String(u.args.text)).not.toMatch(/\bU[A-Z0-9]{5,}\b(?!>)/); // no raw id in the fallback text
    }
  });

  it('Resolve… opens the reason modal; submitting it resolves the whole group with the reason and note, every copy says so', async () => {
    await click(OWNER, { type: 'button', action_id: ActionIds.resolve, value: '1', text: { type: 'plain_text', text: 'Resolve…' } });
    const opened = await until(() => fake.callsTo('views.open')[0], 'resolve modal');
    const modal = opened.args.view as { callback_id: string; private_metadata: string };
    assertWithinBlockKitLimits(modal as never, 'modal');
    expect(modal.callback_id).toBe(CallbackIds.resolveModal);
    const submit = (values: Record<string, unknown>) =>
      postInteraction(
        url,
        SECRET,
        viewSubmission({ user: OWNER, callbackId: CallbackIds.resolveModal, viewId: 'VRES1', privateMetadata: modal.private_metadata, values }),
      );
    // no reason chosen: an inline error, nothing changes
    const missing = await submit({ resolve_reason: { resolve_reason_value: { type: 'static_select', selected_option: null } } });
    expect(missing.json).toEqual({ response_action: 'errors', errors: { resolve_reason: 'Choose why it is resolved.' } });
    expect(getAlert(db, 1)!.status).toBe('open');
    const r = await submit({
      resolve_reason: { resolve_reason_value: { type: 'static_select', selected_option: { value: 'saved', text: { type: 'plain_text', text: 'Saved' } } } },
      resolve_note: { resolve_note_value: { type: 'plain_text_input', value: 'Exec sponsor <!here> re-engaged' } },
    });
    expect(r.status).toBe(200);
    expect(getAlert(db, 1)).toMatchObject({
      status: 'resolved',
      resolvedBy: OWNER,
      resolutionReason: 'saved',
      resolutionNote: 'Exec sponsor <!here> re-engaged',
    });
    await deliver();
    const ups = fake.callsTo('chat.update');
    expect(ups.map((u) => u.args.channel).sort()).toEqual(['DMGR1', 'DOWNER1']);
    for (const u of ups) expect(JSON.stringify(u.args.blocks)).toContain(`Resolved by <@${OWNER}>`);
    expect(JSON.stringify(ups[0].args.blocks)).toContain('saved: Exec sponsor &lt;!here&gt; re-engaged');
  });

  it('Snooze… opens a modal (duration + reason + note); over the critical cap is refused inline; a valid snooze goes through the inbox and every copy says until when, by whom and why', async () => {
    for (const m of fake.messages) expect(JSON.stringify(m.blocks)).toContain(`"action_id":"${ActionIds.snoozeWithReason}"`);
    db.$client.prepare("update alerts set severity = 'critical' where id = 1").run();
    await click(OWNER, { type: 'button', action_id: ActionIds.snoozeWithReason, value: '1', text: { type: 'plain_text', text: 'Snooze…' } });
    const opened = await until(() => fake.callsTo('views.open')[0], 'snooze modal');
    const modal = opened.args.view as { callback_id: string; private_metadata: string };
    assertWithinBlockKitLimits(modal as never, 'modal');
    expect(modal.callback_id).toBe(CallbackIds.snoozeModal);
    expect(JSON.stringify(modal)).toContain('at most 7 days unless a manager snoozes it');
    const sel = (value: string | null) => ({ type: 'static_select', selected_option: value ? { value, text: { type: 'plain_text', text: value } } : null });
    const submit = (user: string, days: string | null, reason: string | null, note?: string) =>
      postInteraction(
        url,
        SECRET,
        viewSubmission({
          user,
          callbackId: CallbackIds.snoozeModal,
          viewId: 'VSNZ1',
          privateMetadata: modal.private_metadata,
          values: {
            snooze_days: { snooze_days_value: sel(days) },
            snooze_reason: { snooze_reason_value: sel(reason) },
            ...(note ? { snooze_note: { snooze_note_value: { type: 'plain_text_input', value: note } } } : {}),
          },
        }),
      );
    expect((await submit(OWNER, null, 'other')).json).toEqual({ response_action: 'errors', errors: { snooze_days: 'Choose how long to snooze.' } });
    expect((await submit(OWNER, '7', null)).json).toEqual({ response_action: 'errors', errors: { snooze_reason: 'Choose why it is snoozed.' } });
    expect((await submit(OWNER, '7', 'bored')).json).toEqual({ response_action: 'errors', errors: { snooze_reason: 'Choose why it is snoozed.' } });
    // a CSM may not snooze a critical group for 30 days: refused inline, nothing changes
    expect((await submit(OWNER, '30', 'known_issue')).json).toEqual({
      response_action: 'errors',
      errors: { snooze_days: 'A critical alert can be snoozed for at most 7 days unless a manager snoozes it.' },
    });
    expect(getAlert(db, 1)!.status).toBe('open');
    const r = await submit(OWNER, '7', 'waiting_on_customer', 'Renewal <!here> call on Friday');
    expect(r.status).toBe(200);
    expect(getAlert(db, 1)).toMatchObject({ status: 'snoozed', snoozedUntil: '2026-11-30T10:42:00.000Z' });
    expect(alertEvents(db, 1).at(-1)).toMatchObject({
      kind: 'snoozed',
      actor: OWNER,
      source: 'slack',
      data: { days: 7, reason: 'waiting_on_customer', note: 'Renewal <!here> call on Friday' },
    });
    await deliver();
    const ups = fake.callsTo('chat.update');
    expect(ups.map((u) => u.args.channel).sort()).toEqual(['DMGR1', 'DOWNER1']);
    for (const u of ups) {
      assertWithinBlockKitLimits(u.args, 'message');
      expect(JSON.stringify(u.args.blocks)).toContain(`by <@${OWNER}>: waiting on customer (Renewal &lt;!here&gt; call on Friday)`);
    }
    // a manager may snooze it for 30 days
    await submit(MANAGER, '30', 'known_issue');
    expect(getAlert(db, 1)!.snoozedUntil).toBe('2026-12-23T10:42:00.000Z');
  });

  it('Acknowledge then Unacknowledge: the group is open again with a fresh SLA; the copies offer Acknowledge again', async () => {
    await click(OWNER, ack);
    await until(() => getAlert(db, 1)!.status === 'acknowledged', 'ack');
    await deliver();
    const lastBlocks = () => JSON.stringify(fake.callsTo('chat.update').at(-1)!.args.blocks);
    expect(lastBlocks()).toContain(ActionIds.unacknowledge);
    await click(OWNER, { type: 'button', action_id: ActionIds.unacknowledge, value: '1', text: { type: 'plain_text', text: 'Unacknowledge' } });
    await until(() => getAlert(db, 1)!.status === 'open', 'unack');
    expect(getAlert(db, 1)).toMatchObject({ acknowledgedBy: null, slaDueAt: '2026-11-25T10:42:00.000Z' });
    expect(alertEvents(db, 1).at(-1)).toMatchObject({ kind: 'unacknowledged', actor: OWNER, source: 'slack' });
    await deliver();
    expect(lastBlocks()).toContain(ActionIds.acknowledge);
  });

  it('Reassign… picks a person in a modal; the chain is rebuilt, the old copies are told in thread, the new owner gets a copy', async () => {
    await click(OWNER, { type: 'button', action_id: ActionIds.reassign, value: '1', text: { type: 'plain_text', text: 'Reassign…' } });
    const opened = await until(() => fake.callsTo('views.open')[0], 'reassign modal');
    const modal = opened.args.view as { callback_id: string; private_metadata: string };
    assertWithinBlockKitLimits(modal as never, 'modal');
    expect(modal.callback_id).toBe(CallbackIds.reassignModal);
    const submit = (user: unknown) =>
      postInteraction(
        url,
        SECRET,
        viewSubmission({
          user: MANAGER,
          callbackId: CallbackIds.reassignModal,
          viewId: 'VRA1',
          privateMetadata: modal.private_metadata,
          values: { reassign_to: { reassign_to_value: { type: 'users_select', selected_user: user } } },
        }),
      );
    expect((await submit(null)).json).toEqual({ response_action: 'errors', errors: { reassign_to: 'Choose a person.' } });
    expect((await submit('UNOBODY1')).json).toEqual({
      response_action: 'errors',
      errors: { reassign_to: '"UNOBODY1" is not in the team table (give an email or Slack user id)' },
    });
    const r = await submit('UOTHER1');
    expect(r.status).toBe(200);
    expect(getAlert(db, 1)!.chain.levels[0][0].id).toBe('UOTHER1');
    await deliver();
    const replies = fake.callsTo('chat.postMessage').filter((c) => c.args.thread_ts);
    expect(replies.map((c) => c.args.channel).sort()).toEqual(['DMGR1', 'DOWNER1']);
    expect(String(replies[0].args.text)).toBe(`:arrows_counterclockwise: Reassigned to <@UOTHER1> by <@${MANAGER}>.`);
    expect(fake.callsTo('chat.postMessage').some((c) => c.args.channel === 'UOTHER1' || c.args.channel === 'DOTHER1')).toBe(true);
  });
});
