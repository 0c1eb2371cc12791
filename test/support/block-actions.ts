/** A signed `block_actions` payload: a click on a button or menu in a bot message (e.g. an alert copy). */
export function messageClick(o: {
  user: string;
  channel: string;
  ts: string;
  action: Record<string, unknown>;
  responseUrl: string;
  channelName?: string;
}): Record<string, unknown> {
  return {
    type: 'block_actions',
    user: { id: o.user, username: 'u', name: 'u', team_id: 'T0001' },
    api_app_id: 'A0001',
    token: 'x',
    trigger_id: 'trig.1',
    team: { id: 'T0001', domain: 'fake' },
    container: { type: 'message', message_ts: o.ts, channel_id: o.channel, is_ephemeral: false },
    channel: { id: o.channel, name: o.channelName ?? 'directmessage' },
    message: { ts: o.ts, text: 'x' },
    response_url: o.responseUrl,
    actions: [{ block_id: 'b', action_ts: `${Date.now() / 1000}`, ...o.action }],
  };
}

/** A view_submission as Slack sends it (the modal's private_metadata and state values as given). */
export function viewSubmission(o: { user: string; callbackId: string; viewId: string; privateMetadata: string; values: Record<string, unknown> }) {
  return {
    type: 'view_submission',
    team: { id: 'T0001', domain: 'fake' },
    user: { id: o.user, username: 'u', name: 'u', team_id: 'T0001' },
    api_app_id: 'A0001',
    token: 'x',
    trigger_id: 't.1',
    view: { id: o.viewId, type: 'modal', callback_id: o.callbackId, private_metadata: o.privateMetadata, state: { values: o.values }, hash: 'h' },
  };
}
