import type { AllMiddlewareArgs, AnyMiddlewareArgs } from '@slack/bolt';
import { noticeHomeView } from '../../blocks/home';
import { noticeModal } from '../../blocks/outreach-modal';
import type { SlackDeps } from './deps';

export const GUEST_MESSAGE =
  'Bellwether is available to full members of this workspace only, so guest accounts cannot use it. Ask your Customer Success team if you need account health details.';
const UNVERIFIED_MESSAGE = "I couldn't verify your Slack account just now. Please try again in a minute.";

/** The acting user of any Bolt request, whatever its shape. */
export function actingUserId(body: Record<string, unknown>, payload: Record<string, unknown>): string | undefined {
  if (typeof body.user_id === 'string') return body.user_id; // slash command
  const u = body.user as { id?: string } | undefined;
  if (u && typeof u.id === 'string') return u.id; // block_actions, view_submission
  if (typeof payload.user === 'string') return payload.user; // events such as app_home_opened
  return undefined;
}

/**
 * Global middleware: Slack guests (restricted / ultra-restricted users) may not use the app. Each kind of
 * request is refused the way its surface allows (ack text, ephemeral reply, modal, Home).
 */
export function guestGuard(deps: SlackDeps) {
  return async (args: AnyMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    if (deps.config.slack.allowGuests) return args.next();
    const body = args.body as unknown as Record<string, unknown>;
    const userId = actingUserId(body, args.payload as unknown as Record<string, unknown>);
    if (!userId) return args.next();
    const verdict = await deps.guests.verdict(args.client, userId);
    if (verdict === 'member') return args.next();
    const message = verdict === 'guest' ? GUEST_MESSAGE : UNVERIFIED_MESSAGE;
    deps.logger.info(`refused ${verdict} user ${userId} (${String(body.type ?? body.command ?? 'event')})`);
    const a = args as unknown as {
      ack?: (r?: unknown) => Promise<void>;
      respond?: (r: unknown) => Promise<unknown>;
    };
    if (body.command) {
      await a.ack?.({ response_type: 'ephemeral', text: message });
      return;
    }
    if (body.type === 'view_submission') {
      await a.ack?.({ response_action: 'update', view: noticeModal('Not available', message) });
      return;
    }
    if (body.type === 'block_actions') {
      await a.ack?.();
      if (a.respond && body.response_url) await a.respond({ response_type: 'ephemeral', replace_original: false, text: message });
      else if (typeof body.trigger_id === 'string') await args.client.views.open({ trigger_id: body.trigger_id, view: noticeModal('Not available', message) });
      return;
    }
    const event = args.payload as unknown as { type?: string };
    if (event.type === 'app_home_opened') {
      await args.client.views.publish({ user_id: userId, view: noticeHomeView(message) });
    }
    await a.ack?.();
  };
}
