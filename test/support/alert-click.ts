/** A signed-request body for a click on an alert DM's Acknowledge button, as Slack sends it. */
import { ActionIds } from '../../blocks/action-ids';

export function acknowledgeClick(user: string, alertId: number, responseUrl: string): Record<string, unknown> {
  const dm = `D${user.slice(1)}`;
  return {
    type: 'block_actions',
    user: { id: user, username: 'u', name: 'u', team_id: 'T0001' },
    api_app_id: 'A0001',
    token: 'x',
    trigger_id: 'trig.1',
    team: { id: 'T0001', domain: 'fake' },
    container: { type: 'message', message_ts: '1.1', channel_id: dm, is_ephemeral: false },
    channel: { id: dm, name: 'directmessage' },
    message: { ts: '1.1', text: 'x' },
    response_url: responseUrl,
    actions: [{ type: 'button', action_id: ActionIds.acknowledge, block_id: 'b', value: String(alertId), action_ts: '1.1' }],
  };
}
