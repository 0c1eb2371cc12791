import type { App } from '@slack/bolt';
import { CallbackIds, ReassignInput, ResolveInputs, SNOOZE_DAYS, SnoozeInputs } from '../../../../blocks/action-ids';
import { parseGroupModalMeta, RESOLVE_NOTE_MAX } from '../../../../blocks/resolve-modal';
import type { AlertClick } from '../../../alerts/actions';
import { isSlackUserId } from '../../../team/slack-user';
import { isSnoozeReason, SNOOZE_NOTE_MAX } from '../../../alerts/snooze-reason';
import { RESOLUTION_REASONS, type ResolutionReason } from '../../../alerts/transitions';
import type { SlackDeps } from '../../deps';
import { publishHome } from '../../home-publisher';

const LOST = 'This form lost its alert; please open it again from the message.';

type StateValues = Record<string, Record<string, { selected_option?: { value?: unknown } | null; value?: unknown }>>;

/** The submission as a resolve click, or an error per block (the payload comes from the client: check everything). */
export function toResolveClick(privateMetadata: unknown, values: StateValues): { click: AlertClick } | { errors: Record<string, string> } {
  const alertId = parseGroupModalMeta(privateMetadata);
  if (alertId === null) return { errors: { [ResolveInputs.reason.block]: LOST } };
  const reason = values[ResolveInputs.reason.block]?.[ResolveInputs.reason.action]?.selected_option?.value;
  if (typeof reason !== 'string' || !RESOLUTION_REASONS.includes(reason as ResolutionReason))
    return { errors: { [ResolveInputs.reason.block]: 'Choose why it is resolved.' } };
  const raw = values[ResolveInputs.note.block]?.[ResolveInputs.note.action]?.value;
  const note = typeof raw === 'string' && raw.trim() ? raw.trim() : null;
  if (note && note.length > RESOLVE_NOTE_MAX) return { errors: { [ResolveInputs.note.block]: `Keep the note under ${RESOLVE_NOTE_MAX} characters.` } };
  return { click: { kind: 'resolve', alertId, reason: reason as ResolutionReason, note } };
}

/** The snooze submission as a click (duration, reason, optional note), or an error per block. The cap is checked when applied. */
export function toSnoozeClick(privateMetadata: unknown, values: StateValues): { click: AlertClick } | { errors: Record<string, string> } {
  const alertId = parseGroupModalMeta(privateMetadata);
  if (alertId === null) return { errors: { [SnoozeInputs.days.block]: LOST } };
  const days = Number(values[SnoozeInputs.days.block]?.[SnoozeInputs.days.action]?.selected_option?.value);
  if (!(SNOOZE_DAYS as readonly number[]).includes(days)) return { errors: { [SnoozeInputs.days.block]: 'Choose how long to snooze.' } };
  const reason = values[SnoozeInputs.reason.block]?.[SnoozeInputs.reason.action]?.selected_option?.value;
  if (!isSnoozeReason(reason)) return { errors: { [SnoozeInputs.reason.block]: 'Choose why it is snoozed.' } };
  const raw = values[SnoozeInputs.note.block]?.[SnoozeInputs.note.action]?.value;
  const note = typeof raw === 'string' && raw.trim() ? raw.trim() : null;
  if (note && note.length > SNOOZE_NOTE_MAX) return { errors: { [SnoozeInputs.note.block]: `Keep the note under ${SNOOZE_NOTE_MAX} characters.` } };
  return { click: { kind: 'snooze', alertId, days, reason, note } };
}

/** The reassign submission as a click, or an error for the picker. */
export function toReassignClick(
  privateMetadata: unknown,
  values: Record<string, Record<string, { selected_user?: unknown }>>,
): { click: AlertClick } | { errors: Record<string, string> } {
  const alertId = parseGroupModalMeta(privateMetadata);
  if (alertId === null) return { errors: { [ReassignInput.block]: LOST } };
  const to = values[ReassignInput.block]?.[ReassignInput.action]?.selected_user;
  if (typeof to !== 'string' || !isSlackUserId(to)) return { errors: { [ReassignInput.block]: 'Choose a person.' } };
  return { click: { kind: 'reassign', alertId, to } };
}

/**
 * A group modal submitted (Resolve, Reassign): the click is saved in the inbox before the ack (never lost) and
 * applied by the inbox (permission, then the transition that re-renders every copy with interactive priority);
 * a refusal shows inline on `errorBlock`.
 */
function registerGroupModalSubmitted(
  app: App,
  deps: SlackDeps,
  callbackId: string,
  errorBlock: string,
  parse: (meta: unknown, values: never) => { click: AlertClick } | { errors: Record<string, string> },
): void {
  app.view(callbackId, async ({ ack, view, body, client }) => {
    const parsed = parse(view.private_metadata, (view.state?.values ?? {}) as never);
    if ('errors' in parsed) {
      await ack({ response_action: 'errors', errors: parsed.errors });
      return;
    }
    const out = await deps.inbox.apply(deps.inbox.save(body.user.id, parsed.click));
    if (!out.ok) {
      await ack({ response_action: 'errors', errors: { [errorBlock]: out.message } });
      return;
    }
    await ack();
    deps.logger.info(`alert #${parsed.click.alertId} ${parsed.click.kind} by ${body.user.id}`);
    try {
      await publishHome(client, deps.db, deps.config, body.user.id, deps.clock());
    } catch (e) {
      deps.logger.warn(`App Home refresh after alert #${parsed.click.alertId} ${parsed.click.kind} failed: ${(e as Error).message}`);
    }
  });
}

export function registerResolveSubmitted(app: App, deps: SlackDeps): void {
  registerGroupModalSubmitted(app, deps, CallbackIds.resolveModal, ResolveInputs.reason.block, toResolveClick as never);
}

export function registerReassignSubmitted(app: App, deps: SlackDeps): void {
  registerGroupModalSubmitted(app, deps, CallbackIds.reassignModal, ReassignInput.block, toReassignClick as never);
}

export function registerSnoozeSubmitted(app: App, deps: SlackDeps): void {
  registerGroupModalSubmitted(app, deps, CallbackIds.snoozeModal, SnoozeInputs.days.block, toSnoozeClick as never);
}
