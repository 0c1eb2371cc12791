/** Build and send requests to the Bolt HTTP receiver exactly as Slack does, signed with v0 HMAC-SHA256. */
import { createHmac } from 'node:crypto';

export function slackSignature(secret: string, timestampSec: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestampSec}:${body}`).digest('hex')}`;
}

export interface SendOptions {
  /** Override the signing secret (wrong signature), or null to send unsigned. */
  secret?: string | null;
  /** Seconds since epoch to sign with (stale requests). */
  timestampSec?: number;
}

async function send(url: string, body: string, contentType: string, secret: string, opts: SendOptions = {}) {
  const ts = opts.timestampSec ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = { 'content-type': contentType };
  const useSecret = opts.secret === undefined ? secret : opts.secret;
  if (useSecret !== null) {
    headers['x-slack-request-timestamp'] = String(ts);
    headers['x-slack-signature'] = slackSignature(useSecret, ts, body);
  }
  const res = await fetch(url, { method: 'POST', headers, body });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json: json as Record<string, unknown> | undefined };
}

/** A slash command (form-encoded). */
export function postCommand(url: string, secret: string, fields: Record<string, string>, opts?: SendOptions) {
  const body = new URLSearchParams({
    token: 'legacy-unused',
    team_id: 'T0001',
    channel_id: 'C0001',
    response_url: 'http://127.0.0.1:9/never',
    trigger_id: '123.456.abc',
    command: '/health',
    ...fields,
  }).toString();
  return send(url, body, 'application/x-www-form-urlencoded', secret, opts);
}

/** An interactivity payload (block_actions, view_submission…): form-encoded `payload=<json>`. */
export function postInteraction(url: string, secret: string, payload: Record<string, unknown>, opts?: SendOptions) {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return send(url, body, 'application/x-www-form-urlencoded', secret, opts);
}

/** A form body exactly as given (e.g. a repeated field Slack would never send), signed like any other. */
export function postForm(url: string, secret: string, body: string, opts?: SendOptions) {
  return send(url, body, 'application/x-www-form-urlencoded', secret, opts);
}

/** An Events API callback (JSON). */
export function postEvent(url: string, secret: string, event: Record<string, unknown>, opts?: SendOptions) {
  const body = JSON.stringify({
    token: 'x',
    team_id: 'T0001',
    api_app_id: 'A0001',
    type: 'event_callback',
    event_id: `Ev${Date.now()}${Math.random().toString(36).slice(2, 8)}`,
    event_time: Math.floor(Date.now() / 1000),
    event,
  });
  return send(url, body, 'application/json', secret, opts);
}
